import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { assertCleanStrings, assertJsonWithinLimits } from '@rectify/core';

/**
 * The JSON body parser: Fastify's own (prototype-poisoning checks included), after a linear scan that
 * refuses bodies nested too deep or with too many members or items (libs/core json-body-limits.ts).
 * The work a body can cause before validation is then bounded by its size (issue 11 item 2). Every
 * string in the parsed body is then checked for NUL and unpaired surrogates (item 5).
 */
export function useBoundedJsonParser(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit }, (request, body, done) => {
    const text = body.toString('utf8');
    assertJsonWithinLimits(text);
    parseJson(request as Parameters<typeof parseJson>[0], text, (error, parsed) => {
      if (error) return done(error, undefined);
      try {
        assertCleanStrings(parsed);
      } catch (problem) {
        return done(problem as Error, undefined);
      }
      done(null, parsed);
    });
  });
}
