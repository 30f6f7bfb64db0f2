export * from './clock.js';
export * from './domain-error.js';
export * from './http-exception.filter.js';
export * from './ids.js';
export * from './canonical-json.js';
export * from './instants.js';
export * from './validation.js';
export * from './clock.module.js';
