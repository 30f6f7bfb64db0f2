import { passwordProblem, PASSWORD_MIN_LENGTH } from './password-policy.util.js';

describe('passwordProblem', () => {
  it.each(['12345678', '1234567890', 'qwertyuiop', 'password123', 'Password123!', 'woaini1314520', 'admin123456', 'rectify-demo-2026'])(
    'refuses the common password %s',
    (password) => expect(passwordProblem(password)).not.toBeNull(),
  );

  it('refuses short passwords and says how long they must be', () => {
    expect(passwordProblem('Xk9#pq2')).toContain(String(PASSWORD_MIN_LENGTH));
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(passwordProblem('整改销号回头看督察环保局')).toBeNull();
    expect(passwordProblem('整改销号回头看')).not.toBeNull();
  });

  it('refuses one character repeated and the username itself', () => {
    expect(passwordProblem('zzzzzzzzzzzz')).not.toBeNull();
    expect(passwordProblem('jx-supervisor1', 'jx-supervisor')).not.toBeNull();
  });

  it('accepts a long uncommon password', () => {
    expect(passwordProblem('reliability-admin-1')).toBeNull();
    expect(passwordProblem('correct horse battery staple')).toBeNull();
  });
});
