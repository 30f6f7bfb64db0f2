export * from './notification-kind.js';
export * from './notification-plan.util.js';
export * from './notification-recipient.util.js';
export * from './notifications.service.js';
export * from './notifications.module.js';
export * from './dto/notification.dto.js';
export * from './notification-stream.hub.js';
