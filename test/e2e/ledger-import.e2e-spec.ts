import { startTestApp, type TestApp } from '../support/test-app.js';
import { PROVINCIAL_BATCH, provincialList } from '../support/ledger-sheets.js';

type Row = { rowNumber: number; outcome: string; errors: Array<{ column: string | null; header: string | null; message: string }>; notes: string[]; caseId: string | null; display: { due?: string } };

describe('ledger import: dry run, commit through the engine, re-import', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  const upload = async (buffer: Buffer, as = 'jx-supervisor', name = '问题清单.xlsx', fields: Record<string, string> = {}) => {
    let req = t.http.post('/api/v1/imports').set(await t.auth(as));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', buffer, name);
  };
  const commitAndWait = async (id: string, planHash: string, as = 'jx-supervisor') => {
    const res = await t.http.post(`/api/v1/imports/${id}/commit`).set(await t.auth(as)).send({ planHash });
    expect(res.status).toBe(202);
    for (let i = 0; i < 300; i++) {
      const progress = await t.http.get(`/api/v1/imports/${id}`).set(await t.auth(as));
      expect(progress.body.done).toBeLessThanOrEqual(progress.body.toApply);
      if (progress.body.status === 'committed') return progress.body;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('commit did not finish');
  };
  const fingerprint = async () => t.db.one<{ cases: number | string; events: number | string; versions: number | string }>(
    'SELECT (SELECT COUNT(*) FROM cases) AS cases, (SELECT COUNT(*) FROM case_events) AS events, (SELECT COALESCE(SUM(version), 0) FROM cases) AS versions',
  );

  let firstImport: { id: string; planHash: string };

  it('dry run of the 101-row provincial list: every row with its outcome, errors by sheet row and column', async () => {
    const list = await provincialList();
    const before = await fingerprint();
    const res = await upload(list.buffer);
    expect(res.status).toBe(201);
    expect(res.body.headerRows).toEqual([2, 3]);
    expect(res.body.total).toBe(101);
    expect(res.body.planned).toEqual(list.expected);
    expect(res.body.status).toBe('planned');
    const rows: Row[] = res.body.rows;
    const at = (seq: number) => rows.find((r) => r.rowNumber === list.rowOf.get(seq))!;
    // blank rows: 序号 31 sits on sheet row 36, not 34
    expect(list.rowOf.get(31)).toBe(36);
    expect(at(33)).toMatchObject({ outcome: 'error', errors: [{ column: 'G', header: '责任单位', message: expect.stringContaining('九江市环保局”不存在') }] });
    expect(at(44).errors[0]).toMatchObject({ column: 'E', message: expect.stringContaining('不在您的管辖范围内') });
    expect(at(55).errors[0]).toMatchObject({ column: 'L', header: '整改时限', message: expect.stringContaining('“尽快”无法识别') });
    expect(at(66).errors[0]!.message).toContain('2024-12-31 已过');
    const duplicate = rows.find((r) => r.rowNumber === list.duplicateRow)!;
    expect(duplicate.errors[0]!.message).toContain(`与第 ${list.rowOf.get(12)} 行重复`);
    // the trailing space is trimmed, the full-width 序号 folded, the phrases read and shown
    expect(at(7)).toMatchObject({ outcome: 'create+assign', display: { leadUnit: '南昌市生态环境局' } });
    expect((res.body.rows as Row[]).find((r) => r.rowNumber === list.rowOf.get(13))).toMatchObject({ outcome: 'create+assign' });
    expect(at(13).notes.join()).toContain(`${PROVINCIAL_BATCH}-13`);
    expect(at(8)).toMatchObject({ display: { due: '2025-06-30' } }); // 2025年6月底前
    expect(at(9)).toMatchObject({ display: { due: '2025-09-30' } }); // serial 45930
    expect(at(10)).toMatchObject({ display: { due: '2025-12-31' } }); // a Date cell
    expect(at(11).notes.join()).toContain('立行立改');
    expect(at(11).display.due).toBe('2025-03-17'); // 10 working days after Mon 3 March
    expect(at(12).notes.join()).toContain('长期坚持');
    expect(at(12).display.due).toBe('2025-12-31');
    expect(at(15)).toMatchObject({ display: { due: '2025-09-30' } }); // full-width text date
    expect(at(20)).toMatchObject({ outcome: 'create' });
    // a dry run creates no case
    expect(await fingerprint()).toEqual(before);
    firstImport = { id: res.body.id, planHash: res.body.planHash };
  });

  it('commit applies exactly the plan through the engine: history, clocks and assignment are real', async () => {
    const wrong = await t.http.post(`/api/v1/imports/${firstImport.id}/commit`).set(await t.auth('jx-supervisor')).send({ planHash: 'a'.repeat(64) });
    expect(wrong.status).toBe(409);
    const done = await commitAndWait(firstImport.id, firstImport.planHash);
    expect(done.results).toEqual({ created: 1, assigned: 95, unchanged: 0, failed: 0 });
    expect(done.done).toBe(96);
    expect(done.errors).toHaveLength(5);
    const again = await t.http.post(`/api/v1/imports/${firstImport.id}/commit`).set(await t.auth('jx-supervisor')).send({ planHash: firstImport.planHash });
    expect(again.status).toBe(409);

    const list = await t.http.get(`/api/v1/cases?batch=${encodeURIComponent(PROVINCIAL_BATCH)}&pageSize=100`).set(await t.auth('jx-supervisor'));
    expect(list.body.total).toBe(96);
    const case8 = list.body.items.find((c: { externalRef: string }) => c.externalRef === `${PROVINCIAL_BATCH}-8`);
    expect(case8).toMatchObject({ stateDetail: 'assigned', source: 'provincial_inspection', regionCode: '360100', rectificationDueAt: '2025-06-30T15:59:59.999Z', responsiblePerson: '责任人8' });
    expect(case8.description).toContain('【整改措施】完成治理设施改造');
    const history = await t.http.get(`/api/v1/cases/${case8.id}/history`).set(await t.auth('jx-supervisor'));
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(['CREATED', 'ASSIGN']);
    expect(history.body.items[1].actor.username).toBe('jx-supervisor');
    expect((await t.http.get(`/api/v1/cases/${case8.id}/history/verify`).set(await t.auth('jx-supervisor'))).body.valid).toBe(true);
    // the lead unit sees it in its list, like any assigned case
    const bureau = await t.http.get('/api/v1/cases?state=assigned&pageSize=100').set(await t.auth('nc-bureau'));
    expect(bureau.body.items.some((c: { id: string }) => c.id === case8.id)).toBe(true);
  });

  it('re-importing the same file changes nothing; the corrected file creates only what is new', async () => {
    const before = await fingerprint();
    const res = await upload((await provincialList()).buffer);
    expect(res.body.planned).toEqual({ create: 0, 'create+assign': 0, unchanged: 96, error: 5 });
    const done = await commitAndWait(res.body.id, res.body.planHash);
    expect(done.results).toMatchObject({ created: 0, assigned: 0, unchanged: 96 });
    expect(await fingerprint()).toEqual(before);

    const fixed = await provincialList({ fix: true });
    const second = await upload(fixed.buffer);
    expect(second.body.planned).toEqual({ create: 0, 'create+assign': 4, unchanged: 96, error: 1 });
    const committed = await commitAndWait(second.body.id, second.body.planHash);
    expect(committed.results).toMatchObject({ assigned: 4, unchanged: 96, failed: 0 });
    expect(Number((await fingerprint())!.cases)).toBe(Number(before!.cases) + 4);
  });

  it('CSV with a BOM and default source/batch fields; explicit mapping of an unknown header', async () => {
    const csv = '\uFEFF编号,反馈意见,地区,牵头单位,完成时限\n1,"某码头粉尘污染，堆场未覆盖",九江市,九江市生态环境局,2025/7/31\n\n2,某河道垃圾堆放,南昌市,,\n';
    const res = await upload(Buffer.from(csv, 'utf8'), 'jx-supervisor', 'list.csv', { source: 'routine', batch: '2025年3月日常检查', mapping: JSON.stringify({ 反馈意见: 'description' }) });
    expect(res.status).toBe(201);
    expect(res.body.rows.map((r: Row) => [r.rowNumber, r.outcome])).toEqual([[2, 'create+assign'], [4, 'create']]);
    expect(res.body.rows[0].display.due).toBe('2025-07-31');
  });

  it('refuses what it cannot read, with a 4xx and nothing stored', async () => {
    const before = await t.db.one<{ n: number | string }>('SELECT COUNT(*) AS n FROM imports');
    expect((await upload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'jx-supervisor', 'old.xls')).status).toBe(400);
    expect((await upload(Buffer.from('a,b\n1,2\n'), 'jx-supervisor', 'x.csv')).body.message).toContain('找不到表头');
    expect((await upload(Buffer.from('PK\u0003\u0004garbage'), 'jx-supervisor', 'x.xlsx')).status).toBe(400);
    expect((await t.http.post('/api/v1/imports').set(await t.auth('jx-supervisor')).send({ a: 1 })).status).toBe(400);
    expect((await upload((await provincialList()).buffer, 'nc-bureau')).status).toBe(403);
    expect((await upload((await provincialList()).buffer, 'jx-supervisor', 'a.xlsx', { mapping: '{"x": "nope"}' })).status).toBe(400);
    expect(await t.db.one('SELECT COUNT(*) AS n FROM imports')).toEqual(before);
  });

  it('an import is its importer’s record: others get 404', async () => {
    expect((await t.http.get(`/api/v1/imports/${firstImport.id}`).set(await t.auth('jj-supervisor'))).status).toBe(404);
    expect((await t.http.get(`/api/v1/imports/${firstImport.id}`).set(await t.auth('admin'))).status).toBe(200);
    const rows = await t.http.get(`/api/v1/imports/${firstImport.id}/rows?pageSize=10&page=2`).set(await t.auth('jx-supervisor'));
    expect(rows.body.items).toHaveLength(10);
    expect(rows.body.items[0].result).toEqual(expect.any(String));
  });

  it('the template has the headers, the drop-down lists and an example row, and imports as it is', async () => {
    const res = await t.http.get('/api/v1/imports/template.xlsx').set(await t.auth('jx-supervisor')).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const sheet = wb.getWorksheet('问题清单')!;
    expect(sheet.getRow(1).values).toEqual(expect.arrayContaining(['序号', '问题来源', '问题描述', '责任单位', '整改时限']));
    expect(sheet.getCell('B2').dataValidation).toMatchObject({ type: 'list' });
    const dry = await upload(res.body as Buffer);
    expect(dry.body.rows[0]).toMatchObject({ outcome: 'create+assign', display: { due: '2025-06-30' } });
  });
});

