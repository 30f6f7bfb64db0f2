/**
 * What is wrong with a new password, as messages (empty: acceptable). A stand-in for the password
 * policy of issue 11 item 3 (libs/identity, being written by another change): every password
 * endpoint calls this one function, so switching to that policy is one change here.
 */
export function newPasswordProblems(password: string, context: { username: string }): string[] {
  const problems: string[] = [];
  if (password.length < 8) problems.push('The password must have at least 8 characters');
  if (password.trim().toLowerCase() === context.username.trim().toLowerCase()) problems.push('The password must not be the username');
  return problems;
}
