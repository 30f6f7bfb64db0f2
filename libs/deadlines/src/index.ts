export * from './sweep-registry.js';
export * from './sweep.service.js';
export * from './escalation-status.js';
export * from './escalation-ladder.util.js';
export * from './escalation-target.util.js';
export * from './escalation-inbox.service.js';
export * from './dto/escalation.dto.js';
export * from './deadlines.module.js';
