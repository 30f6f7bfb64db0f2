import { COMMON_PASSWORDS } from './common-passwords.js';

/** The shortest password any account may have. */
export const PASSWORD_MIN_LENGTH = 10;
/** The longest: scrypt hashes any length, but a 1 MB password is work, not security. */
export const PASSWORD_MAX_LENGTH = 200;

const COMMON = new Set(COMMON_PASSWORDS);

/**
 * The password policy for every account (user creation, ADMIN_PASSWORD, password change and reset):
 * the problem with `password` as a sentence a user can act on, or null when it is acceptable.
 * Rules: at least {@link PASSWORD_MIN_LENGTH} characters (code points), at most {@link PASSWORD_MAX_LENGTH},
 * not in the common-password list (ignoring case, and ignoring trailing digits/punctuation added to a
 * listed word), not one character repeated, and not the username.
 */
export function passwordProblem(password: string, username?: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `The password must have at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `The password must have at most ${PASSWORD_MAX_LENGTH} characters`;
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\d\W_]+$/u, '');
  if (COMMON.has(lower) || (stem.length >= 4 && COMMON.has(stem))) return 'The password is too common; choose one that is not on lists of leaked passwords';
  if (new Set(password).size === 1) return 'The password must not be one character repeated';
  if (username && lower.includes(username.toLowerCase()) && username.length >= 3 && length - username.length < 6) {
    return 'The password must not be the username';
  }
  return null;
}
