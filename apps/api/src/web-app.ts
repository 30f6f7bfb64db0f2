import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toErrorBody, DomainError } from '@rectify/core';

/** Where `npm run build` puts the web app: dist/web, beside dist/apps. WEB_ROOT overrides it. */
export function defaultWebRoot(): string {
  return process.env.WEB_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../web');
}

/**
 * Serves the web app at `/`: hashed assets with a year-long immutable cache, every other path that is
 * not `/api/...` answered with index.html (client-side routes), which is never cached so a new build
 * is picked up at the next load. Does nothing (API only) when the directory has no index.html.
 */
export async function serveWebApp(app: NestFastifyApplication, root: string): Promise<boolean> {
  const indexPath = join(root, 'index.html');
  if (!existsSync(indexPath)) return false;
  const index = readFileSync(indexPath);
  const fastify = app.getHttpAdapter().getInstance();
  // Loaded only when the app is served: Jest's ESM VM cannot load @fastify/static (the e2e apps never serve it).
  const { default: fastifyStatic } = await import('@fastify/static');
  await app.register(fastifyStatic as never, {
    root: join(root, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    wildcard: false,
    immutable: true,
    maxAge: '365d',
    preCompressed: true,
  });
  const sendIndex = (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url === '/api' || request.url.startsWith('/api/')) {
      const body = toErrorBody(DomainError.notFound(`route ${request.method} ${request.url.split("?")[0]}`));
      return reply.status(404).send(body);
    }
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
  };
  fastify.get('/', sendIndex);
  fastify.get('/*', sendIndex);
  return true;
}
