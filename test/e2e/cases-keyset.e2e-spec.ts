import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, createCase } from '../support/case-factory.js';

interface Page {
  items: Array<{ id: string; createdAt: string; clock: { dueAt: string } | null }>;
  total: number;
  totalIsEstimate: boolean;
  page: number | null;
  pageSize: number;
  nextCursor: string | null;
  prevCursor: string | null;
}

/** Keyset (cursor) pages of GET /cases beside `page` (issue 18): same rows, same order, every sort. */
describe('GET /cases: cursor pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    // Many cases share a created instant's second and an assignment due (ties), some have no clock (closed).
    for (let i = 0; i < 16; i++) await createCase(t, { title: `游标问题 ${i}` });
    for (let i = 0; i < 4; i++) await caseIn(t, 'assigned', { title: `游标已交办 ${i}` });
    for (let i = 0; i < 3; i++) await caseIn(t, 'closed', { title: `游标已销号 ${i}` });
    t.setNow('2025-03-04T02:00:00.000Z');
    for (let i = 0; i < 6; i++) await createCase(t, { regionCode: '360400', title: `游标九江 ${i}` });
  });
  afterAll(async () => t.close());

  const get = async (query: string, as = 'jx-supervisor') => {
    const res = await t.http.get(`/api/v1/cases${query}`).set(await t.auth(as));
    expect(res.status).toBe(200);
    return res.body as Page;
  };
  const ids = (p: Page) => p.items.map((c) => c.id);

  for (const sort of ['createdAt', '-createdAt', 'dueAt', '-dueAt']) {
    it(`walks sort=${sort} forward and back by cursor, as the offset pages show it`, async () => {
      const whole = await get(`?sort=${sort}&pageSize=100`);
      expect(whole.total).toBe(29);
      expect(whole.totalIsEstimate).toBe(false);
      expect(whole.nextCursor).toBeNull();
      expect(whole.prevCursor).toBeNull();

      const forward: string[] = [];
      const cursors: string[] = [];
      let page = await get(`?sort=${sort}&pageSize=5`);
      expect(page.prevCursor).toBeNull();
      forward.push(...ids(page));
      while (page.nextCursor) {
        cursors.push(page.nextCursor);
        page = await get(`?sort=${sort}&pageSize=5&cursor=${encodeURIComponent(page.nextCursor)}`);
        expect(page.page).toBeNull();
        expect(page.total).toBe(29);
        forward.push(...ids(page));
      }
      expect(forward).toEqual(ids(whole));
      expect(cursors).toHaveLength(5);

      // Back from the last page: the same pages, in reverse.
      const backward: string[][] = [ids(page)];
      while (page.prevCursor) {
        page = await get(`?sort=${sort}&pageSize=5&cursor=${encodeURIComponent(page.prevCursor)}`);
        backward.unshift(ids(page));
      }
      expect(backward.flat()).toEqual(ids(whole));
      expect(backward.map((p) => p.length)).toEqual([5, 5, 5, 5, 5, 4]);

      // `page` far from the start is the same slice.
      expect(ids(await get(`?sort=${sort}&pageSize=5&page=5`))).toEqual(ids(whole).slice(20, 25));
      const fifth = await get(`?sort=${sort}&pageSize=5&page=5`);
      expect(ids(await get(`?sort=${sort}&pageSize=5&cursor=${encodeURIComponent(fifth.nextCursor!)}`))).toEqual(ids(whole).slice(25));
      expect(ids(await get(`?sort=${sort}&pageSize=5&cursor=${encodeURIComponent(fifth.prevCursor!)}`))).toEqual(ids(whole).slice(15, 20));
    });
  }

  it('keeps its place when cases are added before it', async () => {
    const first = await get('?sort=-createdAt&pageSize=5');
    const second = await get(`?sort=-createdAt&pageSize=5&cursor=${encodeURIComponent(first.nextCursor!)}`);
    t.setNow('2025-03-05T02:00:00.000Z');
    await createCase(t, { title: '游标新问题' });
    const again = await get(`?sort=-createdAt&pageSize=5&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(ids(again)).toEqual(ids(second));
  });

  it('filters apply to cursor pages as to offset pages, and a bureau sees only its cases', async () => {
    const whole = await get('?regionCode=360400&sort=dueAt&pageSize=100');
    const one = await get('?regionCode=360400&sort=dueAt&pageSize=4');
    const two = await get(`?regionCode=360400&sort=dueAt&pageSize=4&cursor=${encodeURIComponent(one.nextCursor!)}`);
    expect([...ids(one), ...ids(two)]).toEqual(ids(whole));
    expect(two.nextCursor).toBeNull();
    const bureauWhole = await get('?pageSize=100', 'nc-bureau');
    const bureauOne = await get('?pageSize=3', 'nc-bureau');
    const bureauTwo = await get(`?pageSize=3&cursor=${encodeURIComponent(bureauOne.nextCursor!)}`, 'nc-bureau');
    expect(bureauWhole.items.length).toBeGreaterThan(3);
    expect([...ids(bureauOne), ...ids(bureauTwo)]).toEqual(ids(bureauWhole).slice(0, 6));
  });

  it('refuses a cursor that is not one, one of another sort, and cursor with page (400)', async () => {
    const first = await get('?sort=dueAt&pageSize=5');
    const auth = await t.auth('jx-supervisor');
    for (const query of [
      '?cursor=bm90LWEtY3Vyc29y',
      '?cursor=%E2%9C%93',
      `?cursor=${Buffer.from(JSON.stringify(['dueAt', 'n', 'x', 'y'])).toString('base64url')}&sort=dueAt`,
      `?sort=createdAt&cursor=${encodeURIComponent(first.nextCursor!)}`,
      `?sort=dueAt&page=2&cursor=${encodeURIComponent(first.nextCursor!)}`,
    ]) {
      const res = await t.http.get(`/api/v1/cases${query}`).set(auth);
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
  });
});
