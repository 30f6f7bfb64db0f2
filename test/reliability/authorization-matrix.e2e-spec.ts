import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, createCase, EVIDENCE, sendOk } from '../support/case-factory.js';
import { pdf } from '../support/evidence-files.js';

/**
 * Every endpoint × role × own/other jurisdiction, from one table. "Own" resources are in 南昌
 * (360100, lead unit nc-eeb); the "other" users are in 安徽 (340000) or an unrelated unit (九江).
 * Anonymous callers get 401 everywhere but health; lists are checked separately for leaks.
 * `admin` is the national admin (100000); jx-admin administers 江西 (own), ah-admin 安徽 (other).
 */
type Who = 'anon' | 'admin' | 'jxAdmin' | 'ahAdmin' | 'ncInspector' | 'ahInspector' | 'ncSupervisor' | 'ahSupervisor' | 'ncBureau' | 'jjBureau';
const USERS: Record<Exclude<Who, 'anon'>, string> = {
  admin: 'admin',
  jxAdmin: 'jx-admin',
  ahAdmin: 'ah-admin',
  ncInspector: 'nc-inspector',
  ahInspector: 'ah-inspector',
  ncSupervisor: 'nc-supervisor',
  ahSupervisor: 'ah-supervisor',
  ncBureau: 'nc-bureau',
  jjBureau: 'jj-bureau',
};
const ALL: Who[] = ['anon', ...(Object.keys(USERS) as Who[])];

interface Ctx {
  t: TestApp;
  own: { rectifying: string; reported: string; escalation: string; campaign: string; unit: string; user: string; notification: string; webhook: string; delivery: string; importId: string; importPlan: string; attachment: string; comment: string; suspendable: string };
  n: () => number;
}

interface Row {
  name: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: (c: Ctx, who: Who) => string | Promise<string>;
  body?: (c: Ctx, who: Who) => unknown;
  /** A file upload (multipart field `file`) instead of a JSON body. */
  attach?: () => { buffer: Buffer; name: string };
  /** Expected status per caller; everyone not listed gets `otherwise`. 2xx is written 200. */
  expect: Partial<Record<Who, number>>;
  otherwise: number;
}

const OFFICIALS_OWN: Partial<Record<Who, number>> = { admin: 200, jxAdmin: 200, ncInspector: 200, ncSupervisor: 200 };
const ADMIN_ONLY = { expect: { admin: 200, jxAdmin: 200, ahAdmin: 200 }, otherwise: 403 };
/** Admin work in 南昌 (360100 / 360000): the national and the 江西 admin; the 安徽 admin is outside. */
const ADMIN_OF_OWN = { expect: { admin: 200, jxAdmin: 200 }, otherwise: 403 };
/** A user of 南昌 as admins see it: outside the 安徽 admin's subtree it does not exist. */
const ADMIN_OF_OWN_USER = { expect: { admin: 200, jxAdmin: 200, ahAdmin: 404 }, otherwise: 403 };
const NATIONAL_ADMIN = { expect: { admin: 200 }, otherwise: 403 };
const EVERYONE = { expect: {}, otherwise: 200 };
const SEES_OWN_CASE: Partial<Record<Who, number>> = {
  admin: 200,
  jxAdmin: 200,
  ahAdmin: 404,
  ncInspector: 200,
  ncSupervisor: 200,
  ncBureau: 200,
  ahInspector: 404,
  ahSupervisor: 404,
  jjBureau: 404,
};

