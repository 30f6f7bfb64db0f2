import type { INestApplication } from '@nestjs/common';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type request from 'supertest';
import { buildOpenApiDocument } from '../../apps/api/src/openapi/openapi-document.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

type Json = Record<string, any>;
interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  pointer: string;
  operation: Json;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Checks every response the e2e suites receive against the OpenAPI document (docs/api.md "The response
 * validator"): the status must be documented for the operation, and a JSON body must match its schema.
 * A new endpoint without @ApiOp (or with a body or error it does not declare) fails the first test that calls it.
 */
export class OpenApiResponseValidator {
  private readonly ajv: Ajv2020;
  private readonly operations: Operation[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly document: Json) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema(document, 'openapi');
    for (const [template, item] of Object.entries(document.paths as Json)) {
      for (const method of METHODS) {
        const operation = (item as Json)[method];
        if (!operation) continue;
        const params = (template.match(/\{[^}]+\}/g) ?? []).length;
        const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
        this.operations.push({ method, template, pattern, params, pointer: `#/paths/${escape(template)}/${method}`, operation });
      }
    }
    // Literal segments win over parameters (/revisit-campaigns/x before /{a}/{b}).
    this.operations.sort((a, b) => a.params - b.params);
  }

  static forApp(app: INestApplication): OpenApiResponseValidator {
    return new OpenApiResponseValidator(JSON.parse(JSON.stringify(buildOpenApiDocument(app))) as Json);
  }

  /** Problems with one response, or [] when it matches the document. */
  check(method: string, url: string, status: number, contentType: string | undefined, body: unknown): string[] {
    const path = url.replace(/^https?:\/\/[^/]+/, '').split('?')[0]!;
    if (!path.startsWith('/api/v1/')) return []; // the docs themselves, static files
    const m = method.toLowerCase();
    const found = this.operations.find((o) => o.method === m && o.pattern.test(path));
    const where = `${method.toUpperCase()} ${path}`;
    if (!found) {
      // A path that is no route (a 404, or a 400 for a body refused before routing) answers the error
      // shape; a success from a path the document does not have is an endpoint missing from the document.
      if (status >= 400) return this.validate('#/components/schemas/ErrorResponse', body, `${where} (no such route) ${status}`);
      return [`${where} answered ${status} but is not in the OpenAPI document: add the controller's @ApiOp(...) (see docs/api.md)`];
    }
    const response = found.operation.responses?.[String(status)];
    if (!response) {
      const documented = Object.keys(found.operation.responses ?? {}).join(', ');
      return [
        `${found.method.toUpperCase()} ${found.template} answered ${status}, which its OpenAPI operation does not document (documented: ${documented}). ` +
          `Add ${status} to the handler's @ApiOp({ errors: [...] }) or fix the handler. Body: ${JSON.stringify(body).slice(0, 300)}`,
      ];
    }
    if (status === 204 || !contentType?.includes('application/json')) return [];
    if (!response.content?.['application/json']?.schema) {
      return [`${found.method.toUpperCase()} ${found.template} ${status} answers a JSON body but documents no schema for it: give @ApiOp an \`ok\` class`];
    }
    return this.validate(`${found.pointer}/responses/${status}/content/application~1json/schema`, body, `${found.method.toUpperCase()} ${found.template} ${status}`);
  }

  private validate(pointer: string, body: unknown, where: string): string[] {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi${pointer}` });
      this.compiled.set(pointer, validate);
    }
    if (validate(body)) return [];
    const errors = (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
    return [`${where}: the body does not match its documented schema:\n  ${errors.join('\n  ')}\n  body: ${JSON.stringify(body).slice(0, 500)}`];
  }
}

export class OpenApiContractError extends Error {
  override name = 'OpenApiContractError';
}

type Agent = ReturnType<typeof request>;

/** The supertest agent, with every response checked by `validator` before the test sees it. */
export function validatingAgent(agent: Agent, validator: () => OpenApiResponseValidator): Agent {
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !(METHODS as readonly string[]).includes(property) || typeof value !== 'function') return value;
      return (url: string, ...rest: unknown[]) => {
        const test = (value as (...a: unknown[]) => any).call(target, url, ...rest);
        const then = test.then.bind(test);
        test.then = (resolve?: (r: any) => unknown, reject?: (e: unknown) => unknown) =>
          then((res: any) => {
            const problems = validator().check(property, url, res.status, res.headers?.['content-type'], res.body);
            if (problems.length) throw new OpenApiContractError(problems.join('\n'));
            return res;
          }).then(resolve, reject);
        return test;
      };
    },
  });
}
