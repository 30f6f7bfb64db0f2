import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@rectify/config';
import { createApp } from './app.factory.js';
import { defaultWebRoot } from './web-app.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const app = await createApp(config, { webRoot: defaultWebRoot() });
  await app.listen(config.port, '0.0.0.0');
  const url = await app.getUrl();
  const base = url.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  new Logger('Rectify').log(`Listening on ${base} — 整改工作台 at ${base}/, API at ${base}/api/v1, Swagger UI at ${base}/api/docs`);
}

main().catch((error: unknown) => {
  // A refusal found while starting (ADMIN_PASSWORD against the password policy) is a configuration error too.
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  throw error;
});
