import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web app's policy: its own scripts only; inline styles because Element Plus sets them; images
 * from itself, data: and blob: (previews of attachments); API calls to the same origin.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Swagger UI (/api/docs) runs an inline initialiser and inline styles of its own. */
export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Security headers on every response, errors and static files included (issue 11 item 9): helmet's
 * set (nosniff, Referrer-Policy no-referrer, frame and cross-origin policies, HSTS) with our CSP per
 * path, `Cache-Control: no-store` on everything under /api/v1 (it carries personal data), and CORS
 * closed unless CORS_ORIGINS lists the origins allowed.
 *
 * Headers are set from an onSend hook on the Fastify reply, never through `res.setHeader` (with
 * @fastify/static 10 that is a 500).
 */
export async function registerSecurityHeaders(app: NestFastifyApplication, corsOrigins: readonly string[]): Promise<void> {
  await app.register(helmet, { contentSecurityPolicy: false, global: true });
  await app.register(cors, {
    origin: corsOrigins.length > 0 ? [...corsOrigins] : false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key'],
    exposedHeaders: ['ETag', 'Retry-After', 'Content-Disposition'],
    maxAge: 600,
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const path = request.url.split('?', 1)[0]!;
      reply.header('content-security-policy', path.startsWith('/api/docs') ? DOCS_CSP : APP_CSP);
      if (path.startsWith('/api/v1/')) reply.header('cache-control', 'no-store');
      return payload;
    });
}
