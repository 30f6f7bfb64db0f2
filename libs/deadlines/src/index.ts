export * from './sweep-registry.js';
export * from './deadlines.module.js';
