import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, send, sendOk } from '../support/case-factory.js';

/**
 * SPEC §3 "who may send" × SPEC §6 visibility, written out independently of the machine's metadata
 * so that a wrong permission in the machine fails here. Cases are in 南昌 (360100), lead unit
 * 南昌市生态环境局 (nc-eeb), co-unit 东湖区人民政府 (dh-gov).
 */
type Who = 'ncInspector' | 'jxInspector' | 'ahInspector' | 'ncSupervisor' | 'ahSupervisor' | 'leadBureau' | 'coBureau' | 'otherBureau' | 'admin';
const USERS: Record<Who, string> = {
  ncInspector: 'nc-inspector',
  jxInspector: 'jx-inspector',
  ahInspector: 'ah-inspector',
  ncSupervisor: 'nc-supervisor',
  ahSupervisor: 'ah-supervisor',
  leadBureau: 'nc-bureau',
  coBureau: 'dh-bureau',
  otherBureau: 'jj-bureau',
  admin: 'admin',
};

const INSPECTORS: Who[] = ['ncInspector', 'jxInspector'];
const SUPERVISORS: Who[] = ['ncSupervisor'];

interface Row {
  event: string;
  from: string;
  /** Who may send it (200); everyone else who can see the case gets 403. */
  allowed: Who[];
  /** A valid body, given the case as it is now. */
  body: (c: { rectificationDueAt?: string | null }) => Record<string, unknown>;
  withPendingExtension?: boolean;
}

const plusDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

const ROWS: Row[] = [
  { event: 'ASSIGN', from: 'reported', allowed: [...SUPERVISORS, ...INSPECTORS], body: () => ({}) },
  { event: 'WITHDRAW', from: 'reported', allowed: [...SUPERVISORS, ...INSPECTORS], body: () => ({ reason: '重复登记' }) },
  { event: 'ACCEPT', from: 'assigned', allowed: ['leadBureau'], body: () => ({}) },
  { event: 'RETURN', from: 'assigned', allowed: ['leadBureau'], body: () => ({ reasonCode: 'other', reason: '不属于本单位职责' }) },
  { event: 'REPORT_PROGRESS', from: 'rectifying.inProgress', allowed: ['leadBureau', 'coBureau'], body: () => ({ note: '推进中', percent: 50 }) },
  {
    event: 'REQUEST_EXTENSION',
    from: 'rectifying.inProgress',
    allowed: ['leadBureau'],
    body: (c) => ({ requestedDueAt: plusDays(c.rectificationDueAt!, 5), reason: '雨季施工受阻' }),
  },
  { event: 'APPROVE_EXTENSION', from: 'rectifying.inProgress', withPendingExtension: true, allowed: SUPERVISORS, body: () => ({ note: '同意' }) },
  { event: 'REJECT_EXTENSION', from: 'rectifying.inProgress', withPendingExtension: true, allowed: SUPERVISORS, body: () => ({ reason: '理由不充分' }) },
  {
    event: 'SUBMIT_EVIDENCE',
    from: 'rectifying.inProgress',
    allowed: ['leadBureau'],
    body: () => ({ summary: '完成', evidence: [{ kind: 'document', title: '报告', ref: 'r-1' }] }),
  },
  { event: 'VERIFY_PASS', from: 'rectifying.awaitingVerification', allowed: INSPECTORS, body: () => ({}) },
  { event: 'VERIFY_FAIL', from: 'rectifying.awaitingVerification', allowed: INSPECTORS, body: () => ({ reason: '整改不到位' }) },
  { event: 'CLOSE', from: 'verified', allowed: SUPERVISORS, body: () => ({}) },
  { event: 'START_REVISIT', from: 'closed', allowed: INSPECTORS, body: () => ({}) },
  { event: 'REVISIT_PASS', from: 'reboundCheck', allowed: INSPECTORS, body: () => ({}) },
  { event: 'REBOUND_FOUND', from: 'reboundCheck', allowed: INSPECTORS, body: () => ({ findings: '问题反弹', rectificationWorkingDays: 10 }) },
];

/** Who sees a 南昌 case in this state: officials of 南昌 and 江西, admins, and (once assigned) the lead and co-unit. */
function visible(who: Who, from: string): boolean {
  if (['ahInspector', 'ahSupervisor', 'otherBureau'].includes(who)) return false;
  if ((who === 'leadBureau' || who === 'coBureau') && from === 'reported') return false;
  return true;
}

describe('access matrix: role × own/other jurisdiction × event', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  async function setUp(row: Row) {
    const c = await caseIn(t, row.from);
    let current = c;
    if (row.withPendingExtension) {
      current = await sendOk(t, c.id, 'nc-bureau', { type: 'REQUEST_EXTENSION', requestedDueAt: plusDays(String(c.rectificationDueAt), 3), reason: '需要更多时间' });
    }
    return current;
  }

  for (const row of ROWS) {
    describe(`${row.event} from ${row.from}`, () => {
      for (const who of Object.keys(USERS) as Who[]) {
        const expected = !visible(who, row.from) ? 404 : row.allowed.includes(who) ? 200 : 403;
        it(`${who} → ${expected}`, async () => {
          const c = await setUp(row);
          const body = row.event === 'ASSIGN' ? { leadUnitId: t.fixture.units.ncEeb, coUnitIds: [t.fixture.units.dhGov] } : row.body(c as { rectificationDueAt?: string });
          const res = await send(t, c.id, USERS[who], { type: row.event, ...body });
          expect({ status: res.status, code: res.body.code }).toMatchObject({ status: expected });
          const after = await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('admin'));
          expect(after.body.version).toBe(expected === 200 ? c.version + 1 : c.version);
        });
      }
    });
  }

  it('lists never contain a case the caller may not see', async () => {
    const own = await caseIn(t, 'assigned');
    for (const who of ['ahInspector', 'ahSupervisor', 'otherBureau'] as Who[]) {
      const res = await t.http.get('/api/v1/cases?pageSize=100').set(await t.auth(USERS[who]));
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: { id: string }) => c.id)).not.toContain(own.id);
      expect(res.body.items.every((c: { regionCode: string }) => !c.regionCode.startsWith('3601'))).toBe(true);
    }
    const lead = await t.http.get('/api/v1/cases?pageSize=100').set(await t.auth('nc-bureau'));
    expect(lead.body.items.map((c: { id: string }) => c.id)).toContain(own.id);
    expect(lead.body.items.every((c: { leadUnit: { id: string } | null; coUnits: Array<{ id: string }> }) =>
      c.leadUnit?.id === t.fixture.units.ncEeb || c.coUnits.some((u) => u.id === t.fixture.units.ncEeb))).toBe(true);
  });

  it('history and verification of an invisible case are 404 too', async () => {
    const c = await caseIn(t, 'reported');
    for (const path of ['', '/history', '/history/verify']) {
      const res = await t.http.get(`/api/v1/cases/${c.id}${path}`).set(await t.auth('ah-supervisor'));
      expect(res.status).toBe(404);
    }
  });
});
