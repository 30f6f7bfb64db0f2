export * from './assignment.module.js';
