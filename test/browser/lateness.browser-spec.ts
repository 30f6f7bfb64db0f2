import type { Page } from 'playwright-core';
import { describeWith } from '../support/requirements.js';
import { apiCall, seriousA11yViolations, startBrowserWorld, waitForQuiet, type BrowserWorld } from '../support/browser.js';

/**
 * Whose lateness (docs/deadlines.md): 我的待办 → 我的超期 lists the overdue clocks of the caller's own
 * party — an inspector's late verifications and revisits, a bureau's late acceptances and rectifications —
 * and a case page says whose clock is running.
 */
describeWith({ chromium: true }, 'whose lateness: the 我的超期 tab (headless Chromium, demo data)', () => {
  let world: BrowserWorld;
  let caseId = '';
  beforeAll(async () => {
    world = await startBrowserWorld();
    const supervisorToken = await world.token('jx-supervisor');
    const inspectorToken = await world.token('jx-inspector');
    const bureauToken = await world.token('jx-bureau');
    const units = await apiCall<Array<{ id: string; name: string }> | { items: Array<{ id: string; name: string }> }>(world, supervisorToken, 'GET', '/units?regionCode=360400');
    const unit = (Array.isArray(units) ? units : units.items).find((u) => u.name === '九江市生态环境局')!;
    const created = await apiCall<{ id: string }>(world, inspectorToken, 'POST', '/cases', {
      title: '九江市某码头粉尘污染（验收超期）', description: '堆场未覆盖', source: 'routine', category: 'air', regionCode: '360400',
    });
    caseId = created.id;
    const event = (token: string, body: Record<string, unknown>) => apiCall(world, token, 'POST', `/cases/${caseId}/events`, body);
    await event(supervisorToken, { type: 'ASSIGN', leadUnitId: unit.id, rectificationWorkingDays: 30 });
    await event(bureauToken, { type: 'ACCEPT' });
    await event(bureauToken, { type: 'SUBMIT_EVIDENCE', summary: '已覆盖', evidence: [{ kind: 'photo', title: '现场照片', ref: 'p-1' }] });
    // Five weeks on: the verification (10 working days) is the inspector's lateness, not the unit's.
    const adminToken = await world.token('admin');
    const { now } = await apiCall<{ now: string }>(world, adminToken, 'GET', '/admin/clock');
    await apiCall(world, adminToken, 'PUT', '/admin/clock', { now: new Date(Date.parse(now) + 35 * 86_400_000).toISOString() });
  }, 300_000);
  afterAll(async () => world?.close());

  async function overdueTab(username: string): Promise<Page> {
    const page = await world.loginAs(username);
    await page.getByRole('tab', { name: '我的超期' }).click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'overdue');
    await page.getByRole('columnheader', { name: '时限责任方' }).waitFor();
    await waitForQuiet(page);
    return page;
  }

  /** The 时限责任方 cells of the table's rows. */
  async function ownerCells(page: Page): Promise<string[]> {
    const headers = await page.getByRole('columnheader').allTextContents();
    const column = headers.findIndex((h) => h.trim() === '时限责任方');
    const rows = page.locator('.el-table__body tr');
    const owners: string[] = [];
    for (let i = 0; i < (await rows.count()); i++) owners.push(((await rows.nth(i).locator('td').nth(column).textContent()) ?? '').trim());
    return owners;
  }

  it('shows an inspector their own overdue clocks, as many as the API counts, and nobody else’s', async () => {
    const page = await overdueTab('jx-inspector');
    await page.getByText('由您（督察人员）负责、已经超期的时限').waitFor();
    const owners = await ownerCells(page);
    expect(owners.length).toBeGreaterThan(0);
    expect(new Set(owners)).toEqual(new Set(['督察人员']));
    const api = await apiCall<{ total: number }>(world, await world.token('jx-inspector'), 'GET', '/cases?overdue=true&pageSize=1');
    await page.getByText(`共 ${api.total} 条`).first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  }, 120_000);

  it('shows a bureau only the unit’s own overdue clocks', async () => {
    const page = await overdueTab('jx-bureau');
    await page.getByText('由本单位负责、已经超期的时限').waitFor();
    const owners = await ownerCells(page);
    expect(owners.every((o) => o === '责任单位')).toBe(true);
    const mine = await apiCall<{ items: Array<{ id: string }>; total: number }>(world, await world.token('jx-bureau'), 'GET', '/cases?overdue=true&pageSize=100');
    expect(mine.items.map((c) => c.id)).not.toContain(caseId);
    expect(await seriousA11yViolations(page)).toEqual([]);
  }, 120_000);

  it('gives inspectors 我的超期 in the navigation instead of the escalation inbox, which is not theirs', async () => {
    const page = await world.loginAs('jx-inspector');
    const nav = page.getByRole('navigation', { name: '主导航' });
    expect(await nav.getByRole('link', { name: '督办预警', exact: true }).count()).toBe(0);
    await nav.getByRole('link', { name: '我的超期', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/todo' && url.searchParams.get('tab') === 'overdue');
    await page.getByText('由您（督察人员）负责、已经超期的时限').waitFor();
    expect(await nav.getByRole('link', { name: '我的超期', exact: true }).getAttribute('aria-current')).toBe('page');
    // The old address of the inbox no longer shows inspectors a 403.
    await page.goto(`${world.base}/escalations`);
    await page.waitForURL((url) => url.pathname === '/todo');
  }, 60_000);

  it('says on the case page whose clock is running', async () => {
    const page = await world.loginAs('jx-inspector');
    await page.goto(`${world.base}/cases/${caseId}`);
    await page.getByRole('heading', { name: '办理记录' }).waitFor();
    await page.getByText('时限责任方：督察人员').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  }, 60_000);
});
