import createClient, { type Middleware } from 'openapi-fetch';
import { messages as m } from '@/locales/zh-CN';
import type { paths, components } from './schema';
import { clearSession, session } from './session';

export type Schemas = components['schemas'];

/** An API refusal, ready for the page: its status, code, message, and messages per form field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: Record<string, string> = {},
    readonly body: unknown = null,
  ) {
    super(message);
  }

  /** True when retrying the same request may work (network failure or a 5xx). */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

let onUnauthorized: () => void = () => undefined;
/** The router installs this: an expired or revoked token sends the user back to log in. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** For requests made without the typed client (files): a 401 ends the session the same way. */
export function sessionEnded(): void {
  clearSession();
  onUnauthorized();
}

const auth: Middleware = {
  onRequest({ request }) {
    if (session.token) request.headers.set('Authorization', `Bearer ${session.token}`);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !request.url.endsWith('/auth/login')) {
      clearSession();
      onUnauthorized();
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** class-validator messages start with the property path ("title must be …"): group them by field. */
function fieldErrorsOf(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const list = Array.isArray(body.errors) ? (body.errors as unknown[]) : [];
  for (const item of list) {
    if (typeof item !== 'string') continue;
    const field = item.split(/[\s.[]/)[0]!;
    out[field] = out[field] ? `${out[field]}；${item}` : item;
  }
  return out;
}

export function toApiError(status: number, body: unknown): ApiError {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const code = typeof b.code === 'string' ? b.code : String(status);
  let message = typeof b.message === 'string' ? b.message : Array.isArray(b.message) ? b.message.join('；') : '';
  if (status >= 500) message = m.errors.server.replace('{status}', String(status));
  else if (!message) {
    message =
      status === 403 ? m.errors.forbidden : status === 404 ? m.errors.notFound : status === 409 ? m.errors.conflict : status === 429 ? m.errors.tooMany : m.errors.validation;
  }
  return new ApiError(status, code, message, fieldErrorsOf(b), body);
}

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError a page can show. */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch {
    throw new ApiError(0, 'NETWORK', m.errors.network);
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as T;
}

export function fmt(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}
