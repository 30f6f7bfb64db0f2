import { startTestApp, type TestApp } from '../support/test-app.js';
import { createCase } from '../support/case-factory.js';

describe('case codes', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  it('concurrent first cases of a region and year get distinct consecutive codes (no 5xx)', async () => {
    const created = await Promise.all(Array.from({ length: 20 }, () => createCase(t, { regionCode: '360400' }, 'jx-inspector')));
    const codes = created.map((c) => c.code as string).sort();
    expect(codes).toEqual(Array.from({ length: 20 }, (_, i) => `360400-2025-${String(i + 1).padStart(5, '0')}`));
  });
});
