import { messages as m } from '@/locales/zh-CN';
import { ApiError, sessionEnded, toApiError } from './client';
import { session } from './session';

/**
 * Requests with the session's token for what the typed client does not carry well (file uploads and
 * downloads). The token lives in sessionStorage, so a plain link or form would go without it.
 * Refusals become the ApiError every page shows; a 401 ends the session like any other call.
 */
export async function authFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (session.token) headers.set('Authorization', `Bearer ${session.token}`);
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch {
    throw new ApiError(0, 'NETWORK', m.errors.network);
  }
  if (response.status === 401) sessionEnded();
  if (!response.ok) throw toApiError(response.status, await response.json().catch(() => ({})));
  return response;
}

/** `attachment; filename*=UTF-8''…` → the decoded name; the fallback otherwise. */
export function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]!);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1]! : fallback;
}

/** Hands a Blob to the browser as a download under `name` (an object URL, revoked afterwards). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** GET `path?query` with the token → Blob → saved under the server's file name. Returns that name. */
export async function download(path: string, query: Record<string, string | number | boolean | undefined>, fallbackName: string): Promise<string> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  const response = await authFetch(qs ? `${path}?${qs}` : path);
  const name = fileNameOf(response, fallbackName);
  saveBlob(await response.blob(), name);
  return name;
}
