import 'reflect-metadata';
import { Logger, ValidationPipe, type LogLevel } from '@nestjs/common';
import type { ValidatorOptions } from '@nestjs/common/interfaces/external/validator-options.interface.js';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '@rectify/config';
import { DomainError, errorHeaders, flattenValidationErrors, HttpExceptionFilter, passesValidation, STRICT_VALIDATION, toErrorBody, UnknownQueryInterceptor } from '@rectify/core';
import multipart from '@fastify/multipart';
import { CSV_CONTENT_TYPE, IMPORT_MAX_FILE_BYTES, XLSX_CONTENT_TYPE } from '@rectify/ledger';
import { AppModule } from './app.module.js';
import { useBoundedJsonParser } from './bounded-json-parser.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';
import { registerSecurityHeaders } from './security-headers.js';
import { serveWebApp } from './web-app.js';

/** Bodies above this are refused with 413 (SPEC §7). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

const LOG_LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/**
 * The global pipe, but a DTO that passes the checks compiled once per class (`passesValidation`) skips
 * class-validator's per-call metadata work; anything else — and every error message — is class-validator's.
 */
export class CompiledValidationPipe extends ValidationPipe {
  protected override validate(object: object, options?: ValidatorOptions) {
    const strict =
      options?.whitelist === true &&
      options.forbidNonWhitelisted === true &&
      options.forbidUnknownValues !== false &&
      !options.groups?.length &&
      !options.always &&
      !options.strictGroups &&
      !options.skipMissingProperties &&
      !options.skipNullProperties &&
      !options.skipUndefinedProperties;
    return strict && passesValidation(object) ? [] : super.validate(object, options);
  }
}

/** Builds the HTTP application (used by main.ts, the e2e tests and the benchmarks). */
export interface CreateAppOptions {
  /** Serve Swagger UI's static files (Jest's ESM VM cannot load @fastify/static; the JSON document is always served). */
  swaggerUi?: boolean;
  /** Serve the built web app from this directory at `/` (main.ts: dist/web). */
  webRoot?: string;
}

/** The OpenAPI document of a created app (served at /api/docs-json; the web client is generated from it). */
/** The OpenAPI document (scripts/openapi.mjs generates the web client from it; see apps/api/src/openapi/). */
export function openApiDocument(app: NestFastifyApplication) {
  return buildOpenApiDocument(app);
}

export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: true });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: LOG_LEVELS[config.logLevel],
    abortOnError: false,
  });
  app.setGlobalPrefix('api/v1');
  useBoundedJsonParser(app, BODY_LIMIT_BYTES);
  await registerSecurityHeaders(app, config.corsOrigins);
  // Uploads (ledger imports, evidence files — docs/attachments.md; per-route limits are passed where the
  // parts are read). The JSON body limit does not apply to multipart: these limits are its only bound.
  await app.register(multipart as never, {
    limits: { fileSize: Math.max(IMPORT_MAX_FILE_BYTES, config.attachments.maxFileBytes), files: 1, fields: 10, fieldSize: 64 * 1024 },
  });
  // A ledger may also come as the body itself (curl --data-binary @list.xlsx).
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser([XLSX_CONTENT_TYPE, CSV_CONTENT_TYPE], { parseAs: 'buffer', bodyLimit: IMPORT_MAX_FILE_BYTES }, (_request, body, done) => done(null, body));
  app.useGlobalPipes(
    new CompiledValidationPipe({
      ...STRICT_VALIDATION,
      transform: true,
      exceptionFactory: (errors) => {
        const messages = flattenValidationErrors(errors);
        return DomainError.validation(messages.join('; '), { errors: messages });
      },
    }),
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useGlobalInterceptors(new UnknownQueryInterceptor());
  // Errors raised by Fastify before Nest sees the request (bad JSON, body too large) get the same shape.
  app
    .getHttpAdapter()
    .getInstance()
    .setErrorHandler((error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      const body = toErrorBody(error);
      if (body.statusCode >= 500) new Logger('Fastify').error(error.stack ?? error.message);
      void reply.status(body.statusCode).headers(errorHeaders(body)).send(body);
    });

  // Built on the first request for it: an API-only server never pays its memory (idle RSS).
  const document = () => openApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    ui: options.swaggerUi ?? true,
    swaggerOptions: { persistAuthorization: true },
  });
  if (options.webRoot) await serveWebApp(app, options.webRoot);
  app.enableShutdownHooks();
  return app;
}
