import type { Page } from 'playwright-core';
import { describeWith } from '../support/requirements.js';
import { apiCall, seriousA11yViolations, startBrowserWorld, type BrowserWorld } from '../support/browser.js';

/** 讨论 on the case page (docs/comments.md): a supervisor and the lead unit talk, an internal note stays internal. */
describeWith({ chromium: true }, 'comments in the web app (headless Chromium, demo data)', () => {
  let world: BrowserWorld;
  beforeAll(async () => {
    world = await startBrowserWorld();
  }, 240_000);
  afterAll(async () => world?.close());

  const panel = (page: Page) => page.getByRole('region', { name: /^讨论/ });
  const thread = (page: Page) => panel(page).getByRole('list', { name: '讨论' });

  it('a supervisor @mentions the lead unit, the bureau is told, reads (no internal note), replies and edits', async () => {
    // a 九江市生态环境局 case that 江西's supervisor sees as well
    const bureauToken = await world.token('jx-bureau');
    const { items } = await apiCall<{ items: Array<{ id: string; code: string; leadUnit: { name: string } | null }> }>(world, bureauToken, 'GET', '/cases?state=rectifying&pageSize=5');
    const target = items.find((c) => c.leadUnit?.name === '九江市生态环境局')!;
    expect(target).toBeDefined();
    const caseUrl = `${world.base}/cases/${target.id}`;

    const supervisor = await world.loginAs('jx-supervisor');
    await supervisor.goto(caseUrl);
    await panel(supervisor).waitFor();
    await panel(supervisor).getByLabel('发表评论').fill('请九江市生态环境局本周五前补充堆场覆盖的现场照片。');
    await panel(supervisor).getByRole('combobox', { name: '@提及用户或单位（将收到消息）' }).click({ force: true });
    await supervisor.getByRole('option', { name: '九江市生态环境局', exact: true }).filter({ visible: true }).click();
    await supervisor.keyboard.press('Escape');
    await panel(supervisor).getByRole('button', { name: '发表', exact: true }).click();
    await thread(supervisor).getByText('请九江市生态环境局本周五前补充堆场覆盖的现场照片。').waitFor();
    await thread(supervisor).getByText('@九江市生态环境局').waitFor();

    await panel(supervisor).getByLabel('发表评论').fill('该单位上次整改材料存疑，验收从严把关。');
    await panel(supervisor).getByText('内部备注（仅督办、督察人员可见）', { exact: true }).click();
    expect(await panel(supervisor).getByRole('checkbox', { name: '内部备注（仅督办、督察人员可见）' }).isChecked()).toBe(true);
    await panel(supervisor).getByRole('button', { name: '发表', exact: true }).click();
    await thread(supervisor).getByText('该单位上次整改材料存疑，验收从严把关。').waitFor();
    await thread(supervisor).getByText('内部备注', { exact: true }).waitFor();
    // the history shows both comment rows and the chain still verifies
    await supervisor.locator('section[aria-labelledby="history-h"]').getByText('发表评论').first().waitFor();
    expect(await seriousA11yViolations(supervisor)).toEqual([]);

    // the bureau: the bell has the mention and leads to the case
    const bureau = await world.loginAs('jx-bureau');
    const bell = bureau.getByRole('button', { name: /^消息（[1-9]\d* 条未读）$/ });
    await bell.waitFor();
    await bell.click();
    await bureau.getByRole('region', { name: '消息' }).getByRole('link', { name: new RegExp(`${target.code}.*提到了本单位`) }).first().click();
    await bureau.waitForURL((url) => url.pathname === `/cases/${target.id}`);
    await thread(bureau).getByText('请九江市生态环境局本周五前补充堆场覆盖的现场照片。').waitFor();
    expect(await thread(bureau).getByText('该单位上次整改材料存疑').count()).toBe(0);
    expect(await bureau.getByText('该单位上次整改材料存疑').count()).toBe(0); // not in the history either
    expect(await panel(bureau).getByRole('checkbox', { name: /内部备注/ }).count()).toBe(0);

    // reply, then edit the reply: 已编辑, and both texts readable
    await panel(bureau).getByLabel('发表评论').fill('收到，周四前上传照片。');
    await panel(bureau).getByRole('button', { name: '发表', exact: true }).click();
    await thread(bureau).getByText('收到，周四前上传照片。').waitFor();
    await panel(bureau).getByRole('button', { name: /^编辑：收到，周四前上传照片/ }).click();
    await panel(bureau).getByLabel('修改评论内容').fill('收到，周三前上传照片和监测报告。');
    await panel(bureau).getByRole('button', { name: '保存修改' }).click();
    await thread(bureau).getByText('收到，周三前上传照片和监测报告。').waitFor();
    await thread(bureau).getByText('已编辑', { exact: true }).waitFor();
    await panel(bureau).getByRole('button', { name: '查看修订记录（2 版）' }).click();
    const revisions = panel(bureau).getByRole('list', { name: '修订记录' });
    await revisions.getByText('收到，周四前上传照片。').waitFor();
    await revisions.getByText('收到，周三前上传照片和监测报告。').waitFor();
    // only one's own comments have an edit button
    expect(await panel(bureau).getByRole('button', { name: /^编辑：请九江市/ }).count()).toBe(0);
    expect(await seriousA11yViolations(bureau)).toEqual([]);

    // the supervisor sees the reply's latest text
    await supervisor.reload();
    await thread(supervisor).getByText('收到，周三前上传照片和监测报告。').waitFor();
    const chain = await apiCall<{ valid: boolean }>(world, await world.token('jx-supervisor'), 'GET', `/cases/${target.id}/history/verify`);
    expect(chain.valid).toBe(true);
  }, 180_000);
});
