// One sweeper process for the multi-process test: boots the application (no HTTP) on the given
// database at the given (manual) time, says "ready", waits for "go" on stdin, sweeps once and prints
// the report as one JSON line. Run with: node --import ./escalation-sweeper-loader.mjs <this> <url> <now>
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@rectify/config';
import { SweepService } from '@rectify/deadlines';
import { AppModule } from '../../apps/api/src/app.module.js';

const [databaseUrl, now] = process.argv.slice(2);
const config = loadConfig(
  { SEED: 'none', APP_CLOCK: 'manual', APP_CLOCK_START: now, SWEEP_INTERVAL_SECONDS: '0', LOG_LEVEL: 'error' },
  { databaseUrl, jwtSecret: 'child-secret', sqliteSynchronous: 'NORMAL' },
);
const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
await app.init();
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const report = await app.get(SweepService).run();
process.stdout.write(`${JSON.stringify(report)}\n`);
await app.close();
process.exit(0);
