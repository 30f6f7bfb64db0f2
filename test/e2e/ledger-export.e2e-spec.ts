import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { sendOk, EVIDENCE } from '../support/case-factory.js';
import { binary, importLedger } from '../support/ledger-http.js';
import { PROVINCIAL_BATCH, provincialList } from '../support/ledger-sheets.js';

type Case = Record<string, unknown> & { id: string; externalRef: string; leadUnit: { name: string } | null; coUnits: Array<{ name: string }> };

async function readXlsx(buffer: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as never);
  const sheet = wb.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Array<Record<string, unknown>> = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  });
  return { sheet, header, rows };
}

async function allCases(t: TestApp, as: string, query = ''): Promise<Case[]> {
  const out: Case[] = [];
  for (let page = 1; ; page++) {
    const res = await t.http.get(`/api/v1/cases?pageSize=100&page=${page}${query}`).set(await t.auth(as));
    out.push(...res.body.items);
    if (out.length >= res.body.total) return out;
  }
}

describe('ledger export: the list as a 台账, and back', () => {
  let t: TestApp;
  let exported: Buffer;
  beforeAll(async () => {
    t = await startTestApp();
    await importLedger(t, (await provincialList({ fix: true })).buffer);
    // move a few cases on: accepted with progress, an approved extension, one closed
    const cases = await allCases(t, 'jx-supervisor');
    const byRef = (n: number) => cases.find((c) => c.externalRef === `${PROVINCIAL_BATCH}-${n}`)!;
    await sendOk(t, byRef(11).id, 'nc-bureau', { type: 'ACCEPT' });
    await sendOk(t, byRef(11).id, 'nc-bureau', { type: 'REPORT_PROGRESS', note: '已完成设备招标', percent: 40 });
    await sendOk(t, byRef(8).id, 'nc-bureau', { type: 'ACCEPT' });
    await sendOk(t, byRef(8).id, 'nc-bureau', { type: 'REQUEST_EXTENSION', requestedDueAt: '2025-07-20T15:59:59.999Z', reason: '汛期施工受限' });
    await sendOk(t, byRef(8).id, 'jx-supervisor', { type: 'APPROVE_EXTENSION' });
    await sendOk(t, byRef(16).id, 'nc-bureau', { type: 'ACCEPT' });
    await sendOk(t, byRef(16).id, 'nc-bureau', EVIDENCE);
    await sendOk(t, byRef(16).id, 'jx-inspector', { type: 'VERIFY_PASS' });
    await sendOk(t, byRef(16).id, 'jx-supervisor', { type: 'CLOSE' });
    t.setNow('2025-04-01T02:00:00.000Z');
    exported = (await t.http.get('/api/v1/cases/export.xlsx').set(await t.auth('jx-supervisor')).buffer(true).parse(binary)).body as Buffer;
  });
  afterAll(async () => t.close());

  it('one row a case the list shows, frozen header, widths, real dates, states in Chinese', async () => {
    const { sheet, rows, header } = await readXlsx(exported);
    expect(rows).toHaveLength(100);
    expect(header.slice(0, 7)).toEqual(['序号', '案件编号', '外部编号', '问题来源', '督察批次', '问题标题', '问题描述']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(7).width).toBe(50);
    const row = (n: number) => rows.find((r) => r['外部编号'] === `${PROVINCIAL_BATCH}-${n}`)!;
    expect(row(11)).toMatchObject({ 状态: '整改中', 问题来源: '省级生态环境保护督察', 责任单位: '南昌市生态环境局', 整改措施: '完成治理设施改造', 整改进展: '2025-03-03 已完成设备招标（40%）' });
    expect(row(11)['整改时限']).toEqual(new Date('2025-03-17T00:00:00.000Z')); // 立行立改, a real Excel date
    expect(row(8)).toMatchObject({ 延期: '已延期 1 次（原时限 2025-06-30）' });
    expect(row(8)['整改时限']).toEqual(new Date('2025-07-20T00:00:00.000Z'));
    expect(row(16)).toMatchObject({ 状态: '已销号' });
    expect(row(16)['销号日期']).toEqual(new Date('2025-03-03T00:00:00.000Z'));
    // 立行立改 was due on 17 March: on 1 April it is 11 working days overdue, and shown so
    expect(row(11)['剩余工作日（负数为超期）']).toBe(-11);
    expect(row(20)).toMatchObject({ 状态: '待交办', 责任单位: null });
    // 时限责任方: whose lateness the running clock is, with the API's clock-owner labels
    expect(row(11)['时限责任方']).toBe('责任单位');
    expect(row(20)['时限责任方']).toBe('督办人员');
    expect(header.indexOf('时限责任方')).toBe(header.indexOf('剩余工作日（负数为超期）') + 1);
  });

  it('时限责任方 names the supervisors beside the unit while an extension waits; clockOwner filters the export as it filters the list', async () => {
    const cases = await allCases(t, 'jx-supervisor');
    const pending = cases.find((c) => c.externalRef === `${PROVINCIAL_BATCH}-12`)!;
    const accepted = await sendOk(t, pending.id, 'nc-bureau', { type: 'ACCEPT' });
    const requestedDueAt = new Date(Date.parse(String(accepted.rectificationDueAt)) + 10 * 86_400_000).toISOString();
    await sendOk(t, pending.id, 'nc-bureau', { type: 'REQUEST_EXTENSION', requestedDueAt, reason: '雨季施工' });
    for (const query of ['clockOwner=supervisor', 'clockOwner=unit', 'clockOwner=inspector', 'clockOwner=unit&overdue=true', 'clockOwner=supervisor&pendingExtension=true']) {
      const list = await allCases(t, 'jx-supervisor', `&${query}`);
      for (const format of ['xlsx', 'csv'] as const) {
        const res = await t.http.get(`/api/v1/cases/export.${format}?${query}`).set(await t.auth('jx-supervisor')).buffer(true).parse(binary);
        expect({ query, format, status: res.status }).toEqual({ query, format, status: 200 });
        const codes =
          format === 'xlsx'
            ? (await readXlsx(res.body as Buffer)).rows.map((r) => r['案件编号'])
            : (res.body as Buffer).toString('utf8').trim().split('\r\n').slice(1).map((line) => line.split(',')[1]);
        expect({ query, format, codes: codes.sort() }).toEqual({ query, format, codes: list.map((c) => c.code).sort() });
      }
    }
    const bySupervisor = await allCases(t, 'jx-supervisor', '&clockOwner=supervisor');
    expect(bySupervisor.map((c) => c.id)).toContain(pending.id);
    const res = await t.http.get('/api/v1/cases/export.xlsx?clockOwner=supervisor&pendingExtension=true').set(await t.auth('jx-supervisor')).buffer(true).parse(binary);
    const { rows } = await readXlsx(res.body as Buffer);
    expect(rows.map((r) => [r['外部编号'], r['时限责任方']])).toEqual([[`${PROVINCIAL_BATCH}-12`, '责任单位；督办人员（延期审批）']]);
    expect((await t.http.get('/api/v1/cases/export.csv?clockOwner=nobody').set(await t.auth('jx-supervisor'))).status).toBe(400);
  });

  it('the same filters and jurisdiction as the list', async () => {
    for (const [as, query] of [['jj-supervisor', ''], ['nc-bureau', ''], ['jx-supervisor', '&state=rectifying'], ['jx-supervisor', '&regionCode=360102'], ['ah-supervisor', '']] as const) {
      const list = await allCases(t, as, query);
      const res = await t.http.get(`/api/v1/cases/export.xlsx?${query.slice(1)}`).set(await t.auth(as)).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      const { rows } = await readXlsx(res.body as Buffer);
      expect({ as, query, refs: rows.map((r) => r['案件编号']).sort() }).toEqual({ as, query, refs: list.map((c) => c.code).sort() });
    }
    expect((await t.http.get('/api/v1/cases/export.xlsx?state=nope').set(await t.auth('jx-supervisor'))).status).toBe(400);
    expect((await t.http.get('/api/v1/cases/export.csv')).status).toBe(401);
  });

  it('CSV with a UTF-8 BOM, the same rows', async () => {
    const res = await t.http.get('/api/v1/cases/export.csv?regionCode=360400').set(await t.auth('jx-supervisor')).buffer(true).parse(binary);
    const text = (res.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF序号,案件编号,外部编号')).toBe(true);
    expect(res.headers['content-type']).toContain('text/csv');
    const list = await allCases(t, 'jx-supervisor', '&regionCode=360400');
    expect(text.trim().split('\r\n')).toHaveLength(list.length + 1);
  });

  it('round trip: the export re-imported into a fresh database gives the same cases', async () => {
    const fresh = await startTestApp({ start: '2025-03-03T02:00:00.000Z' });
    try {
      const { done } = await importLedger(fresh, exported);
      expect(done.results.failed).toBe(0);
      expect(done.errors).toEqual([]);
      const fields = (c: Case) => ({
        title: c.title, description: c.description, source: c.source, category: c.category, severity: c.severity, regionCode: c.regionCode,
        batch: c.batch, externalRef: c.externalRef, leadUnit: c.leadUnit?.name ?? null, coUnits: c.coUnits.map((u) => u.name).sort(),
        responsiblePerson: c.responsiblePerson, leader: c.leader, rectificationDueAt: c.rectificationDueAt,
      });
      const before = (await allCases(t, 'jx-supervisor')).map(fields).sort((a, b) => a.externalRef.localeCompare(b.externalRef));
      const after = (await allCases(fresh, 'jx-supervisor')).map(fields).sort((a, b) => a.externalRef.localeCompare(b.externalRef));
      expect({ n: after.length, planned: done.planned, results: done.results, missing: before.filter((b) => !after.some((a) => a.externalRef === b.externalRef)).map((b) => b.externalRef) }).toMatchObject({ n: before.length });
      expect(after).toEqual(before);
      // and importing it again there changes nothing
      const again = await importLedger(fresh, exported);
      expect(again.done.results).toMatchObject({ created: 0, assigned: 0, unchanged: 100 });
    } finally {
      await fresh.close();
    }
  });
});
