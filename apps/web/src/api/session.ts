import { reactive } from 'vue';

/** Who is logged in. The token lives in sessionStorage: it dies with the tab and is never sent to another origin. */
export interface SessionUser {
  id: string;
  username: string;
  role: 'inspector' | 'bureau' | 'supervisor' | 'admin';
  regionCode: string;
  unitId: string | null;
  displayName?: string | null;
}

const TOKEN_KEY = 'rectify.token';
const USER_KEY = 'rectify.user';

function readUser(): SessionUser | null {
  try {
    const raw = sessionStorage.getItem(USER_KEY);
    return raw ? (JSON.parse(raw) as SessionUser) : null;
  } catch {
    return null;
  }
}

export const session = reactive({
  token: sessionStorage.getItem(TOKEN_KEY),
  user: readUser(),
});

/** Seconds since the epoch at which the token expires (from its `exp` claim), or 0 when unreadable. */
export function tokenExpiry(token: string | null): number {
  if (!token) return 0;
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return payload.exp ?? 0;
  } catch {
    return 0;
  }
}

export function isLoggedIn(): boolean {
  return !!session.token && !!session.user && tokenExpiry(session.token) * 1000 > Date.now();
}

export function setSession(token: string, user: SessionUser): void {
  session.token = token;
  session.user = user;
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(USER_KEY, JSON.stringify(user));
}

export function clearSession(): void {
  session.token = null;
  session.user = null;
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
}
