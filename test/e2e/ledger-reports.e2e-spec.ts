import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { EVIDENCE, sendOk } from '../support/case-factory.js';
import { binary, importLedger } from '../support/ledger-http.js';
import { PROVINCIAL_BATCH, provincialList } from '../support/ledger-sheets.js';
import { bruteForceProgress, comparableGroup } from '../support/progress-brute-force.js';

type Group = { key: string; total: number; byState: Record<string, number>; closed: number; dueThisMonth: number; overdue: number; extended: number; returned: number; rebounds: number; escalatedByLevel: Record<string, number> };

describe('reports as of a date: 月调度 progress and 年考核 assessment', () => {
  let t: TestApp;
  const refs = new Map<number, string>();
  const id = (n: number) => refs.get(n)!;
  const report = async (query: string, as = 'jx-supervisor') => {
    const res = await t.http.get(`/api/v1/reports/progress?${query}`).set(await t.auth(as));
    if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { asOf: string; groups: Group[]; total: Group };
  };
  const close = async (n: number) => {
    await sendOk(t, id(n), 'nc-bureau', EVIDENCE);
    await sendOk(t, id(n), 'jx-inspector', { type: 'VERIFY_PASS' });
    await sendOk(t, id(n), 'jx-supervisor', { type: 'CLOSE' });
  };
  let aprilReport: unknown;

  beforeAll(async () => {
    t = await startTestApp();
    await importLedger(t, (await provincialList({ fix: true })).buffer);
    const cases = await t.http.get(`/api/v1/cases?pageSize=100&batch=${encodeURIComponent(PROVINCIAL_BATCH)}`).set(await t.auth('jx-supervisor'));
    for (const c of cases.body.items) refs.set(Number(String(c.externalRef).split('-').at(-1)), c.id);
    const ncLed = cases.body.items.filter((c: { leadUnit: { name: string } | null }) => c.leadUnit?.name === '南昌市生态环境局').map((c: { id: string }) => c.id);
    t.setNow('2025-03-04T02:00:00.000Z');
    for (const caseId of ncLed) await sendOk(t, caseId, 'nc-bureau', { type: 'ACCEPT' });
    await sendOk(t, id(1), 'jj-bureau', { type: 'RETURN', reasonCode: 'not_our_jurisdiction', reason: '该问题不属于本单位的职责范围' });
    t.setNow('2025-03-05T02:00:00.000Z');
    await sendOk(t, id(8), 'nc-bureau', { type: 'REQUEST_EXTENSION', requestedDueAt: '2025-07-20T15:59:59.999Z', reason: '汛期施工受限，需延期' });
    await sendOk(t, id(8), 'jx-supervisor', { type: 'APPROVE_EXTENSION' });
    t.setNow('2025-03-10T02:00:00.000Z');
    await close(16);
    await close(24);
    t.setNow('2025-04-01T02:00:00.000Z');
    await t.http.post('/api/v1/admin/sweep').set(await t.auth('admin')).expect(200);
    t.setNow('2025-04-16T02:00:00.000Z');
    aprilReport = await report('asOf=2025-04-15&groupBy=unit');
    // later events: another closure, another return, a sweep that fires 挂牌督办
    t.setNow('2025-04-20T02:00:00.000Z');
    await close(32);
    await sendOk(t, id(5), 'jj-bureau', { type: 'RETURN', reasonCode: 'other', reason: '问题描述信息不全，无法办理' });
    await t.http.post('/api/v1/admin/sweep').set(await t.auth('admin')).expect(200);
    t.setNow('2025-06-16T02:00:00.000Z');
  });
  afterAll(async () => t.close());

  /** The report recomputed by brute force from every case's history, as the API serves it (test/support/progress-brute-force.ts). */
  const bruteForce = async (asOfIso: string, groupBy: 'unit' | 'region') => bruteForceProgress(t, asOfIso, groupBy, await t.auth('jx-supervisor'));
  const comparable = comparableGroup;

  it.each([
    ['2025-03-04', 'unit'],
    ['2025-04-15', 'unit'],
    ['2025-04-15', 'region'],
    ['2025-06-15', 'unit'],
  ] as const)('as of %s by %s: equals a brute-force count over the history', async (date, groupBy) => {
    const api = await report(`asOf=${date}&groupBy=${groupBy}`);
    const brute = await bruteForce(api.asOf, groupBy);
    const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
    expect(api.groups.map(comparable).sort(byKey)).toEqual([...brute.values()].map(comparable).sort(byKey));
    expect(api.total.total).toBe([...brute.values()].reduce((n, g) => n + g.total, 0));
  });

  it('a report for 15 April reads the same after later events', async () => {
    expect(await report('asOf=2025-04-15&groupBy=unit')).toEqual(aprilReport);
    const now = await report('groupBy=unit');
    expect(now.total.closed).toBe(3);
    expect((aprilReport as { total: Group }).total.closed).toBe(2);
    expect((aprilReport as { total: Group }).total.returned).toBe(1);
    expect(now.total.returned).toBe(2);
    // The 13 立行立改 cases in progress (due 17 March): 督办 fired on 1 April; 挂牌督办 (threshold 7 April)
    // only by the sweep of 20 April, so as of 15 April they are still at 督办
    const april = (aprilReport as { total: Group }).total;
    const later = (await report('asOf=2025-04-21')).total;
    expect(april.escalatedByLevel['2']).toBeGreaterThanOrEqual(13);
    expect(april.escalatedByLevel['2']! - later.escalatedByLevel['2']!).toBeGreaterThanOrEqual(13);
  });

  it('an as-of in the future, a bad date, a region outside the jurisdiction, a bureau: 4xx', async () => {
    expect((await t.http.get('/api/v1/reports/progress?asOf=2025-07-01').set(await t.auth('jx-supervisor'))).status).toBe(400);
    expect((await t.http.get('/api/v1/reports/progress?asOf=2025-02-30').set(await t.auth('jx-supervisor'))).status).toBe(400);
    expect((await t.http.get('/api/v1/reports/progress?groupBy=nope').set(await t.auth('jx-supervisor'))).status).toBe(400);
    expect((await t.http.get('/api/v1/reports/progress?regionCode=340000').set(await t.auth('jx-supervisor'))).status).toBe(403);
    expect((await t.http.get('/api/v1/reports/progress').set(await t.auth('nc-bureau'))).status).toBe(403);
    // 九江 sees only 九江's cases
    const jj = await report('asOf=2025-04-15&groupBy=region', 'jj-supervisor');
    expect(jj.groups.map((g) => g.key)).toEqual(['360400']);
  });

  it('.xlsx: the as-of instant and the query in the header, a row a group', async () => {
    const res = await t.http.get('/api/v1/reports/progress.xlsx?asOf=2025-04-15&groupBy=unit').set(await t.auth('jx-supervisor')).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const sheet = wb.getWorksheet('整改进度')!;
    expect(sheet.getCell('A2').value).toBe('截至：2025-04-15 23:59（北京时间）');
    expect(String(sheet.getCell('A3').value)).toContain('江西省（360000），按责任单位汇总');
    expect(sheet.getRow(4).values).toEqual(expect.arrayContaining(['责任单位', '问题总数', '完成率', '本月到期', '超期', '挂牌督办']));
    const rows = (aprilReport as { groups: Group[] }).groups.length;
    expect(sheet.getRow(5 + rows).getCell(1).value).toBe('合计');
    expect(sheet.getRow(5 + rows).getCell(2).value).toBe((aprilReport as { total: Group }).total.total);
  });

  it('assessment: the scorecards\' one composite score (scoreUnit), ranked, 红榜 and 黑榜; JSON and .xlsx', async () => {
    const res = await t.http.get('/api/v1/reports/assessment?year=2025&regionCode=360000').set(await t.auth('jx-supervisor'));
    expect(res.status).toBe(200);
    expect(res.body.weights).toEqual({ rectificationOnTime: 0.3, acceptanceOnTime: 0.2, notOverdue: 0.2, noRebound: 0.2, noReturn: 0.1 });
    // The same score and rank as 考核评分 over the same year: one formula, not two.
    const cards = await t.http.get('/api/v1/scorecards?regionCode=360000&from=2025-01-01T00:00:00%2B08:00&to=2026-01-01T00:00:00%2B08:00&top=3').set(await t.auth('jx-supervisor'));
    expect(cards.status).toBe(200);
    const byUnit = new Map(cards.body.items.map((c: { unit: { id: string }; score: number; rank: number | null }) => [c.unit.id, c]));
    expect(res.body.items).toHaveLength(cards.body.items.length);
    for (const u of res.body.items as Array<{ unitId: string; score: number; rank: number | null }>) {
      expect({ unit: u.unitId, score: u.score, ranked: u.rank !== null }).toEqual({ unit: u.unitId, score: (byUnit.get(u.unitId) as { score: number }).score, ranked: (byUnit.get(u.unitId) as { rank: number | null }).rank !== null });
    }
    const ranked = (res.body.items as Array<{ score: number; rank: number | null }>).filter((u) => u.rank !== null);
    expect(ranked.map((u) => u.rank)).toEqual(ranked.map((_, i) => i + 1));
    expect(ranked.map((u) => u.score)).toEqual([...ranked.map((u) => u.score)].sort((a, b) => b - a));
    const nc = res.body.items.find((u: { unitName: string }) => u.unitName === '南昌市生态环境局');
    // 3 closed on time, every acceptance on time, no returns, no 回头看 yet: best of the province
    expect(nc).toMatchObject({ rectificationOnTimeRate: 1, acceptanceOnTimeRate: 1, returnRate: 0, reboundRate: null, rank: 1 });
    const jj = res.body.items.find((u: { unitName: string }) => u.unitName === '九江市生态环境局');
    expect(jj.returnRate).toBe(1); // returned both cases it acted on, accepted none
    expect(jj.score).toBeLessThan(nc.score);
    expect(res.body.redList[0].unitName).toBe('南昌市生态环境局');
    expect(res.body.blackList.at(0).score).toBe(Math.min(...ranked.map((u) => u.score)));
    // the old per-request weighting is gone: one score
    expect((await t.http.get('/api/v1/reports/assessment?year=2025&weights=rectification:1').set(await t.auth('jx-supervisor'))).status).toBe(400);
    const xlsx = await t.http.get('/api/v1/reports/assessment.xlsx?year=2025').set(await t.auth('jx-supervisor')).buffer(true).parse(binary);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['考核排名', '红榜', '黑榜']);
    expect(wb.getWorksheet('红榜')!.getRow(5).getCell(2).value).toBe('南昌市生态环境局');
  });
});
