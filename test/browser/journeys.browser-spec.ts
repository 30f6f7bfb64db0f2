import type { Page } from 'playwright-core';
import { describeWith } from '../support/requirements.js';
import { apiCall, pickOption, pickRegion, startBrowserWorld, type BrowserWorld } from '../support/browser.js';

/** The README's walk and each role's daily work, done in the web app by real users in their own browsers. */
describeWith({ chromium: true }, 'web app journeys (headless Chromium, demo data)', () => {
  let world: BrowserWorld;
  beforeAll(async () => {
    world = await startBrowserWorld();
  }, 240_000);
  afterAll(async () => world?.close());

  async function openCase(page: Page, code: string) {
    await page.goto(`${world.base}/cases?q=${encodeURIComponent(code)}`);
    await page.getByRole('link', { name: code.length > 20 ? code : undefined }).first().waitFor();
  }
  async function act(page: Page, event: string) {
    await page.getByRole('button', { name: event, exact: true }).click();
    return page.getByRole('dialog');
  }
  it('walks a case from reported to closed with three users, and a stale page is told to reload', async () => {
    const inspector = await world.loginAs('jx-inspector');
    await inspector.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '登记问题', exact: true }).click();
    await inspector.getByLabel('问题标题').fill('九江市某码头粉尘污染（浏览器测试）');
    await inspector.getByLabel('问题描述').fill('现场检查发现堆场未覆盖');
    await pickOption(inspector, '问题类别', '大气');
    await pickRegion(inspector, '所在地区', '九江市（360400）');
    await inspector.getByRole('button', { name: '提交' }).click();
    await inspector.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await inspector.getByRole('heading', { level: 1, name: /九江市某码头粉尘污染（浏览器测试）.*待交办/ }).waitFor();
    const caseUrl = inspector.url();

    const supervisor = await world.loginAs('jx-supervisor');
    await supervisor.goto(caseUrl);
    let dialog = await act(supervisor, '交办');
    await pickOption(supervisor, '牵头责任单位', '九江市生态环境局（360400）');
    await dialog.getByLabel('整改时限（工作日）').fill('30');
    await dialog.getByRole('button', { name: '提交' }).click();
    await supervisor.getByText('已交办', { exact: false }).first().waitFor();
    expect(await supervisor.getByRole('heading', { level: 1 }).textContent()).toContain('已交办待接收');

    // A second supervisor tab opened now goes stale when the bureau accepts.
    const staleTab = await world.loginAs('jx-supervisor');
    await staleTab.goto(caseUrl);
    await staleTab.getByRole('button', { name: '撤回', exact: true }).waitFor();

    // The bureau is told: the bell counts the 交办 and leads to the case.
    const caseId = caseUrl.split('/').pop()!;
    const { code } = await apiCall<{ code: string }>(world, await world.token('jx-bureau'), 'GET', `/cases/${caseId}`);
    const bureau = await world.loginAs('jx-bureau');
    const bell = bureau.getByRole('button', { name: /^消息（[1-9]\d* 条未读）$/ });
    await bell.waitFor();
    await bell.click();
    await bureau.getByRole('region', { name: '消息' }).getByRole('link', { name: new RegExp(code) }).first().click();
    await bureau.waitForURL((url) => url.pathname === `/cases/${caseId}`);
    await bureau.goto(`${world.base}/todo`);
    await bureau.getByRole('link', { name: '九江市某码头粉尘污染（浏览器测试）' }).click(); // on 我的待办
    await (await act(bureau, '接收')).getByRole('button', { name: '提交' }).click();
    await bureau.getByRole('heading', { level: 1, name: /整改中/ }).waitFor();

    dialog = await act(staleTab, '撤回');
    await dialog.getByLabel('理由').fill('重复登记，撤回');
    await dialog.getByRole('button', { name: '提交' }).click();
    await staleTab.getByText('案件已被他人更新，请刷新后重试。').waitFor();
    expect(await dialog.getByLabel('理由').inputValue()).toBe('重复登记，撤回'); // nothing typed is lost
    await staleTab.getByRole('button', { name: '刷新案件' }).click();
    await staleTab.getByRole('heading', { level: 1, name: /整改中/ }).waitFor();
    expect(await staleTab.getByRole('button', { name: '撤回', exact: true }).count()).toBe(0);

    dialog = await act(bureau, '提交整改材料');
    await dialog.getByLabel('整改情况说明').fill('已覆盖防尘网');
    await dialog.getByLabel('佐证材料 1 名称').fill('现场照片');
    await dialog.getByLabel('佐证材料 1 材料编号或链接').fill('p-1');
    await dialog.getByRole('button', { name: '提交' }).click();
    await bureau.getByRole('heading', { level: 1, name: /待验收/ }).waitFor();

    await inspector.goto(caseUrl);
    dialog = await act(inspector, '验收通过');
    await dialog.getByLabel('说明').fill('现场核查通过');
    await dialog.getByRole('button', { name: '提交' }).click();
    await inspector.getByRole('heading', { level: 1, name: /已验收待销号/ }).waitFor();

    await supervisor.goto(caseUrl);
    dialog = await act(supervisor, '销号');
    await dialog.getByLabel('说明').fill('同意销号');
    await dialog.getByRole('button', { name: '提交' }).click();
    await supervisor.getByRole('heading', { level: 1, name: /已销号/ }).waitFor();

    // The timeline tells the story in words, and the chain verifies.
    await supervisor.getByRole('region', { name: '办理记录' }).getByText(/同意销号/).waitFor();
    const history = await supervisor.getByRole('region', { name: '办理记录' }).textContent();
    for (const step of ['登记', '交办', '接收', '提交整改材料', '验收通过', '销号', '现场照片', '同意销号']) expect(history).toContain(step);
    expect(history).toMatch(/办理记录完整，未被篡改（6 条）/);
    // The anchoring (issue 11 item 8): the head is signed; once a checkpoint includes it, the page names it.
    expect(history).toContain('链头签名有效');
    expect(history).toContain('尚未纳入存证检查点');
    const checkpoint = await apiCall<{ seq: number }>(world, await world.token('admin'), 'POST', '/admin/history/checkpoints');
    await supervisor.reload();
    await supervisor.getByRole('region', { name: '办理记录' }).getByText(`与第 ${checkpoint.seq} 号存证检查点一致`, { exact: false }).waitFor();
  }, 180_000);

  it('lets a bureau return a case with a reason code and a reason', async () => {
    const supervisorToken = await world.token('jx-supervisor');
    const inspectorToken = await world.token('jx-inspector');
    const units = await apiCall<{ items: Array<{ id: string; name: string }> }>(world, supervisorToken, 'GET', '/units?regionCode=360400');
    const unit = units.items.find((u) => u.name === '九江市生态环境局')!;
    const created = await apiCall<{ id: string; code: string; version: number }>(world, inspectorToken, 'POST', '/cases', {
      title: '彭泽县某化工园区废水直排（退回测试）', description: '群众举报夜间偷排', source: 'routine', category: 'water', regionCode: '360400',
    });
    await apiCall(world, supervisorToken, 'POST', `/cases/${created.id}/events`, { type: 'ASSIGN', leadUnitId: unit.id });

    const bureau = await world.loginAs('jx-bureau');
    await bureau.goto(`${world.base}/cases/${created.id}`);
    const dialog = await act(bureau, '退回');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.getByText('退回原因必填').waitFor(); // the form says what is missing before sending
    await pickOption(bureau, '退回原因', '不属本单位职责');
    await dialog.getByLabel('理由').fill('该园区属彭泽县管辖，请改交彭泽县');
    await dialog.getByRole('button', { name: '提交' }).click();
    await bureau.getByRole('heading', { level: 1, name: /待交办/ }).waitFor();
    await bureau.getByRole('region', { name: '办理记录' }).getByText(/退回原因：不属本单位职责/).waitFor(); // the timeline reloads after the view
    const history = await bureau.getByRole('region', { name: '办理记录' }).textContent();
    expect(history).toContain('退回原因：不属本单位职责');
    expect(history).toContain('该园区属彭泽县管辖');
  }, 120_000);

  it('lets an inspector correct a case\u2019s facts with a reason, shown before → after in the timeline', async () => {
    const inspectorToken = await world.token('jx-inspector');
    const created = await apiCall<{ id: string }>(world, inspectorToken, 'POST', '/cases', {
      title: '湖口县某砂场扬尘（错字）', description: '现场发现砂堆未覆盖', source: 'routine', category: 'air', regionCode: '360400',
    });
    const inspector = await world.loginAs('jx-inspector');
    await inspector.goto(`${world.base}/cases/${created.id}`);
    const dialog = await act(inspector, '更正信息');
    expect(await dialog.getByLabel('问题标题').inputValue()).toBe('湖口县某砂场扬尘（错字）'); // starts from the facts as they are
    await dialog.getByLabel('问题标题').fill('湖口县某砂场扬尘污染');
    await dialog.getByLabel('理由').fill('标题录入有误');
    await dialog.getByRole('button', { name: '提交' }).click();
    await inspector.getByRole('heading', { level: 1, name: /湖口县某砂场扬尘污染/ }).waitFor();
    await inspector.getByRole('region', { name: '办理记录' }).getByText('问题标题：湖口县某砂场扬尘（错字） → 湖口县某砂场扬尘污染', { exact: false }).waitFor();
  }, 120_000);

  it('shows a supervisor the escalation once the clock passes the due, and records the acknowledgement', async () => {
    const adminToken = await world.token('admin');
    const { now } = await apiCall<{ now: string }>(world, adminToken, 'GET', '/admin/clock');
    // Three weeks on, every fresh assignment clock of the demo data is past its 催办.
    await apiCall(world, adminToken, 'PUT', '/admin/clock', { now: new Date(Date.parse(now) + 21 * 86_400_000).toISOString() });
    await apiCall(world, adminToken, 'POST', '/admin/sweep');

    const supervisor = await world.loginAs('jx-supervisor');
    await supervisor.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '督办预警', exact: true }).click();
    const row = supervisor.getByRole('row').filter({ has: supervisor.getByRole('button', { name: '确认' }) }).first();
    const code = (await row.getByRole('link').textContent())!.trim();
    await row.getByRole('button', { name: '确认' }).click();
    await supervisor.getByRole('dialog').getByLabel('处理说明').fill('已电话催办');
    await supervisor.getByRole('dialog').getByRole('button', { name: '确定' }).click();
    await supervisor.getByRole('dialog').waitFor({ state: 'hidden' });
    await pickOption(supervisor, '状态', '已确认');
    const acked = supervisor.getByRole('row').filter({ hasText: code }).filter({ hasText: '已电话催办' });
    await acked.first().waitFor();
    expect(await acked.first().textContent()).toContain('jx-supervisor');
  }, 120_000);

  it('draws a 回头看 campaign and shows who was drawn', async () => {
    const supervisor = await world.loginAs('jx-supervisor');
    await supervisor.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '回头看', exact: true }).click();
    await supervisor.getByRole('button', { name: '新建抽查' }).click();
    const dialog = supervisor.getByRole('dialog');
    await dialog.getByLabel('抽取数量').fill('3');
    await dialog.getByLabel('随机种子').fill('2026-浏览器测试');
    await dialog.getByLabel('完成期限').fill('2030-06-30');
    await dialog.getByLabel('完成期限').press('Enter');
    await dialog.getByRole('button', { name: '抽取' }).click();
    await supervisor.getByRole('heading', { name: /抽中案件（2026-浏览器测试）/ }).waitFor();
    await supervisor.getByRole('row').filter({ hasText: '2026-浏览器测试' }).first().waitFor(); // the list reloads after the draw
    expect(await supervisor.getByRole('row').filter({ hasText: '2026-浏览器测试' }).count()).toBe(1);
    const drawn = supervisor.getByRole('list', { name: '抽中案件' }).getByRole('listitem');
    expect(await drawn.count()).toBeGreaterThan(0);
    expect(await drawn.count()).toBeLessThanOrEqual(3);
  }, 120_000);

  it('lets an admin add a unit and a user, who then logs in and sees their own work', async () => {
    const admin = await world.loginAs('jx-admin');
    await admin.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '责任单位', exact: true }).click();
    await admin.getByRole('button', { name: '新建单位' }).click();
    let dialog = admin.getByRole('dialog');
    await dialog.getByLabel('名称').fill('彭泽县生态环境局（测试）');
    await pickRegion(admin, '所在地区', '九江市（360400）');
    await dialog.getByRole('button', { name: '保存' }).click();
    await admin.getByRole('cell', { name: '彭泽县生态环境局（测试）' }).waitFor();

    await admin.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '用户', exact: true }).click();
    await admin.getByRole('button', { name: '新建用户' }).click();
    dialog = admin.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('pz-bureau-test');
    await dialog.getByLabel('姓名').fill('彭泽县生态环境局 李四');
    await dialog.getByLabel('初始密码').fill('Pengze-bureau-2026!');
    await pickOption(admin, '角色', '责任单位');
    await pickRegion(admin, '所在地区', '九江市（360400）');
    await pickOption(admin, '所属单位（责任单位用户必填）', '彭泽县生态环境局（测试）（360400）');
    await dialog.getByRole('button', { name: '保存' }).click();
    await admin.getByRole('cell', { name: 'pz-bureau-test' }).waitFor();

    const page = await (await world.context()).newPage();
    await page.goto(`${world.base}/login`);
    await page.getByLabel('用户名').fill('pz-bureau-test');
    await page.getByLabel('密码').fill('Pengze-bureau-2026!');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => url.pathname === '/todo');
    await page.getByText('当前没有需要您处理的案件。').waitFor();
    expect(await page.getByText('彭泽县生态环境局 李四').count()).toBe(1);
  }, 120_000);
});
