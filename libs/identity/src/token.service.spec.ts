import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '@rectify/config';
import { Role } from '@rectify/workflows';
import type { AuthUser } from './auth-user.js';
import { TokenService, VERIFIED_TOKEN_CACHE_SIZE } from './token.service.js';

const SECRET = 'token-service-spec-secret';
const config = { jwtSecret: SECRET, jwtExpiresInSeconds: 3600 } as AppConfig;
const user = (n = 1): AuthUser => ({ id: `u-${n}`, username: `bureau-${n}`, role: Role.Bureau, regionCode: '360400', unitId: `unit-${n}` });

function service() {
  const jwt = new JwtService({});
  const verify = jest.spyOn(jwt, 'verify');
  return { tokens: new TokenService(jwt, config), verify, jwt };
}

const unauthorized = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'accepted';
};

describe('TokenService.verify', () => {
  afterEach(() => jest.useRealTimers());

  test('checks the signature once per token, then answers from memory', () => {
    const { tokens, verify } = service();
    const token = tokens.sign(user(), 0);
    expect(tokens.verify(token).user).toEqual(user());
    expect(tokens.verify(token).user).toEqual(user());
    expect(verify).toHaveBeenCalledTimes(1);
  });

  test('a caller changing the returned user does not change the next answer', () => {
    const { tokens } = service();
    const token = tokens.sign(user(), 0);
    tokens.verify(token).user.role = Role.Admin;
    expect(tokens.verify(token).user).toEqual(user());
  });

  test('a remembered token is refused once its exp has passed, exactly when jsonwebtoken refuses it', () => {
    jest.useFakeTimers({ now: new Date('2026-03-02T00:00:00.000Z') });
    const { tokens } = service();
    const token = tokens.sign(user(), 0);
    expect(tokens.verify(token).user).toEqual(user());
    jest.setSystemTime(new Date('2026-03-02T00:59:59.999Z'));
    expect(tokens.verify(token).user).toEqual(user());
    jest.setSystemTime(new Date('2026-03-02T01:00:00.000Z'));
    expect(unauthorized(() => tokens.verify(token))).toBe('UNAUTHORIZED');
    // And a fresh service (nothing remembered) says the same.
    expect(unauthorized(() => service().tokens.verify(token))).toBe('UNAUTHORIZED');
  });

  test('bad tokens are refused every time, and not remembered', () => {
    const { tokens, verify, jwt } = service();
    const good = tokens.sign(user(), 0);
    const forged = jwt.sign({ sub: 'u-1', username: 'x', role: Role.Admin, region: '000000', unit: null }, { secret: 'another secret', expiresIn: 3600 });
    const badRole = jwt.sign({ sub: 'u-1', username: 'x', role: 'root', region: '000000', unit: null }, { secret: SECRET, expiresIn: 3600 });
    for (const token of [forged, badRole, `${good}x`, 'not-a-token']) {
      expect(unauthorized(() => tokens.verify(token))).toBe('UNAUTHORIZED');
      expect(unauthorized(() => tokens.verify(token))).toBe('UNAUTHORIZED');
    }
    expect(verify).toHaveBeenCalledTimes(8);
  });

  test('a token without exp, or without a session generation, is refused; one not valid before a time is checked every time', () => {
    const { tokens, verify, jwt } = service();
    const claims = { sub: 'u-1', username: 'bureau-1', role: Role.Bureau, region: '360400', unit: 'unit-1', gen: 3 };
    const noExp = jwt.sign(claims, { secret: SECRET });
    const { gen: _gen, ...noGen } = claims;
    const withoutGen = jwt.sign(noGen, { secret: SECRET, expiresIn: 3600 });
    for (const token of [noExp, noExp, withoutGen]) expect(unauthorized(() => tokens.verify(token))).toBe('UNAUTHORIZED');
    const withNbf = jwt.sign(claims, { secret: SECRET, expiresIn: 3600, notBefore: 0 });
    for (const token of [withNbf, withNbf]) expect(tokens.verify(token)).toEqual({ user: user(), generation: 3 });
    expect(verify).toHaveBeenCalledTimes(5);
  });

  test('the generation a token was issued at comes back with it, from memory too', () => {
    const { tokens } = service();
    const token = tokens.sign(user(), 7);
    expect(tokens.verify(token).generation).toBe(7);
    expect(tokens.verify(token).generation).toBe(7);
  });

  test('remembers a bounded number of tokens, dropping the oldest', () => {
    const { tokens, verify } = service();
    const all = Array.from({ length: VERIFIED_TOKEN_CACHE_SIZE + 1 }, (_, i) => tokens.sign(user(i), 0));
    all.forEach((t, i) => expect(tokens.verify(t).user.id).toBe(`u-${i}`));
    expect(verify).toHaveBeenCalledTimes(all.length);
    expect(tokens.verify(all.at(-1)!).user.id).toBe(`u-${all.length - 1}`);
    expect(verify).toHaveBeenCalledTimes(all.length);
    expect(tokens.verify(all[0]!).user.id).toBe('u-0');
    expect(verify).toHaveBeenCalledTimes(all.length + 1);
  });
});