const ROWS: Row[] = [
  { name: 'GET /me', method: 'get', path: () => '/me', ...EVERYONE },
  { name: 'GET /regions', method: 'get', path: () => '/regions', ...EVERYONE },
  { name: 'POST /regions', method: 'post', path: () => '/regions', body: (c) => ({ code: String(361000 + c.n()), name: '新区', level: 'city', parentCode: '360000' }), ...ADMIN_OF_OWN },
  { name: 'GET /units', method: 'get', path: () => '/units', ...EVERYONE },
  { name: 'POST /units', method: 'post', path: () => '/units', body: (c) => ({ name: `单位 ${c.n()}`, regionCode: '360100' }), ...ADMIN_OF_OWN },
  { name: 'GET /users', method: 'get', path: () => '/users', ...ADMIN_ONLY },
  {
    name: 'POST /users',
    method: 'post',
    path: () => '/users',
    body: (c) => ({ username: `u${c.n()}`, password: 'long-enough-1', displayName: 'x', role: 'inspector', regionCode: '360100' }),
    ...ADMIN_OF_OWN,
  },
  { name: 'GET /users/:id', method: 'get', path: (c) => `/users/${c.own.user}`, ...ADMIN_OF_OWN_USER },
  { name: 'PATCH /users/:id', method: 'patch', path: (c) => `/users/${c.own.user}`, body: (c) => ({ displayName: `改名 ${c.n()}` }), ...ADMIN_OF_OWN_USER },
  { name: 'POST /users/:id/password', method: 'post', path: (c) => `/users/${c.own.user}/password`, body: (c) => ({ newPassword: `reset-password-${c.n()}` }), ...ADMIN_OF_OWN_USER },
  { name: 'POST /users/:id/disable', method: 'post', path: (c) => `/users/${c.own.user}/disable`, ...ADMIN_OF_OWN_USER },
  { name: 'POST /users/:id/enable', method: 'post', path: (c) => `/users/${c.own.user}/enable`, ...ADMIN_OF_OWN_USER },
  { name: 'GET /cases', method: 'get', path: () => '/cases', ...EVERYONE },
  {
    name: 'POST /cases (own region)',
    method: 'post',
    path: () => '/cases',
    body: () => ({ title: 't', description: 'd', source: 'routine', category: 'air', regionCode: '360100' }),
    expect: OFFICIALS_OWN,
    otherwise: 403,
  },
  { name: 'GET /cases/:id', method: 'get', path: (c) => `/cases/${c.own.rectifying}`, expect: SEES_OWN_CASE, otherwise: 0 },
  { name: 'GET /cases/:id/history', method: 'get', path: (c) => `/cases/${c.own.rectifying}/history`, expect: SEES_OWN_CASE, otherwise: 0 },
  { name: 'GET /cases/:id/history/verify', method: 'get', path: (c) => `/cases/${c.own.rectifying}/history/verify`, expect: SEES_OWN_CASE, otherwise: 0 },
  {
    name: 'POST /cases/:id/events (REPORT_PROGRESS)',
    method: 'post',
    path: (c) => `/cases/${c.own.rectifying}/events`,
    body: () => ({ type: 'REPORT_PROGRESS', note: '进展' }),
    expect: { ncBureau: 200, ahAdmin: 404, ahInspector: 404, ahSupervisor: 404, jjBureau: 404 },
    otherwise: 403,
  },
  {
    name: 'POST /cases/:id/events (EDIT)',
    method: 'post',
    path: (c) => `/cases/${c.own.rectifying}/events`,
    body: (c) => ({ type: 'EDIT', reason: '更正标题', title: `更正后的标题 ${c.n()}` }),
    expect: { ncInspector: 200, ncSupervisor: 200, ahAdmin: 404, ahInspector: 404, ahSupervisor: 404, jjBureau: 404 },
    otherwise: 403,
  },
  {
    name: 'POST /cases/:id/events (ADJUST_UNITS)',
    method: 'post',
    path: (c) => `/cases/${c.own.rectifying}/events`,
    body: (c) => ({ type: 'ADJUST_UNITS', reason: '包保领导调整', leader: `领导 ${c.n()}` }),
    expect: { ncSupervisor: 200, ahAdmin: 404, ahInspector: 404, ahSupervisor: 404, jjBureau: 404 },
    otherwise: 403,
  },
  { name: 'GET /cases/:id/returns', method: 'get', path: (c) => `/cases/${c.own.rectifying}/returns`, expect: SEES_OWN_CASE, otherwise: 0 },
  {
    name: 'GET /cases/:id/assignment-suggestion',
    method: 'get',
    path: (c) => `/cases/${c.own.reported}/assignment-suggestion`,
    expect: { ncInspector: 200, ncSupervisor: 200, ahAdmin: 404, ahInspector: 404, ahSupervisor: 404, ncBureau: 404, jjBureau: 404 },
    otherwise: 403,
  },
  {
    name: 'POST /cases/:id/attachments',
    method: 'post',
    path: (c) => `/cases/${c.own.rectifying}/attachments`,
    attach: () => ({ buffer: pdf('矩阵'), name: '整改报告.pdf' }),
    // who may act on the case now: the lead unit while rectifying (admins see everything but act on nothing)
    expect: { ncBureau: 200, ahAdmin: 404, ahInspector: 404, ahSupervisor: 404, jjBureau: 404 },
    otherwise: 403,
  },
  { name: 'GET /cases/:id/attachments', method: 'get', path: (c) => `/cases/${c.own.rectifying}/attachments`, expect: SEES_OWN_CASE, otherwise: 0 },
  { name: 'GET /attachments/:id', method: 'get', path: (c) => `/attachments/${c.own.attachment}`, expect: SEES_OWN_CASE, otherwise: 0 },
  // comments (docs/comments.md): whoever sees the case talks on it; internal notes are for supervisors and inspectors
  { name: 'GET /cases/:id/comments', method: 'get', path: (c) => `/cases/${c.own.rectifying}/comments`, expect: SEES_OWN_CASE, otherwise: 0 },
  { name: 'POST /cases/:id/comments', method: 'post', path: (c) => `/cases/${c.own.rectifying}/comments`, body: (c) => ({ body: `意见 ${c.n()}` }), expect: SEES_OWN_CASE, otherwise: 0 },
  {
    name: 'POST /cases/:id/comments (internal)',
    method: 'post',
    path: (c) => `/cases/${c.own.rectifying}/comments`,
    body: (c) => ({ body: `内部备注 ${c.n()}`, internal: true }),
    expect: { ncInspector: 200, ncSupervisor: 200, ahAdmin: 404, ahInspector: 404, ahSupervisor: 404, jjBureau: 404 },
    otherwise: 403,
  },
  { name: 'GET /cases/:id/comments/mentionable', method: 'get', path: (c) => `/cases/${c.own.rectifying}/comments/mentionable`, expect: SEES_OWN_CASE, otherwise: 0 },
  {
    name: 'PATCH /cases/:id/comments/:commentId (nc-supervisor’s)',
    method: 'patch',
    path: (c) => `/cases/${c.own.rectifying}/comments/${c.own.comment}`,
    body: (c) => ({ body: `改后的意见 ${c.n()}` }),
    expect: { ncSupervisor: 200, ahAdmin: 404, ahInspector: 404, ahSupervisor: 404, jjBureau: 404 },
    otherwise: 403,
  },
  // 挂起 (docs/suspension.md): a supervisor of the case's jurisdiction suspends and resumes; whoever sees the case reads the record
  { name: 'GET /cases/:id/suspensions', method: 'get', path: (c) => `/cases/${c.own.suspendable}/suspensions`, expect: SEES_OWN_CASE, otherwise: 0 },
  {
    name: 'POST /cases/:id/suspension',
    method: 'post',
    path: (c) => `/cases/${c.own.suspendable}/suspension`,
    body: () => ({ reason: 'litigation', plannedResumeOn: '2099-01-01' }),
    expect: { ...SEES_OWN_CASE, admin: 403, jxAdmin: 403, ncInspector: 403, ncBureau: 403 },
    otherwise: 0,
  },
  { name: 'POST /cases/:id/suspension/resume', method: 'post', path: (c) => `/cases/${c.own.suspendable}/suspension/resume`, expect: { ...SEES_OWN_CASE, admin: 403, jxAdmin: 403, ncInspector: 403, ncBureau: 403 }, otherwise: 0 },
  { name: 'GET /cases/:id/comments/:commentId/revisions', method: 'get', path: (c) => `/cases/${c.own.rectifying}/comments/${c.own.comment}/revisions`, expect: SEES_OWN_CASE, otherwise: 0 },
  { name: 'GET /workflows', method: 'get', path: () => '/workflows', ...EVERYONE },
  { name: 'GET /workflows/case', method: 'get', path: () => '/workflows/case', ...EVERYONE },
  { name: 'GET /workflows/:procedure', method: 'get', path: () => '/workflows/warningFilm?version=1', ...EVERYONE },
  { name: 'GET /labels', method: 'get', path: () => '/labels', ...EVERYONE },
  { name: 'GET /calendar', method: 'get', path: () => '/calendar?from=2025-01-01&to=2025-01-31', ...EVERYONE },
  { name: 'GET /calendar/add-working-days', method: 'get', path: () => '/calendar/add-working-days?from=2025-09-30&days=1', ...EVERYONE },
  { name: 'PUT /calendar/overrides/:date', method: 'put', path: () => '/calendar/overrides/2031-01-02', body: () => ({ workday: false, name: '测试' }), ...ADMIN_ONLY },
  { name: 'GET /policies', method: 'get', path: () => '/policies', ...ADMIN_ONLY },
  // Region-scoped rules: 南昌's calendar and policy are 江西's and the nation's business, not 安徽's.
  {
    name: 'PUT /calendar/overrides/:date?regionCode= (own region)',
    method: 'put',
    path: () => '/calendar/overrides/2031-01-03?regionCode=360100',
    body: () => ({ workday: false, name: '南昌' }),
    ...ADMIN_OF_OWN,
  },
  { name: 'DELETE /calendar/overrides/:date?regionCode= (own region)', method: 'delete', path: () => '/calendar/overrides/2031-01-04?regionCode=360100', expect: { admin: 404, jxAdmin: 404 }, otherwise: 403 },
  { name: 'GET /calendar/overrides?regionCode=', method: 'get', path: () => '/calendar/overrides?regionCode=360100', ...EVERYONE },
  // The official arrangement is national: only the national admin imports a year (an identical repeat is 200, changed: false).
  {
    name: 'POST /calendar/arrangements',
    method: 'post',
    path: () => '/calendar/arrangements',
    body: () => ({ year: 2031, holidays: [{ date: '2031-01-01', name: '元旦' }], workdays: [] }),
    ...NATIONAL_ADMIN,
  },
  { name: 'GET /calendar/arrangements', method: 'get', path: () => '/calendar/arrangements', ...EVERYONE },
  { name: 'GET /policies?regionCode= (own region)', method: 'get', path: () => '/policies?regionCode=360100', ...ADMIN_OF_OWN },
  { name: 'GET /policies/versions?regionCode= (own region)', method: 'get', path: () => '/policies/versions?regionCode=360100', ...ADMIN_OF_OWN },
  { name: 'DELETE /policies?regionCode= (own region)', method: 'delete', path: () => '/policies?regionCode=360100', expect: { admin: 404, jxAdmin: 404 }, otherwise: 403 },
  { name: 'GET /escalations', method: 'get', path: () => '/escalations', expect: { ncInspector: 403, ahInspector: 403 }, otherwise: 200 },
  {
    name: 'POST /escalations/:id/acknowledge',
    method: 'post',
    path: (c) => `/escalations/${c.own.escalation}/acknowledge`,
    // a level-1 (催办) escalation targets the region: invisible to bureaus (404 comes before 403)
    expect: { ncSupervisor: 200, ahAdmin: 404, ahSupervisor: 404, ncBureau: 404, jjBureau: 404 },
    otherwise: 403,
  },
  { name: 'GET /revisits', method: 'get', path: () => '/revisits', ...EVERYONE },
  {
    name: 'POST /revisit-campaigns',
    method: 'post',
    path: () => '/revisit-campaigns',
    body: () => ({ regionCode: '360100', seed: 'matrix', sampleSize: 1, dueAt: '2025-06-01T00:00:00Z' }),
    expect: { ncSupervisor: 200 },
    otherwise: 403,
  },
  // campaigns are the 督察 side's tool: bureaus are 403
  { name: 'GET /revisit-campaigns', method: 'get', path: () => '/revisit-campaigns', expect: { ncBureau: 403, jjBureau: 403 }, otherwise: 200 },
  {
    name: 'GET /revisit-campaigns/:id',
    method: 'get',
    path: (c) => `/revisit-campaigns/${c.own.campaign}`,
    expect: { admin: 200, jxAdmin: 200, ahAdmin: 404, ncInspector: 200, ncSupervisor: 200, ahInspector: 404, ahSupervisor: 404 },
    otherwise: 403,
  },
  { name: 'POST /admin/sweep', method: 'post', path: () => '/admin/sweep', ...NATIONAL_ADMIN },
  { name: 'GET /admin/clock', method: 'get', path: () => '/admin/clock', ...NATIONAL_ADMIN },
  // history anchoring: national work (every case's head), like the sweep
  { name: 'POST /admin/history/checkpoints', method: 'post', path: () => '/admin/history/checkpoints', ...NATIONAL_ADMIN },
  { name: 'GET /admin/history/verify', method: 'get', path: () => '/admin/history/verify', ...NATIONAL_ADMIN },
  { name: 'PUT /admin/clock', method: 'put', path: () => '/admin/clock', body: () => ({ now: '2025-04-01T02:00:00Z' }), ...NATIONAL_ADMIN },
  {
    name: 'POST /assignment-rules (own region)',
    method: 'post',
    path: () => '/assignment-rules',
    body: (c, who) => ({ regionCode: '360100', category: ({ admin: 'noise', jxAdmin: 'solid_waste' } as Partial<Record<Who, string>>)[who] ?? 'radiation', leadUnitId: c.own.unit }),
    expect: { admin: 200, jxAdmin: 200, ncSupervisor: 200 },
    otherwise: 403,
  },
  { name: 'GET /assignment-rules', method: 'get', path: () => '/assignment-rules', expect: { admin: 200, jxAdmin: 200, ahAdmin: 200, ncSupervisor: 200, ahSupervisor: 200 }, otherwise: 403 },
  {
    name: 'POST /assignments/bulk',
    method: 'post',
    path: () => '/assignments/bulk',
    body: (c) => ({ caseIds: [c.own.reported], leadUnitId: c.own.unit }),
    expect: { ncInspector: 200, ncSupervisor: 200, ahInspector: 200, ahSupervisor: 200 },
    otherwise: 403,
  },
  {
    name: 'GET /units/:id/scorecard',
    method: 'get',
    path: (c) => `/units/${c.own.unit}/scorecard?from=2025-01-01T00:00:00Z&to=2025-12-31T00:00:00Z`,
    expect: { admin: 200, jxAdmin: 200, ahAdmin: 404, ncInspector: 200, ncSupervisor: 200, ncBureau: 200, ahInspector: 404, ahSupervisor: 404, jjBureau: 404 },
    otherwise: 0,
  },
  {
    name: 'GET /scorecards (own region)',
    method: 'get',
    path: () => '/scorecards?regionCode=360100&from=2025-01-01T00:00:00Z&to=2025-12-31T00:00:00Z',
    expect: { admin: 200, jxAdmin: 200, ncInspector: 200, ncSupervisor: 200 },
    otherwise: 403,
  },
  // notifications: everyone has their own; a notification of 南昌's lead unit is 404 to anyone else
  { name: 'GET /notifications', method: 'get', path: () => '/notifications?unread=true', ...EVERYONE },
  // the stream ends after a second here (NOTIFICATION_STREAM_MAX_SECONDS below); everyone may open their own
  { name: 'GET /notifications/stream', method: 'get', path: () => '/notifications/stream', ...EVERYONE },
  { name: 'POST /notifications/read-all', method: 'post', path: () => '/notifications/read-all', ...EVERYONE },
  {
    name: 'POST /notifications/:id/read',
    method: 'post',
    path: (c) => `/notifications/${c.own.notification}/read`,
    expect: { ncBureau: 200 },
    otherwise: 404,
  },
  // webhooks: admins of the endpoint's region (360000) and above; the 安徽 admin does not see it
  { name: 'POST /webhooks', method: 'post', path: () => '/webhooks', body: () => ({ url: 'http://127.0.0.1:9/matrix', events: ['case.closed'] }), ...ADMIN_ONLY },
  { name: 'GET /webhooks', method: 'get', path: () => '/webhooks', ...ADMIN_ONLY },
  { name: 'GET /webhooks/dead-letters', method: 'get', path: () => '/webhooks/dead-letters', ...ADMIN_ONLY },
  { name: 'GET /webhooks/:id', method: 'get', path: (c) => `/webhooks/${c.own.webhook}`, ...ADMIN_OF_OWN_USER },
  { name: 'GET /webhooks/:id/deliveries', method: 'get', path: (c) => `/webhooks/${c.own.webhook}/deliveries`, ...ADMIN_OF_OWN_USER },
  { name: 'POST /webhooks/:id/pause', method: 'post', path: (c) => `/webhooks/${c.own.webhook}/pause`, ...ADMIN_OF_OWN_USER },
  { name: 'POST /webhooks/:id/resume', method: 'post', path: (c) => `/webhooks/${c.own.webhook}/resume`, ...ADMIN_OF_OWN_USER },
  { name: 'GET /webhooks/deliveries/:id', method: 'get', path: (c) => `/webhooks/deliveries/${c.own.delivery}`, ...ADMIN_OF_OWN_USER },
  {
    name: 'POST /webhooks/deliveries/:id/replay (not dead)',
    method: 'post',
    path: (c) => `/webhooks/deliveries/${c.own.delivery}/replay`,
    expect: { admin: 409, jxAdmin: 409, ahAdmin: 404 },
    otherwise: 403,
  },
  {
    name: 'DELETE /webhooks/:id',
    method: 'delete',
    path: async (c) => {
      const res = await c.t.http.post('/api/v1/webhooks').set(await c.t.auth('jx-admin')).send({ url: 'http://127.0.0.1:9/doomed', events: ['*'] });
      return `/webhooks/${res.body.id}`;
    },
    ...ADMIN_OF_OWN_USER,
  },
  // ledger issue: imports are their importer's record (admins may read them); bureaus do not import
  { name: 'POST /imports (dry run)', method: 'post', path: () => '/imports', attach: () => LEDGER_CSV, expect: { ncBureau: 403, jjBureau: 403 }, otherwise: 200 },
  ...['/reports/progress?regionCode=360100&asOf=2025-03-10', '/reports/progress.xlsx?regionCode=360100&groupBy=region', '/reports/assessment?year=2025&regionCode=360100', '/reports/assessment.xlsx?year=2025&regionCode=360100'].map(
    (path): Row => ({ name: `GET ${path.split('?')[0]} (own region)`, method: 'get', path: () => path, expect: { admin: 200, jxAdmin: 200, ncInspector: 200, ncSupervisor: 200 }, otherwise: 403 }),
  ),
  { name: 'GET /cases/export.xlsx', method: 'get', path: () => '/cases/export.xlsx?state=rectifying', ...EVERYONE },
  { name: 'GET /cases/export.csv', method: 'get', path: () => '/cases/export.csv', ...EVERYONE },
  { name: 'GET /imports/template.xlsx', method: 'get', path: () => '/imports/template.xlsx', ...EVERYONE },
  { name: 'GET /imports/:id', method: 'get', path: (c) => `/imports/${c.own.importId}`, expect: { admin: 200, jxAdmin: 200, ncSupervisor: 200 }, otherwise: 404 },
  { name: 'GET /imports/:id/rows', method: 'get', path: (c) => `/imports/${c.own.importId}/rows`, expect: { admin: 200, jxAdmin: 200, ncSupervisor: 200 }, otherwise: 404 },
  {
    name: 'POST /imports/:id/commit',
    method: 'post',
    path: (c) => `/imports/${c.own.importId}/commit`,
    body: (c) => ({ planHash: c.own.importPlan }),
    expect: { admin: 403, jxAdmin: 403, ncSupervisor: 200 },
    otherwise: 404,
  },
];

