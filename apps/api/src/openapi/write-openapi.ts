import { writeFileSync } from 'node:fs';
import { loadConfig } from '@rectify/config';
import { createApp } from '../app.factory.js';
import { buildOpenApiDocument } from './openapi-document.js';

/** Writes the OpenAPI document without serving: an in-memory SQLite app, no seed, no sweeps. */
async function main(): Promise<void> {
  const out = process.argv[2] ?? 'dist/openapi.json';
  const config = loadConfig(
    { DATABASE_URL: 'sqlite::memory:', SEED: 'none', SWEEP_INTERVAL_SECONDS: '0', LOG_LEVEL: 'error' },
    { jwtSecret: 'openapi-document-only' },
  );
  const app = await createApp(config, { swaggerUi: false });
  await app.init();
  writeFileSync(out, JSON.stringify(buildOpenApiDocument(app), null, 2));
  await app.close();
  console.log(`OpenAPI document written to ${out}`);
}

void main();
