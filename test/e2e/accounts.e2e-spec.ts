import { LOGIN_FAILURE_WINDOW_MS, LOGIN_LOCKOUT_MS, LOGIN_MAX_FAILURES_PER_ADDRESS, LOGIN_MAX_FAILURES_PER_USERNAME } from '@rectify/identity';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Accounts (docs/administration.md): passwords, disabling, logout, token generations, login lockout. */
describe('accounts: passwords, disabling, logout, sessions that end at once, login lockout', () => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  const api = (path: string) => `/api/v1${path}`;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  /** A fresh user in 南昌 (360100) made by the national admin, with its token. */
  async function freshUser(password = 'first-password-1', regionCode = '360100') {
    const username = `acct-${++n}`;
    const created = await t.http.post(api('/users')).set(await t.auth('admin')).send({ username, password, displayName: username, role: 'inspector', regionCode });
    expect(created.status).toBe(201);
    const login = await t.http.post(api('/auth/login')).set('X-Forwarded-For', `10.0.0.${n}`).send({ username, password });
    expect(login.status).toBe(200);
    return { id: created.body.id as string, username, password, token: login.body.accessToken as string };
  }
  const me = async (token: string) => (await t.http.get(api('/me')).set(bearer(token))).status;
  const login = (username: string, password: string, address = '192.0.2.1') =>
    t.http.post(api('/auth/login')).set('X-Forwarded-For', address).send({ username, password });

  it('a user changes their own password with the current one; every session ends; only the new password logs in', async () => {
    const u = await freshUser();
    const wrong = await t.http.post(api('/auth/password')).set(bearer(u.token)).send({ currentPassword: 'not-it-at-all', newPassword: 'second-password-2' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toContain('currentPassword');
    const weak = await t.http.post(api('/auth/password')).set(bearer(u.token)).send({ currentPassword: u.password, newPassword: u.username });
    expect(weak.status).toBe(400);
    const common = await t.http.post(api('/auth/password')).set(bearer(u.token)).send({ currentPassword: u.password, newPassword: '1234567890' });
    expect(common.status).toBe(400);
    expect(common.body.message).toContain('common');
    expect((await t.http.post(api(`/users/${u.id}/password`)).set(await t.auth('admin')).send({ newPassword: '1234567890' })).status).toBe(400);
    expect(await me(u.token)).toBe(200); // refusals change nothing
    expect((await t.http.post(api('/auth/password')).set(bearer(u.token)).send({ currentPassword: u.password, newPassword: 'second-password-2', extra: 1 })).status).toBe(400);
    expect((await t.http.post(api('/auth/password')).set(bearer(u.token)).send({ currentPassword: u.password, newPassword: 'second-password-2' })).status).toBe(204);
    const after = await t.http.get(api('/me')).set(bearer(u.token));
    expect(after.status).toBe(401);
    expect(after.body.message).toContain('log in again');
    expect((await login(u.username, u.password, '192.0.2.10')).status).toBe(401);
    expect((await login(u.username, 'second-password-2', '192.0.2.10')).status).toBe(200);
    expect((await t.http.post(api('/auth/password')).send({ currentPassword: 'x', newPassword: 'yyyyyyyyyy' })).status).toBe(401);
  });

  it('logout ends every token of the caller at once; a new login works', async () => {
    const u = await freshUser();
    const second = (await login(u.username, u.password, '192.0.2.11')).body.accessToken as string;
    expect(await me(second)).toBe(200);
    expect((await t.http.post(api('/auth/logout')).set(bearer(u.token))).status).toBe(204);
    expect(await me(u.token)).toBe(401);
    expect(await me(second)).toBe(401);
    expect((await t.http.post(api('/auth/logout')).set(bearer(u.token))).status).toBe(401);
    const again = (await login(u.username, u.password, '192.0.2.11')).body.accessToken as string;
    expect(await me(again)).toBe(200);
  });

  it('an admin of the region resets a password: the old password and tokens stop working at once', async () => {
    const u = await freshUser();
    expect((await t.http.post(api(`/users/${u.id}/password`)).set(await t.auth('ah-admin')).send({ newPassword: 'reset-by-anhui-1' })).status).toBe(404);
    expect((await t.http.post(api(`/users/${u.id}/password`)).set(await t.auth('jx-supervisor')).send({ newPassword: 'reset-by-sup-1' })).status).toBe(403);
    expect((await t.http.post(api(`/users/${u.id}/password`)).set(await t.auth('jx-admin')).send({ newPassword: 'short' })).status).toBe(400);
    expect(await me(u.token)).toBe(200);
    const reset = await t.http.post(api(`/users/${u.id}/password`)).set(await t.auth('jx-admin')).send({ newPassword: 'reset-by-jiangxi-1' });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ id: u.id, disabled: false });
    expect(reset.body).not.toHaveProperty('passwordHash');
    expect(await me(u.token)).toBe(401);
    expect((await login(u.username, u.password, '192.0.2.12')).status).toBe(401);
    expect((await login(u.username, 'reset-by-jiangxi-1', '192.0.2.12')).status).toBe(200);
  });

  it('a disabled user is refused at once and cannot log in; enabling lets them log in again, not revive old tokens', async () => {
    const u = await freshUser();
    expect((await t.http.post(api(`/users/${u.id}/disable`)).set(await t.auth('ah-admin'))).status).toBe(404);
    expect(await me(u.token)).toBe(200);
    const disabled = await t.http.post(api(`/users/${u.id}/disable`)).set(await t.auth('jx-admin'));
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ disabled: true, disabledAt: '2025-03-03T02:00:00.000Z' });
    const refused = await t.http.get(api('/cases')).set(bearer(u.token));
    expect(refused.status).toBe(401);
    const denied = await login(u.username, u.password, '192.0.2.13');
    expect(denied.status).toBe(401);
    expect(denied.body.message).toContain('disabled');
    const listed = await t.http.get(api(`/users?q=${u.username}`)).set(await t.auth('jx-admin'));
    expect(listed.body.items).toEqual([expect.objectContaining({ id: u.id, disabled: true })]);
    expect((await t.http.post(api(`/users/${u.id}/enable`)).set(await t.auth('jx-admin'))).body.disabled).toBe(false);
    expect(await me(u.token)).toBe(401);
    expect((await login(u.username, u.password, '192.0.2.13')).status).toBe(200);
    const self = await t.http.get(api('/me')).set(await t.auth('jx-admin'));
    expect((await t.http.post(api(`/users/${self.body.id}/disable`)).set(await t.auth('jx-admin'))).status).toBe(403);
  });

  it("a change of role, region or unit ends the user's sessions; a name change does not; moves stay in the admin's subtree", async () => {
    const u = await freshUser();
    const renamed = await t.http.patch(api(`/users/${u.id}`)).set(await t.auth('jx-admin')).send({ displayName: '新名字' });
    expect(renamed.body.displayName).toBe('新名字');
    expect(await me(u.token)).toBe(200);
    expect((await t.http.patch(api(`/users/${u.id}`)).set(await t.auth('jx-admin')).send({ regionCode: '340000' })).status).toBe(403);
    expect((await t.http.patch(api(`/users/${u.id}`)).set(await t.auth('jx-admin')).send({ role: 'bureau' })).status).toBe(400);
    expect(await me(u.token)).toBe(200);
    const demoted = await t.http.patch(api(`/users/${u.id}`)).set(await t.auth('jx-admin')).send({ role: 'bureau', unitId: t.fixture.units.ncEeb });
    expect(demoted.body).toMatchObject({ role: 'bureau', unitId: t.fixture.units.ncEeb });
    expect(await me(u.token)).toBe(401);
    const fresh = await login(u.username, u.password, '192.0.2.14');
    expect(fresh.body.user.role).toBe('bureau');
    expect((await t.http.get(api(`/users/${u.id}`)).set(await t.auth('jx-admin'))).body.role).toBe('bureau');
    expect((await t.http.get(api('/users/not-a-uuid')).set(await t.auth('jx-admin'))).status).toBe(404);
  });

  it(`locks a username after ${LOGIN_MAX_FAILURES_PER_USERNAME} failures with a 429 and Retry-After, even for the right password, then lets it in again`, async () => {
    const u = await freshUser();
    for (let i = 0; i < LOGIN_MAX_FAILURES_PER_USERNAME; i++) {
      // every attempt from a different address: the username's own limit is what trips
      expect((await login(u.username, 'wrong-password', `198.51.100.${i}`)).status).toBe(401);
    }
    const locked = await login(u.username, u.password, '198.51.100.200');
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS', retryAfterSeconds: LOGIN_LOCKOUT_MS / 1000 });
    expect(locked.headers['retry-after']).toBe(String(LOGIN_LOCKOUT_MS / 1000));
    expect(await me(u.token)).toBe(200); // a lockout stops logins, not existing sessions
    t.setNow(new Date(Date.parse('2025-03-03T02:00:00.000Z') + LOGIN_LOCKOUT_MS - 60_000).toISOString());
    expect((await login(u.username, u.password, '198.51.100.200')).headers['retry-after']).toBe('60');
    t.setNow(new Date(Date.parse('2025-03-03T02:00:00.000Z') + LOGIN_LOCKOUT_MS).toISOString());
    expect((await login(u.username, u.password, '198.51.100.200')).status).toBe(200);
    t.setNow('2025-03-03T02:00:00.000Z');
  });

  it(`refuses a client address after ${LOGIN_MAX_FAILURES_PER_ADDRESS} failures across usernames; other addresses still log in`, async () => {
    const address = '203.0.113.7';
    for (let i = 0; i < LOGIN_MAX_FAILURES_PER_ADDRESS; i++) expect((await login(`nobody-${i}`, 'wrong-password', address)).status).toBe(401);
    const refused = await login('nc-bureau', t.fixture.password, address);
    expect(refused.status).toBe(429);
    expect(refused.body.message).toContain('client address');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('nc-bureau', t.fixture.password, '203.0.113.8')).status).toBe(200);
  });

  it('failures older than the window are forgotten', async () => {
    const u = await freshUser();
    const start = Date.parse('2025-03-04T02:00:00.000Z');
    for (let i = 0; i < LOGIN_MAX_FAILURES_PER_USERNAME - 1; i++) {
      t.setNow(new Date(start + i * 1000).toISOString());
      expect((await login(u.username, 'wrong-password', `198.18.0.${i}`)).status).toBe(401);
    }
    t.setNow(new Date(start + LOGIN_FAILURE_WINDOW_MS + 10_000).toISOString());
    expect((await login(u.username, 'wrong-password', '198.18.0.99')).status).toBe(401);
    expect((await login(u.username, u.password, '198.18.0.99')).status).toBe(200);
    t.setNow('2025-03-03T02:00:00.000Z');
  });
});
