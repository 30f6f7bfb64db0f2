export * from './policy.js';
export * from './policy-limits.js';
export * from './policy-validation.util.js';
export * from './policy.service.js';
export * from './policies.module.js';
export * from './dto/policy.dto.js';
export * from './closure-authority.util.js';
