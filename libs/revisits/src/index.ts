export * from './revisits.module.js';
