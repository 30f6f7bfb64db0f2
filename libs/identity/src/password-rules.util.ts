import { passwordProblem } from './password-policy.util.js';

/**
 * What is wrong with a new password, as messages (empty: acceptable): the password policy of issue 11
 * item 3 (password-policy.util.ts), which every password endpoint reaches through this one function.
 */
export function newPasswordProblems(password: string, context: { username: string }): string[] {
  const problem = passwordProblem(password, context.username);
  return problem ? [problem] : [];
}
