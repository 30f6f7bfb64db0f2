import type { Page } from 'playwright-core';
import { describeWith } from '../support/requirements.js';
import { apiCall, pickRegion, seriousA11yViolations, startBrowserWorld, waitForQuiet, type BrowserWorld } from '../support/browser.js';

/** Every page as each role sees it: reachable, labelled, readable (axe), and honest when the network fails. */
describeWith({ chromium: true }, 'web app pages (headless Chromium, demo data)', () => {
  let world: BrowserWorld;
  beforeAll(async () => {
    world = await startBrowserWorld();
  }, 240_000);
  afterAll(async () => world?.close());

  async function settle(page: Page) {
    await waitForQuiet(page);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
  }

  const PAGES: Record<string, string[]> = {
    'jx-supervisor': ['/todo', '/cases', '/cases/new', '/escalations', '/revisits', '/scorecards', '/reports', '/imports', '/assignment-rules', '/workflow'],
    'jx-bureau': ['/todo', '/cases', '/escalations'],
    'jx-inspector': ['/todo', '/cases/new', '/revisits', '/imports', '/reports'],
    'jx-admin': ['/admin/regions', '/admin/units', '/admin/users', '/admin/policies', '/admin/calendar', '/admin/webhooks'],
  };

  it.each(Object.entries(PAGES))('has no serious or critical accessibility violation on the pages of %s', async (username, paths) => {
    const page = await world.loginAs(username);
    const found: string[] = [];
    for (const path of paths) {
      await page.goto(`${world.base}${path}`);
      await settle(page);
      for (const v of await seriousA11yViolations(page)) found.push(`${path}: ${v}`);
    }
    // A case page, with its timeline and actions, as this user sees it.
    await page.goto(`${world.base}/cases`);
    await settle(page);
    const first = page.getByRole('table').getByRole('link').first();
    if (await first.count()) {
      await first.click();
      await page.getByRole('heading', { name: '办理记录' }).waitFor();
      for (const v of await seriousA11yViolations(page)) found.push(`case page: ${v}`);
    }
    expect(found).toEqual([]);
  }, 180_000);

  it('serves the bureau\u2019s to-do and case pages at phone width without horizontal scrolling', async () => {
    const page = await world.loginAs('jx-bureau', { width: 390, height: 844 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(1);
    await page.getByRole('table').getByRole('link').first().click();
    await page.getByRole('heading', { name: '可办理事项' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(1);
    expect(await page.getByRole('button', { name: '接收' }).or(page.getByRole('button', { name: '报告进展' })).first().isVisible()).toBe(true);
  }, 60_000);

  it('keeps what the user typed and offers a retry when the network fails', async () => {
    const page = await world.loginAs('jx-inspector');
    await page.goto(`${world.base}/cases/new`);
    await page.getByLabel('问题标题').fill('网络中断时填写的标题');
    await page.getByLabel('问题描述').fill('网络恢复后应能直接重试');
    await pickRegion(page, '所在地区', '南昌市（360100）');
    await page.route('**/api/v1/cases', (route) => (route.request().method() === 'POST' ? route.abort('connectionrefused') : route.continue()));
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByRole('alert').filter({ hasText: '无法连接服务器' }).waitFor();
    expect(await page.getByLabel('问题标题').inputValue()).toBe('网络中断时填写的标题');
    await page.unroute('**/api/v1/cases');
    await page.getByRole('button', { name: '重试' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: /网络中断时填写的标题/ }).waitFor();
  }, 60_000);

  it('shows the API\u2019s own validation message beside the field it concerns', async () => {
    const page = await world.loginAs('jx-supervisor');
    await page.goto(`${world.base}/cases/new`);
    await page.getByLabel('问题标题').fill('标'.repeat(3));
    await page.getByLabel('问题描述').fill('描述');
    // A region outside 江西 cannot be chosen in the picker; the server refuses an over-long batch instead.
    await page.getByLabel('督察批次').fill('批'.repeat(200));
    await pickRegion(page, '所在地区', '南昌市（360100）');
    await page.route('**/api/v1/cases', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      // Forward with a batch the server must refuse, to see its own message come back to the field.
      const body = { ...JSON.parse(route.request().postData() ?? '{}'), batch: '批'.repeat(300) };
      return route.continue({ postData: JSON.stringify(body) });
    });
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText(/batch/).filter({ visible: true }).first().waitFor();
    expect(page.url()).toMatch(/\/cases\/new$/);
  }, 60_000);

  it('pages the case list by cursor: 下一页 shows the next rows, 上一页 the same first page again', async () => {
    const page = await world.loginAs('jx-supervisor');
    await page.goto(`${world.base}/cases`);
    await settle(page);
    const codes = () => page.getByRole('table').getByRole('link').allTextContents();
    await page.getByTestId('case-total').filter({ hasText: /共 \d+ 条/ }).waitFor();
    const first = await codes();
    expect(first.length).toBe(20);
    const pager = page.getByRole('navigation', { name: '翻页' });
    expect(await pager.getByRole('button', { name: '上一页' }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: '下一页' }).click();
    await page.waitForURL(/cursor=/);
    for (let i = 0; i < 100 && JSON.stringify(await codes()) === JSON.stringify(first); i++) await page.waitForTimeout(100);
    const second = await codes();
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((c) => first.includes(c))).toEqual([]);
    await pager.getByRole('button', { name: '上一页' }).click();
    for (let i = 0; i < 100 && JSON.stringify(await codes()) !== JSON.stringify(first); i++) await page.waitForTimeout(100);
    expect(await codes()).toEqual(first);
  }, 60_000);

  it('sends a user whose session has expired back to the login page, then to where they were', async () => {
    const page = await world.loginAs('jx-supervisor');
    await page.goto(`${world.base}/escalations`);
    await settle(page);
    await page.evaluate(() => sessionStorage.setItem('rectify.token', 'expired.or.revoked'));
    await page.reload();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByText('登录已过期，请重新登录。').waitFor();
    await page.getByLabel('用户名').fill('jx-supervisor');
    await page.getByLabel('密码').fill('rectify-demo-2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => url.pathname === '/escalations');
  }, 60_000);
  it('lets a province admin change its policy, see every version with who saved it, inherit again and restore an earlier version', async () => {
    const page = await world.loginAs('jx-admin');
    await page.goto(`${world.base}/admin/policies`);
    await settle(page);
    const versions = page.getByRole('region', { name: '版本记录' });
    await page.getByLabel('交办时限').fill('4');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText(/已保存（第 \d+ 版）/).waitFor();
    await page.getByText(/江西省的政策参数：第 \d+ 版/).waitFor();
    const saved = versions.getByRole('row').filter({ hasText: '交办时限 4，' }).first();
    await saved.getByText('现行').waitFor();
    await saved.getByText('江西省系统管理员').waitFor();

    await page.getByRole('button', { name: '改为继承上级' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '改为继承上级' }).click();
    await page.getByText('已改为继承上级', { exact: true }).first().waitFor();
    await page.getByText(/江西省没有自己的政策参数|江西省使用系统默认/).waitFor();
    await versions.getByRole('row').nth(1).getByText('改为继承上级').waitFor();

    await saved.getByRole('button', { name: '查看' }).click();
    const dialog = page.getByRole('dialog', { name: /第 \d+ 版/ });
    await dialog.getByRole('cell', { name: '交办时限', exact: true }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: '以此版本为草稿' }).click();
    await expect(page.getByLabel('交办时限').inputValue()).resolves.toBe('4');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText(/江西省的政策参数：第 \d+ 版/).waitFor();

    const effective = await apiCall<{ regionCode: string; policy: { deadlines: { assignmentWorkingDays: number } } }>(
      world, await world.token('jx-admin'), 'GET', '/policies?regionCode=360100',
    );
    expect(effective.regionCode).toBe('360000'); // 南昌 inherits 江西's restored version
    expect(effective.policy.deadlines.assignmentWorkingDays).toBe(4);
    expect(await seriousA11yViolations(page)).toEqual([]);
  }, 90_000);
});
