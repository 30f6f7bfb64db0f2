export * from './demo-data.js';
export * from './demo-seeder.service.js';
export * from './seeds.module.js';