const LEDGER_CSV = { buffer: Buffer.from('序号,问题来源,督察批次,问题描述,所在地区\n1,日常监管,矩阵,某问题,南昌市\n', 'utf8'), name: 'matrix.csv' };

describe('authorization matrix: every endpoint × role × own/other jurisdiction', () => {
  let t: TestApp;
  let ctx: Ctx;
  let counter = 0;
  let others: Awaited<ReturnType<typeof othersOwnRows>> & { ahCampaign?: string; ahWebhook?: string; ahInspectorId?: string };
  let nanchangCases: string[];

  beforeAll(async () => {
    t = await startTestApp({ env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1:*', NOTIFICATION_STREAM_MAX_SECONDS: '1' } });
    const webhook = (await t.http.post('/api/v1/webhooks').set(await t.auth('jx-admin')).send({ url: 'http://127.0.0.1:9/matrix', events: ['case.created'] })).body.id;
    const rectifying = (await caseIn(t, 'rectifying.inProgress')).id;
    const reported = (await createCase(t)).id;
    const closed = (await caseIn(t, 'closed')).id;
    others = await othersOwnRows(t);
    // let the reported case's assignment clock run out so that it escalates
    t.setNow('2025-03-20T02:00:00.000Z');
    await t.http.post('/api/v1/admin/sweep').set(await t.auth('admin')).expect(200);
    const inbox = await t.http.get(`/api/v1/escalations?caseId=${reported}&level=1`).set(await t.auth('nc-supervisor'));
    const campaign = await t.http
      .post('/api/v1/revisit-campaigns')
      .set(await t.auth('nc-supervisor'))
      .send({ regionCode: '360100', seed: 'setup', sampleRate: 1, dueAt: '2025-05-01T00:00:00Z' });
    const delivery = (await t.http.get(`/api/v1/webhooks/${webhook}/deliveries`).set(await t.auth('jx-admin'))).body.items[0].id;
    const upload = await t.http.post('/api/v1/imports').set(await t.auth('nc-supervisor')).attach('file', LEDGER_CSV.buffer, LEDGER_CSV.name);
    const bell = await t.http.get('/api/v1/notifications').set(await t.auth('nc-bureau'));
    const notification = bell.body.items.find((n: { caseId: string; kind: string }) => n.caseId === rectifying && n.kind === 'assigned').id;
    // a 南昌 user for the account endpoints (resetting or disabling a fixture user would end its sessions here)
    const user = await t.http
      .post('/api/v1/users')
      .set(await t.auth('admin'))
      .send({ username: 'matrix-target', password: 'long-enough-1', displayName: '矩阵', role: 'inspector', regionCode: '360100' });
    const attachment = await t.http.post(`/api/v1/cases/${rectifying}/attachments`).set(await t.auth('nc-bureau')).attach('file', pdf('setup'), '现场记录.pdf');
    const comment = await t.http.post(`/api/v1/cases/${rectifying}/comments`).set(await t.auth('nc-supervisor')).send({ body: '请补充材料' });
    const suspendable = (await caseIn(t, 'rectifying.inProgress')).id;
    ctx = {
      t,
      own: { rectifying, reported, escalation: inbox.body.items[0].id, campaign: campaign.body.id, unit: t.fixture.units.ncEeb, user: user.body.id, notification, webhook, delivery, importId: upload.body.id, importPlan: upload.body.planHash, attachment: attachment.body.id, comment: comment.body.id, suspendable },
      n: () => ++counter,
    };
    nanchangCases = [rectifying, reported, closed];
    const ahCampaign = await t.http
      .post('/api/v1/revisit-campaigns')
      .set(await t.auth('ah-supervisor'))
      .send({ regionCode: '340000', seed: 'setup-ah', sampleRate: 1, dueAt: '2025-05-01T00:00:00Z' });
    if (ahCampaign.status >= 300) throw new Error(`安徽 campaign: ${ahCampaign.status} ${JSON.stringify(ahCampaign.body)}`);
    const ahWebhook = await t.http.post('/api/v1/webhooks').set(await t.auth('ah-admin')).send({ url: 'http://127.0.0.1:9/matrix-ah', events: ['case.created'] });
    if (ahWebhook.status >= 300) throw new Error(`安徽 webhook: ${ahWebhook.status} ${JSON.stringify(ahWebhook.body)}`);
    const ahInspectorId = (await t.http.get('/api/v1/me').set(await t.auth('ah-inspector'))).body.id as string;
    others = { ...others, ahCampaign: ahCampaign.body.id, ahWebhook: ahWebhook.body.id, ahInspectorId };
  });
  afterAll(async () => t.close());

  const cells = ROWS.flatMap((row) => ALL.map((who) => [row.name, who, row] as const));

  it.each(cells)('%s as %s', async (_name, who, row) => {
    const expected = who === 'anon' ? 401 : (row.expect[who] ?? row.otherwise);
    const path = await row.path(ctx, who);
    let req = t.http[row.method](`/api/v1${path}`);
    if (who !== 'anon') req = req.set(await t.auth(USERS[who]));
    const file = row.attach?.();
    const res = file ? await req.attach('file', file.buffer, file.name) : row.body ? await req.send(row.body(ctx, who) as object) : await req;
    const status = res.status >= 200 && res.status < 300 ? 200 : res.status;
    expect({ status, body: status === expected ? undefined : res.body }).toEqual({ status: expected, body: undefined });
    if (status >= 400) expect(res.body).toMatchObject({ statusCode: res.status, error: expect.any(String) });
  });

  it('GET /health needs no token', async () => {
    expect((await t.http.get('/api/v1/health')).status).toBe(200);
  });

  it('lists never leak a row of 南昌 to 安徽 or to an unrelated unit, and show each caller its own rows', async () => {
    // The positive control: each list must show the caller's own row (or be refused as the matrix says),
    // so an empty list cannot pass for "no leak". 'leaks only': no own row is arranged for that cell yet.
    type Own = string | 403 | 'leaks only';
    const o = others as Required<typeof others>;
    const own: Record<'ahAdmin' | 'ahInspector' | 'ahSupervisor' | 'jjBureau', Record<string, Own>> = {
      ahAdmin: {
        users: o.ahInspectorId,
        cases: o.ahReported,
        escalations: o.ahReported,
        revisits: o.ahClosed,
        'revisit-campaigns': o.ahCampaign,
        'assignment-rules': o.ahRule,
        returns: o.ahReturned,
        notifications: 'leaks only',
        webhooks: o.ahWebhook,
        'webhooks/dead-letters': 'leaks only',
      },
      ahInspector: { users: 403, cases: o.ahReported, escalations: 403, revisits: o.ahClosed, 'revisit-campaigns': o.ahCampaign, 'assignment-rules': 403, returns: o.ahReturned, notifications: 'leaks only', webhooks: 403, 'webhooks/dead-letters': 403 },
      ahSupervisor: {
        users: 403,
        cases: o.ahReported,
        escalations: o.ahReported,
        revisits: o.ahClosed,
        'revisit-campaigns': o.ahCampaign,
        'assignment-rules': o.ahRule,
        returns: o.ahReturned,
        notifications: 'leaks only',
        webhooks: 403,
        'webhooks/dead-letters': 403,
      },
      jjBureau: { users: 403, cases: o.jjAssigned, escalations: o.jjAssigned, revisits: o.jjClosed, 'revisit-campaigns': 403, 'assignment-rules': 403, returns: o.jjReturned, notifications: o.jjAssigned, webhooks: 403, 'webhooks/dead-letters': 403 },
    };
    // 安徽 users must see nothing of 江西; 九江's bureau nothing of 南昌
    const foreignRegion = { ahAdmin: '36', ahInspector: '36', ahSupervisor: '36', jjBureau: '3601' } as const;
    const keyOf: Record<string, string> = { users: 'id', cases: 'id', 'revisit-campaigns': 'id', 'assignment-rules': 'id', webhooks: 'id' };
    const ownCases = new Set(nanchangCases);
    for (const who of ['ahAdmin', 'ahInspector', 'ahSupervisor', 'jjBureau'] as const) {
      for (const [list, expected] of Object.entries(own[who])) {
        const path = `/${list}${['users', 'cases', 'escalations', 'revisits', 'notifications'].includes(list) ? `?pageSize=${list === 'users' ? 200 : 100}` : ''}`;
        const res = await t.http.get(`/api/v1${path}`).set(await t.auth(USERS[who]));
        if (expected === 403) {
          expect({ path, who, status: res.status }).toEqual({ path, who, status: 403 });
          continue;
        }
        expect({ path, who, status: res.status }).toEqual({ path, who, status: 200 });
        const items: Array<Record<string, unknown>> = Array.isArray(res.body) ? res.body : (res.body.items ?? []);
        if (expected !== 'leaks only') {
          const keys = items.map((item) => String(item[keyOf[list] ?? 'caseId']));
          expect({ path, who, ownRowListed: keys.includes(expected) }).toEqual({ path, who, ownRowListed: true });
        }
        for (const item of items) {
          const region = String(item.regionCode ?? item.targetRegionCode ?? '');
          expect({ path, who, leaked: ownCases.has(String(item.caseId ?? item.id)) || region.startsWith(foreignRegion[who]) }).toEqual({ path, who, leaked: false });
        }
      }
      // the 台账 export is the list as a file: no 南昌 row either
      const csv = await t.http.get('/api/v1/cases/export.csv').set(await t.auth(USERS[who])).buffer(true).parse((r, cb) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString('utf8')));
        r.on('end', () => cb(null, text));
      });
      expect({ who, rows: String(csv.body).trim().split('\r\n').slice(1).filter((line) => /,3601\d{2},/.test(line)) }).toEqual({ who, rows: [] });
      const bulk = await t.http.post('/api/v1/assignments/bulk').set(await t.auth(USERS[who])).send({ caseIds: [ctx.own.reported], leadUnitId: ctx.own.unit });
      if (bulk.status === 200) expect(bulk.body.results[0]).toMatchObject({ status: 'error', code: 'NOT_FOUND' });
    }
  });

});

