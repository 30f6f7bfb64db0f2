import { describeWith } from '../support/requirements.js';
import { apiCall, seriousA11yViolations, startBrowserWorld, type BrowserWorld } from '../support/browser.js';

/**
 * The calendar beyond the published years in the web app: a due counted over 2027's computed holidays
 * shows 暂定; the admin calendar page says which years are provisional and imports a whole year's official
 * arrangement from a pasted list; the due then moves, the badge goes and the case history says so.
 */
describeWith({ chromium: true }, 'importing a year’s official holiday arrangement (headless Chromium, demo data)', () => {
  let world: BrowserWorld;
  beforeAll(async () => {
    world = await startBrowserWorld();
  }, 240_000);
  afterAll(async () => world?.close());

  /** The list as an admin would paste it from the notice: 春节 05–13 Feb, Saturday 20 Feb worked. */
  const PASTED = [
    '日期,类型,名称',
    '2027-01-01,休,元旦',
    ...['05', '06', '07', '08', '09', '10', '11', '12', '13'].map((d) => `2027-02-${d} 休 春节`),
    '2027-02-20\t班\t春节',
    '2027-10-01 休 国庆节',
    '',
  ].join('\n');

  it('shows 暂定 on a provisional due, imports 2027 from the pasted list, and the due moves with a history entry', async () => {
    const adminToken = await world.token('admin');
    await apiCall(world, adminToken, 'PUT', '/admin/clock', { now: '2026-12-01T02:00:00.000Z' });
    const inspector = await world.token('jx-inspector');
    const supervisor = await world.token('jx-supervisor');
    const bureau = await world.token('jx-bureau');
    const units = await apiCall<{ items: Array<{ id: string; name: string }> }>(world, supervisor, 'GET', '/units?regionCode=360400');
    const unit = units.items.find((u) => u.name === '九江市生态环境局')!;
    const created = await apiCall<{ id: string; code: string }>(world, inspector, 'POST', '/cases', {
      title: '九江市某港区岸线整治（跨年时限）', description: '岸线堆场未整治', source: 'routine', category: 'water', regionCode: '360400',
    });
    await apiCall(world, supervisor, 'POST', `/cases/${created.id}/events`, { type: 'ASSIGN', leadUnitId: unit.id, rectificationWorkingDays: 60 });
    const accepted = await apiCall<{ clock: { dueAt: string; provisional: boolean } }>(world, bureau, 'POST', `/cases/${created.id}/events`, { type: 'ACCEPT' });
    expect(accepted.clock).toMatchObject({ dueAt: '2027-02-26T15:59:59.999Z', provisional: true });

    const page = await world.loginAs('admin');
    await page.clock.setFixedTime(new Date('2026-12-01T10:00:00+08:00'));
    // the case page marks the due provisional
    await page.goto(`${world.base}/cases/${created.id}`);
    await page.getByRole('heading', { name: '办理记录' }).waitFor();
    expect(await page.getByText('暂定', { exact: true }).count()).toBeGreaterThanOrEqual(1);

    // the calendar page says which years are provisional, and imports one
    await page.goto(`${world.base}/admin/calendar`);
    await page.getByRole('heading', { level: 1, name: '节假日' }).or(page.getByRole('heading', { level: 1 })).first().waitFor();
    await page.getByText(/2027.*尚无国务院办公厅发布的节假日安排/).waitFor();
    await page.getByRole('heading', { name: '导入全年官方节假日安排' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByLabel('年份').fill('2027');
    await page.getByLabel('通知文号').fill('国办发明电〔2026〕（测试）');
    await page.getByLabel('日期清单').fill('2027-02-30 休 春节\n这不是一行');
    await page.getByRole('button', { name: '导入并重算时限' }).click();
    await page.getByText('第 2 行无法识别：这不是一行').waitFor(); // checked in the page before sending
    await page.getByLabel('日期清单').fill('2027-02-30 休 春节');
    await page.getByRole('button', { name: '导入并重算时限' }).click();
    await page.getByRole('alert').filter({ hasText: '2027-02-30 is not a real date' }).first().waitFor(); // the server refuses it, nothing stored

    await page.getByLabel('日期清单').fill(PASTED);
    await page.getByText('共 11 天放假、1 天调休上班').waitFor();
    await page.getByRole('button', { name: '导入并重算时限' }).click();
    await page.getByRole('status').filter({ hasText: /2027 年官方安排已导入：\d+ 个时限已重算/ }).waitFor();
    await page.getByRole('table').filter({ hasText: '国办发明电〔2026〕（测试）' }).waitFor();
    await page.getByText(/2027.*尚无国务院办公厅发布的节假日安排/).waitFor({ state: 'detached' });
    expect(await seriousA11yViolations(page)).toEqual([]);

    // the same list again: nothing changes
    await page.getByRole('button', { name: '导入并重算时限' }).click();
    await page.getByRole('status').filter({ hasText: '2027 年的这份安排此前已导入，未作改动' }).waitFor();

    // the case: its due moved (春节 05–13 Feb off, 20 Feb worked), no longer provisional, and the history says so
    const after = await apiCall<{ clock: { dueAt: string; provisional: boolean } }>(world, adminToken, 'GET', `/cases/${created.id}`);
    expect(after.clock).toEqual(expect.objectContaining({ dueAt: '2027-03-03T15:59:59.999Z', provisional: false }));
    await page.goto(`${world.base}/cases/${created.id}`);
    const timeline = page.getByRole('region', { name: '办理记录' });
    await timeline.getByText('时限重算').first().waitFor();
    await timeline.getByText(/当前时限截止：2027\/2\/26 → 2027\/3\/3/).waitFor();
    expect(await page.getByText('暂定', { exact: true }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
  }, 180_000);
});
