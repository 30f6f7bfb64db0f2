export * from './case-types.js';
export * from './case-guards.js';
export * from './case.machine.js';
export * from './case-workflow.util.js';
export * from './labels.zh.js';
export * from './case-definitions.js';