/**
 * Rows of the "other" callers' own jurisdictions (安徽, and 九江's bureau), made before the setup's
 * sweep so that their clocks escalate too: the positive controls of the leak check.
 */
async function othersOwnRows(t: TestApp) {
  const ahEeb = t.fixture.units.ahEeb;
  const jjEeb = t.fixture.units.jjEeb;
  const walk = async (regionCode: string, inspector: string, steps: Array<[string, Record<string, unknown>]>) => {
    const c = await createCase(t, { regionCode }, inspector);
    for (const [as, body] of steps) await sendOk(t, c.id, as, body);
    return c.id;
  };
  const toClosed = (supervisor: string, inspector: string, bureau: string, leadUnitId: string): Array<[string, Record<string, unknown>]> => [
    [supervisor, { type: 'ASSIGN', leadUnitId }],
    [bureau, { type: 'ACCEPT' }],
    [bureau, EVIDENCE],
    [inspector, { type: 'VERIFY_PASS' }],
    [supervisor, { type: 'CLOSE' }],
  ];
  const returned = (supervisor: string, bureau: string, leadUnitId: string): Array<[string, Record<string, unknown>]> => [
    [supervisor, { type: 'ASSIGN', leadUnitId }],
    [bureau, { type: 'RETURN', reasonCode: 'not_our_jurisdiction', reason: '不属于本单位职责' }],
  ];
  const rule = await t.http.post('/api/v1/assignment-rules').set(await t.auth('ah-supervisor')).send({ regionCode: '340000', category: 'noise', leadUnitId: ahEeb });
  if (rule.status >= 300) throw new Error(`安徽 rule: ${rule.status} ${JSON.stringify(rule.body)}`);
  return {
    ahReported: await walk('340000', 'ah-inspector', []),
    ahReturned: await walk('340000', 'ah-inspector', returned('ah-supervisor', 'ah-bureau', ahEeb)),
    ahClosed: await walk('340000', 'ah-inspector', toClosed('ah-supervisor', 'ah-inspector', 'ah-bureau', ahEeb)),
    ahRule: rule.body.id as string,
    jjAssigned: await walk('360400', 'jj-inspector', [['jj-supervisor', { type: 'ASSIGN', leadUnitId: jjEeb }]]),
    jjReturned: await walk('360400', 'jj-inspector', returned('jj-supervisor', 'jj-bureau', jjEeb)),
    jjClosed: await walk('360400', 'jj-inspector', toClosed('jj-supervisor', 'jj-inspector', 'jj-bureau', jjEeb)),
  };
}

