import { CASE_EVENT_TYPES } from '@rectify/workflows';
import { createCase, sendOk } from '../support/case-factory.js';
import { OpenApiResponseValidator } from '../support/openapi-validator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Json = Record<string, any>;

/** Every operation has a description now; this stays empty (an operation added without one fails the first test). */
const WITHOUT_DESCRIPTION_YET = new Set<string>([]);

describe('the OpenAPI document is a contract a generated client can trust', () => {
  let t: TestApp;
  let doc: Json;
  let validator: OpenApiResponseValidator;
  const operations = () =>
    Object.entries(doc.paths as Json).flatMap(([path, item]) =>
      Object.entries(item as Json)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op: op as Json })),
    );

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/api/docs-json')).body;
    validator = new OpenApiResponseValidator(doc);
  });
  afterAll(() => t.close());

  it('is OpenAPI 3.1 and every operation has a summary, a description, a success body schema and the error shape', () => {
    expect(doc.openapi).toBe('3.1.0');
    const problems: string[] = [];
    for (const { name, op } of operations()) {
      if (!op.summary) problems.push(`${name}: no summary`);
      if (!op.description && !WITHOUT_DESCRIPTION_YET.has(name)) problems.push(`${name}: no description`);
      const statuses = Object.keys(op.responses);
      const success = statuses.filter((s) => s.startsWith('2'));
      if (success.length < 1) problems.push(`${name}: no success status`);
      for (const s of success) if (s !== '204' && !op.responses[s].content) problems.push(`${name}: ${s} has no schema`);
      if (!statuses.includes('400')) problems.push(`${name}: 400 not documented`);
      if (op.security?.length && !statuses.includes('401')) problems.push(`${name}: 401 not documented`);
      for (const s of statuses.filter((s) => /^[45]/.test(s))) {
        if (op.responses[s].content?.['application/json']?.schema?.$ref !== '#/components/schemas/ErrorResponse') problems.push(`${name}: ${s} is not ErrorResponse`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents creations as 201 and they answer 201', async () => {
    expect(Object.keys(doc.paths['/api/v1/cases'].post.responses)).toContain('201');
    expect(Object.keys(doc.paths['/api/v1/assignment-rules'].post.responses)).toContain('201');
    const res = await t.http.post('/api/v1/cases').set(await t.auth('jx-inspector')).send({ title: '某问题', description: '描述', source: 'routine', category: 'air', regionCode: '360100' });
    expect(res.status).toBe(201);
  });

  it('describes the event body as a oneOf discriminated by type, one schema and one example per event, unknown fields forbidden', () => {
    const body = doc.paths['/api/v1/cases/{id}/events'].post.requestBody.content['application/json'];
    expect(body.schema.discriminator.propertyName).toBe('type');
    expect(Object.keys(body.schema.discriminator.mapping).sort()).toEqual([...CASE_EVENT_TYPES].sort());
    expect(body.schema.oneOf).toHaveLength(CASE_EVENT_TYPES.length);
    expect(Object.keys(body.examples).sort()).toEqual([...CASE_EVENT_TYPES].sort());
    const assign = doc.components.schemas.AssignEvent;
    expect(assign.properties.type.enum).toEqual(['ASSIGN']);
    expect(assign.additionalProperties).toBe(false);
    expect(doc.components.schemas.EvidenceItemDto.additionalProperties).toBe(false);
    expect(doc.components.schemas.CreateCaseDto.additionalProperties).toBe(false);
  });

  it('states enums, integers, instants and nullable references in the case view', () => {
    const caseView = doc.components.schemas.CaseView.properties;
    expect(caseView.version.type).toBe('integer');
    expect(caseView.createdAt.format).toBe('date-time');
    expect(caseView.rectificationDueAt.type).toEqual(['string', 'null']);
    expect(caseView.leadUnit.anyOf).toEqual([{ $ref: '#/components/schemas/UnitRef' }, { type: 'null' }]);
    expect(doc.components.schemas.Source.enum).toContain('central_inspection');
    expect(doc.components.schemas.CaseStateDetail.enum).toContain('rectifying.awaitingVerification');
  });

  it('gives a clock and an actor one schema wherever they appear ($ref CaseClockView, $ref ActorRef)', () => {
    const refOf = (prop: Json): string | undefined => prop.$ref ?? (prop.anyOf as Json[] | undefined)?.find((p) => p.$ref)?.$ref ?? prop.allOf?.[0]?.$ref;
    const ACTOR_PROPERTIES = ['actor', 'by', 'author', 'acknowledgedBy', 'updatedBy', 'createdBy', 'importedBy', 'uploadedBy'];
    const clocks: string[] = [];
    const actors: string[] = [];
    for (const [name, schema] of Object.entries(doc.components.schemas as Json)) {
      for (const [key, prop] of Object.entries((schema.properties ?? {}) as Json)) {
        if (key === 'clock' || key === 'decisionClock') clocks.push(`${name}.${key} → ${refOf(prop) ?? JSON.stringify(prop)}`);
        if (ACTOR_PROPERTIES.includes(key)) actors.push(`${name}.${key} → ${refOf(prop) ?? JSON.stringify(prop)}`);
      }
    }
    // a running clock is CaseClockView everywhere (the case, its pending extension, the escalation inbox);
    // the workflow's description names the clock a state runs with the same ClockName enum
    expect(clocks.sort()).toEqual(
      [
        'CaseView.clock → #/components/schemas/CaseClockView',
        'EscalationView.clock → #/components/schemas/CaseClockView',
        'ExtensionView.decisionClock → #/components/schemas/CaseClockView',
        'WorkflowStateView.clock → #/components/schemas/ClockName',
      ].sort(),
    );
    expect(doc.components.schemas.CaseClockView.properties.name.$ref).toBe('#/components/schemas/ClockName');
    // every actor (history, returns, comments, escalations, overrides, arrangements, policies, rules, campaigns, imports, attachments) is an ActorRef
    expect(actors.length).toBeGreaterThanOrEqual(12);
    for (const actor of actors) expect(actor).toMatch(/→ #\/components\/schemas\/ActorRef$/);
    for (const name of ['CalendarOverrideView', 'ArrangementView', 'PolicyView', 'PolicyVersionView', 'EscalationView', 'AssignmentRuleView', 'CampaignView', 'ImportView', 'AttachmentView', 'CaseHistoryEntry', 'CommentView']) {
      expect(actors.some((a) => a.startsWith(`${name}.`))).toBe(true);
    }
  });

  it('the response validator refuses a body that does not match, an undocumented status and an undocumented route', async () => {
    const c = await createCase(t);
    const view = (await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('jx-inspector'))).body;
    expect(view.leadUnit).toBeNull();
    expect(validator.check('get', `/api/v1/cases/${c.id}`, 200, 'application/json', view)).toEqual([]);
    const { state: _dropped, ...withoutState } = view;
    expect(validator.check('get', `/api/v1/cases/${c.id}`, 200, 'application/json', withoutState).join()).toMatch(/must have required property 'state'/);
    expect(validator.check('get', `/api/v1/cases/${c.id}`, 200, 'application/json', { ...view, version: 1.5 }).join()).toMatch(/version must be integer/);
    expect(validator.check('get', `/api/v1/cases/${c.id}`, 200, 'application/json', { ...view, state: 'lost' }).join()).toMatch(/state must be equal to one of the allowed values/);
    expect(validator.check('get', `/api/v1/cases/${c.id}`, 418, 'application/json', {}).join()).toMatch(/answered 418, which its OpenAPI operation does not document/);
    expect(validator.check('get', '/api/v1/nowhere', 200, 'application/json', {}).join()).toMatch(/is not in the OpenAPI document/);
  });

  it('refuses unknown query parameters everywhere with 400, after 401', async () => {
    const admin = await t.auth('admin');
    const c = await createCase(t);
    for (const url of ['/api/v1/me?x=1', '/api/v1/health?x=1', '/api/v1/workflows/case?formt=mermaid', `/api/v1/cases/${c.id}?expand=all`, '/api/v1/cases?stat=closed', '/api/v1/labels?lang=en']) {
      const res = await t.http.get(url).set(admin);
      expect({ url, status: res.status, code: res.body.code }).toEqual({ url, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect((await t.http.get('/api/v1/me?x=1')).status).toBe(401);
    expect((await t.http.get('/api/v1/workflows/case?format=mermaid').set(admin)).text).toMatch(/^stateDiagram-v2/);
  });

  it('carries Chinese labels: on case views, in the history, and as whole tables at GET /labels', async () => {
    const c = await createCase(t, { source: 'central_inspection', category: 'water', severity: 'major' });
    expect(c).toMatchObject({ stateLabel: '待交办', sourceLabel: '中央生态环境保护督察', categoryLabel: '水', severityLabel: '较重', clock: { name: 'assignment', label: '交办时限' } });
    const assigned = await sendOk(t, c.id, 'jx-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb });
    expect(assigned).toMatchObject({ stateDetail: 'assigned', stateLabel: '待签收' });
    const history = (await t.http.get(`/api/v1/cases/${c.id}/history`).set(await t.auth('jx-supervisor'))).body.items;
    expect(history.map((h: { typeLabel: string }) => h.typeLabel)).toEqual(['登记', '交办']);
    const labels = (await t.http.get('/api/v1/labels').set(await t.auth('nc-bureau'))).body;
    expect(labels.states['rectifying.awaitingVerification']).toBe('待验收');
    expect(labels.escalationLevels['3']).toBe('挂牌督办');
    expect(Object.keys(labels.events).sort()).toEqual([...CASE_EVENT_TYPES].sort());
  });

  it('reads every date range as [from, to): a reversed or empty range is 400 everywhere', async () => {
    const sup = await t.auth('nc-supervisor');
    for (const url of [
      '/api/v1/revisits?dueFrom=2025-04-01T00:00:00Z&dueTo=2025-03-01T00:00:00Z',
      '/api/v1/revisits?dueFrom=2025-04-01T00:00:00Z&dueTo=2025-04-01T00:00:00Z',
      '/api/v1/scorecards?regionCode=360100&from=2025-04-01&to=2025-03-01',
      '/api/v1/returns?from=2025-04-01&to=2025-03-01',
      '/api/v1/returns?from=2025-04-01&to=2025-04-01',
      '/api/v1/calendar?from=2025-04-02&to=2025-04-01',
      '/api/v1/calendar?from=2025-04-01&to=2025-04-01',
    ]) {
      expect({ url, status: (await t.http.get(url).set(sup)).status }).toEqual({ url, status: 400 });
    }
    const campaign = await t.http.post('/api/v1/revisit-campaigns').set(sup).send({
      regionCode: '360100', closedFrom: '2025-02-01T00:00:00Z', closedTo: '2025-01-01T00:00:00Z', sampleSize: 1, seed: 's', dueAt: '2025-06-01T00:00:00Z',
    });
    expect(campaign.status).toBe(400);
    // the calendar's `to` is excluded too: [04-01, 04-03) is two days
    const days = (await t.http.get('/api/v1/calendar?from=2025-04-01&to=2025-04-03').set(sup)).body.days;
    expect(days.map((d: { date: string }) => d.date)).toEqual(['2025-04-01', '2025-04-02']);
  });

  it('answers every list as a page {items, total, page, pageSize}; page and pageSize page it; unknown parameters are 400', async () => {
    const admin = await t.auth('admin');
    const c = await createCase(t);
    await t.http.put('/api/v1/calendar/overrides/2025-10-10').set(admin).send({ workday: false, name: '防汛' });
    await t.http.post('/api/v1/assignment-rules').set(admin).send({ regionCode: '360100', leadUnitId: t.fixture.units.ncEeb });
    const lists = ['/api/v1/regions', '/api/v1/units', '/api/v1/assignment-rules', '/api/v1/calendar/overrides', `/api/v1/cases/${c.id}/history`, `/api/v1/cases/${c.id}/returns`,
      '/api/v1/cases', '/api/v1/users', '/api/v1/escalations', '/api/v1/revisits', '/api/v1/revisit-campaigns', '/api/v1/returns', '/api/v1/notifications'];
    for (const url of lists) {
      const res = await t.http.get(url).set(admin);
      expect({ url, status: res.status, array: Array.isArray(res.body), keys: Object.keys(res.body) }).toEqual({ url, status: 200, array: false, keys: expect.arrayContaining(['items', 'page', 'pageSize', 'total']) });
      expect({ url, rows: res.body.items.length <= res.body.total }).toEqual({ url, rows: true });
      expect({ url, status: (await t.http.get(`${url}?pagesize=1`).set(admin)).status }).toEqual({ url, status: 400 });
    }
    // the lists that were read whole still are, by default; page and pageSize page them
    const regions = (await t.http.get('/api/v1/regions').set(admin)).body;
    expect(regions).toMatchObject({ page: 1, pageSize: 1000 });
    expect(regions.items).toHaveLength(regions.total);
    const second = (await t.http.get('/api/v1/regions?page=2&pageSize=2').set(admin)).body;
    expect(second).toMatchObject({ page: 2, pageSize: 2, total: regions.total });
    expect(second.items).toEqual(regions.items.slice(2, 4));
    const history = (await t.http.get(`/api/v1/cases/${c.id}/history?pageSize=1`).set(admin)).body;
    expect(history).toMatchObject({ total: 1, page: 1, pageSize: 1, items: [{ seq: 1, type: 'CREATED' }] });
    for (const url of ['/api/v1/regions?pageSize=1001', '/api/v1/units?page=0', `/api/v1/cases/${c.id}/history?pageSize=x`]) {
      expect({ url, status: (await t.http.get(url).set(admin)).status }).toEqual({ url, status: 400 });
    }
  });

  it('gives every error a code and a Chinese userMessage naming the fields', async () => {
    const res = await t.http.post('/api/v1/cases').set(await t.auth('jx-inspector')).send({ title: '', description: '描述', source: 'routine', category: 'air', regionCode: '360100' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(res.body.userMessage).toMatch(/^提交的内容不符合要求.*标题/);
    const missing = await t.http.get('/api/v1/cases/00000000-0000-4000-8000-000000000000').set(await t.auth('jx-inspector'));
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', userMessage: '未找到该记录，或您无权查看' });
  });
});
