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
const EXPIRES_KEY = 'rectify.expiresAt';

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
  /** Browser time at which the token expires: login time + the server's `expiresIn`, so a skewed PC clock does not matter. */
  expiresAt: Number(sessionStorage.getItem(EXPIRES_KEY) ?? 0),
});

export function isLoggedIn(): boolean {
  return !!session.token && !!session.user && session.expiresAt > Date.now();
}

export function setSession(token: string, user: SessionUser, expiresInSeconds: number): void {
  session.token = token;
  session.user = user;
  session.expiresAt = Date.now() + expiresInSeconds * 1000;
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  sessionStorage.setItem(EXPIRES_KEY, String(session.expiresAt));
}

export function clearSession(): void {
  session.token = null;
  session.user = null;
  session.expiresAt = 0;
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
  sessionStorage.removeItem(EXPIRES_KEY);
}