/**
 * Issue 11 item 6 in the matrix: the escalation inbox (list and acknowledge) for every ladder level and
 * every jurisdiction shape — a city case led by its own unit, a district case, a provincial case led by a
 * city unit (the shape of the bug: 九江 supervisor saw a 404 case's 预警) and a case of another province.
 * The expected recipients are derived from the rule in docs/security.md ("Escalation recipients"):
 * level 0 → the lead unit's bureau and the supervisors (and sub-national admins) of the lead unit's region
 * or of the case's region; levels 1+ → supervisors at or above the target region (1: the case's region,
 * 2: its parent, 3: its province); the national admin sees all; inspectors have no inbox (403).
 * Whoever lists an escalation must be able to open its case.
 */
describe('authorization matrix: the escalation inbox, every level × jurisdiction shape', () => {
  type Shape = 'city' | 'district' | 'provinceLedByCity' | 'otherProvince';
  const INBOX_USERS = ['admin', 'jx-admin', 'ah-admin', 'jx-supervisor', 'nc-supervisor', 'jj-supervisor', 'ah-supervisor', 'nc-bureau', 'dh-bureau', 'jj-bureau', 'ah-bureau', 'nc-inspector'] as const;
  type InboxUser = (typeof INBOX_USERS)[number];
  const RECIPIENTS: Record<Shape, Record<0 | 1 | 2 | 3, InboxUser[]>> = {
    // 360100 case, lead unit nc-eeb (360100)
    city: {
      0: ['admin', 'nc-supervisor', 'nc-bureau'],
      1: ['admin', 'jx-admin', 'jx-supervisor', 'nc-supervisor'],
      2: ['admin', 'jx-admin', 'jx-supervisor'],
      3: ['admin', 'jx-admin', 'jx-supervisor'],
    },
    // 360102 case, lead unit dh-gov (360102): no supervisor sits in the district itself
    district: {
      0: ['admin', 'dh-bureau'],
      1: ['admin', 'jx-admin', 'jx-supervisor', 'nc-supervisor'],
      2: ['admin', 'jx-admin', 'jx-supervisor', 'nc-supervisor'],
      3: ['admin', 'jx-admin', 'jx-supervisor'],
    },
    // 360000 case, lead unit jj-eeb (360400): never the 九江 supervisor, to whom the case is a 404
    provinceLedByCity: {
      0: ['admin', 'jx-admin', 'jx-supervisor', 'jj-bureau'],
      1: ['admin', 'jx-admin', 'jx-supervisor'],
      2: ['admin'],
      3: ['admin', 'jx-admin', 'jx-supervisor'],
    },
    // 340000 case, lead unit ah-eeb (340000)
    otherProvince: {
      0: ['admin', 'ah-admin', 'ah-supervisor', 'ah-bureau'],
      1: ['admin', 'ah-admin', 'ah-supervisor'],
      2: ['admin'],
      3: ['admin', 'ah-admin', 'ah-supervisor'],
    },
  };
  const SUPERVISORS = new Set<InboxUser>(['jx-supervisor', 'nc-supervisor', 'jj-supervisor', 'ah-supervisor']);

  let t: TestApp;
  const cases = {} as Record<Shape, string>;
  const escalations = {} as Record<Shape, Record<number, string>>;

  beforeAll(async () => {
    t = await startTestApp({ start: '2025-02-10T02:00:00.000Z' });
    const u = t.fixture.units;
    const walk = async (shape: Shape, regionCode: string, creator: string, assigner: string, leadUnitId: string, acceptor: string) => {
      const c = await createCase(t, { regionCode }, creator);
      await sendOk(t, c.id, assigner, { type: 'ASSIGN', leadUnitId, rectificationDueAt: '2025-02-12T15:59:59.999Z' });
      await sendOk(t, c.id, acceptor, { type: 'ACCEPT' });
      cases[shape] = c.id;
    };
    await walk('city', '360100', 'nc-inspector', 'nc-supervisor', u.ncEeb, 'nc-bureau');
    await walk('district', '360102', 'nc-inspector', 'nc-supervisor', u.dhGov, 'dh-bureau');
    await walk('provinceLedByCity', '360000', 'jx-inspector', 'jx-supervisor', u.jjEeb, 'jj-bureau');
    await walk('otherProvince', '340000', 'ah-inspector', 'ah-supervisor', u.ahEeb, 'ah-bureau');
    // More than 15 working days past the due: every level of the ladder has fired.
    t.setNow('2025-03-20T02:00:00.000Z');
    await t.http.post('/api/v1/admin/sweep').set(await t.auth('admin')).expect(200);
    for (const shape of Object.keys(cases) as Shape[]) {
      const res = await t.http.get(`/api/v1/escalations?caseId=${cases[shape]}&pageSize=100`).set(await t.auth('admin'));
      escalations[shape] = {};
      for (const item of res.body.items as Array<{ id: string; level: number; clock: { name: string } }>) if (item.clock.name === 'rectification') escalations[shape][item.level] = item.id;
    }
  });
  afterAll(async () => t?.close());

  it('every shape has fired every level', () => {
    for (const shape of Object.keys(RECIPIENTS) as Shape[]) expect({ shape, levels: Object.keys(escalations[shape] ?? {}).map(Number).sort() }).toEqual({ shape, levels: [0, 1, 2, 3] });
  });

  const cells = (Object.keys(RECIPIENTS) as Shape[]).flatMap((shape) => ([0, 1, 2, 3] as const).flatMap((level) => INBOX_USERS.map((who) => [shape, level, who] as const)));

  it.each(cells)('%s case, level %i, as %s: listed to recipients only, acknowledged by recipient supervisors', async (shape, level, who) => {
    const recipient = RECIPIENTS[shape][level].includes(who);
    const auth = await t.auth(who);
    const list = await t.http.get(`/api/v1/escalations?caseId=${cases[shape]}&pageSize=100`).set(auth);
    if (who === 'nc-inspector') {
      expect(list.status).toBe(403);
    } else {
      expect(list.status).toBe(200);
      const listed = (list.body.items as Array<{ id: string }>).some((i) => i.id === escalations[shape][level]);
      expect({ shape, level, who, listed }).toEqual({ shape, level, who, listed: recipient });
      // Whoever is told about an escalation can open its case.
      if (listed) expect((await t.http.get(`/api/v1/cases/${cases[shape]}`).set(auth)).status).toBe(200);
    }
    const ack = await t.http.post(`/api/v1/escalations/${escalations[shape][level]}/acknowledge`).set(auth).send({});
    const expected = who === 'nc-inspector' ? 403 : !recipient ? 404 : SUPERVISORS.has(who) ? 200 : 403;
    expect({ shape, level, who, status: ack.status }).toEqual({ shape, level, who, status: expected });
  });
});
