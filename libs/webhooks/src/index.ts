export * from './webhook-event-type.js';
export * from './allowed-hosts.util.js';
export * from './retry-schedule.util.js';
export * from './webhook-request.util.js';
export * from './webhooks.service.js';
export * from './webhooks.module.js';
export * from './dto/webhook.dto.js';
export * from './webhook-delivery.worker.js';
