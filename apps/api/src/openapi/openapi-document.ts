import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

type Json = Record<string, unknown>;

/**
 * The OpenAPI 3.1 document of the running app (served at /api/docs-json, linted by `npm run lint:openapi`,
 * and the schema every e2e response is validated against). Built from the decorators; two rules the
 * decorators cannot say are applied here, once for every operation (docs/api.md "The OpenAPI document").
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setOpenAPIVersion('3.1.0')
      .setTitle('Rectify API')
      .setDescription(
        'Rectification cases (整改) from report to closure and 回头看. Log in with POST /api/v1/auth/login, then press "Authorize" and paste the accessToken. ' +
          'The contract (states, events, roles, deadlines, errors) is docs/contract.md in the repository; API conventions are docs/api.md.',
      )
      .setVersion('1')
      .addServer('/', 'this server')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  const schemas = (document.components?.schemas ?? {}) as Record<string, Json>;
  const strict = new Set<string>();
  for (const path of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(path) as Array<[string, Json]>) {
      if (typeof operation !== 'object' || !operation || !('responses' in operation)) continue;
      // Operations without a bearer requirement are public (login, health): say so explicitly.
      if (!operation.security) operation.security = [];
      withGlobalErrors(operation, ['post', 'put', 'patch'].includes(method));
      const body = (operation.requestBody as Json | undefined)?.content as Record<string, { schema?: Json }> | undefined;
      for (const media of Object.values(body ?? {})) collectRefs(media.schema, schemas, strict);
    }
  }
  // The global validation pipe forbids unknown fields in every body (whitelist + forbidNonWhitelisted).
  for (const name of strict) {
    const schema = schemas[name]!;
    if (schema.type === 'object' && schema.additionalProperties === undefined) schema.additionalProperties = false;
  }
  unwrapSingleAllOf(document.components);
  document.info.license = { name: 'Proprietary (UNLICENSED)', identifier: 'LicenseRef-Proprietary' } as OpenAPIObject['info']['license'];
  return document;
}

/** `{allOf: [{$ref}], description}` (how Nest adds a description to a named enum or class) → `{$ref, description}`: 3.1 allows siblings of $ref. */
function unwrapSingleAllOf(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(unwrapSingleAllOf);
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  const allOf = schema.allOf;
  if (Array.isArray(allOf) && allOf.length === 1 && typeof (allOf[0] as Json).$ref === 'string' && schema.$ref === undefined) {
    schema.$ref = (allOf[0] as Json).$ref;
    delete schema.allOf;
    if (schema.type === 'object' && !schema.properties) delete schema.type;
  }
  for (const [key, value] of Object.entries(schema)) if (key !== 'example' && key !== 'examples') unwrapSingleAllOf(value);
}

const ERROR_REF = { $ref: '#/components/schemas/ErrorResponse' };
const GLOBAL_ERRORS: Record<string, string> = {
  '400': 'VALIDATION_FAILED: the body, a parameter or the query is invalid (unknown query parameters included)',
  '401': 'UNAUTHORIZED: no bearer token, or it is invalid or expired',
  '413': 'PAYLOAD_TOO_LARGE: the body is over its limit',
  '503': 'UNAVAILABLE: the database is not reachable; retry after Retry-After seconds',
  '507': 'INSUFFICIENT_STORAGE: the database disk is full; nothing was saved',
};

/**
 * What every route answers whatever its decorators say (the global pipe and query check: 400; the auth
 * guard: 401 unless public; a database outage: 503; a write: 413 and 507), and the one error schema on
 * every error response.
 * Handlers documented with @ApiOp already say all this; this covers the rest.
 */
function withGlobalErrors(operation: Json, write: boolean): void {
  const responses = (operation.responses ??= {}) as Record<string, Json>;
  const secured = Array.isArray(operation.security) && operation.security.length > 0;
  for (const [status, description] of Object.entries(GLOBAL_ERRORS)) {
    if (status === '401' && !secured) continue;
    if ((status === '413' || status === '507') && !write) continue;
    responses[status] ??= { description };
  }
  for (const [status, response] of Object.entries(responses)) {
    if (/^[45]\d\d$/.test(status) && !(response.content as Json | undefined)?.['application/json']) {
      response.content = { 'application/json': { schema: ERROR_REF } };
    }
  }
}

/** The component schemas a schema uses, transitively. */
function collectRefs(node: unknown, schemas: Record<string, Json>, into: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((n) => collectRefs(n, schemas, into));
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
      const name = value.slice('#/components/schemas/'.length);
      if (!into.has(name) && schemas[name]) {
        into.add(name);
        collectRefs(schemas[name], schemas, into);
      }
    } else if (key !== 'example' && key !== 'examples') {
      collectRefs(value, schemas, into);
    }
  }
}
