export * from './assignment.module.js';
export * from './assignment-rule.js';
export * from './assignment-rules.service.js';
export * from './bulk-assignment.service.js';
export * from './bulk-assignment-limits.js';
export * from './rule-precedence.util.js';
export * from './dto/assignment-rule.dto.js';
export * from './dto/bulk-assignment.dto.js';
