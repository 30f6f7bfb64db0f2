export * from './policy.js';
export * from './policy.service.js';
export * from './policies.module.js';