describe('ledger import: the dry run previews each row\'s due under its own region\'s policy and calendar', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('a region with its own rectification period and a day off: the previewed due is the due the commit gives', async () => {
    const admin = await t.auth('jx-admin');
    // 南昌 (360100): 7 working days by default, and Wednesday 5 March is not a working day there.
    const base = (await t.http.get('/api/v1/policies?regionCode=360100').set(admin)).body;
    const saved = await t.http.put('/api/v1/policies?regionCode=360100').set(admin).set('If-Match', `"${base.version}"`)
      .send({ ...base.policy, deadlines: { ...base.policy.deadlines, rectificationWorkingDays: 7 } });
    expect(saved.status).toBe(200);
    expect((await t.http.put('/api/v1/calendar/overrides/2025-03-05?regionCode=360100').set(admin).send({ workday: false, name: '南昌停工' })).status).toBe(200);

    const csv = '\uFEFF序号,问题描述,所在地区,责任单位,整改时限\n1,南昌某码头粉尘,南昌市,南昌市生态环境局,\n2,南昌某河道垃圾,南昌市,南昌市生态环境局,立行立改\n3,九江某码头粉尘,九江市,九江市生态环境局,\n4,九江某河道垃圾,九江市,九江市生态环境局,立行立改\n';
    const dry = await t.http.post('/api/v1/imports').set(await t.auth('jx-supervisor')).field('source', 'routine').field('batch', '区域时限').attach('file', Buffer.from(csv, 'utf8'), 'list.csv');
    expect(dry.status).toBe(201);
    const previewed = (dry.body.rows as Row[]).map((r) => r.display.due);
    // 南昌's rules moved both of its dues; 九江 keeps the national ones.
    expect(previewed[0]).not.toBe(previewed[2]);
    expect(previewed[1]).not.toBe(previewed[3]);

    const commit = await t.http.post(`/api/v1/imports/${dry.body.id}/commit`).set(await t.auth('jx-supervisor')).send({ planHash: dry.body.planHash });
    expect(commit.status).toBe(202);
    for (let i = 0; i < 200 && (await t.http.get(`/api/v1/imports/${dry.body.id}`).set(await t.auth('jx-supervisor'))).body.status !== 'committed'; i++) await new Promise((r) => setTimeout(r, 50));
    const list = await t.http.get('/api/v1/cases?batch=区域时限&pageSize=10').set(await t.auth('jx-supervisor'));
    const shanghaiDate = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const committed = [1, 2, 3, 4].map((n) => shanghaiDate(list.body.items.find((c: { externalRef: string }) => c.externalRef === `区域时限-${n}`).rectificationDueAt));
    expect(previewed).toEqual(committed);
  });
});

