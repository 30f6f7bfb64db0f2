import { authoritySuffices, DEFAULT_CLOSURE_AUTHORITY, requiredAuthority } from './closure-authority.util.js';
import { DEFAULT_POLICY } from './policy.js';

describe('closure authority', () => {
  test('central-inspection problems are closed by a province, verified by a city or above', () => {
    expect(requiredAuthority(DEFAULT_POLICY, 'central_inspection', 'CLOSE')).toBe('province');
    expect(requiredAuthority(DEFAULT_POLICY, 'central_inspection', 'VERIFY_PASS')).toBe('city');
    expect(requiredAuthority(DEFAULT_POLICY, 'provincial_inspection', 'CLOSE')).toBeNull();
    expect(requiredAuthority(DEFAULT_POLICY, 'central_inspection', 'VERIFY_FAIL')).toBeNull();
  });

  test('a higher level suffices, a lower one does not', () => {
    expect(authoritySuffices('nation', 'province')).toBe(true);
    expect(authoritySuffices('province', 'province')).toBe(true);
    expect(authoritySuffices('city', 'province')).toBe(false);
    expect(authoritySuffices('county', 'city')).toBe(false);
    expect(authoritySuffices(undefined, 'city')).toBe(false);
    expect(authoritySuffices(undefined, null)).toBe(true);
  });

  test('a policy without a closure section (stored before it existed) gets the defaults', () => {
    const { closure: _c, ...old } = DEFAULT_POLICY;
    expect(requiredAuthority(old as typeof DEFAULT_POLICY, 'warning_film', 'CLOSE')).toBe(DEFAULT_CLOSURE_AUTHORITY.warning_film!.close);
  });
});
