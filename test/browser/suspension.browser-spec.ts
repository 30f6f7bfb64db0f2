import type { Page } from 'playwright-core';
import { describeWith } from '../support/requirements.js';
import { apiCall, seriousA11yViolations, startBrowserWorld, type BrowserWorld } from '../support/browser.js';

/** 挂起 on the case page (docs/suspension.md): a supervisor suspends the clock, the bureau sees it stopped, the supervisor resumes it. */
describeWith({ chromium: true }, 'suspension in the web app (headless Chromium, demo data)', () => {
  let world: BrowserWorld;
  beforeAll(async () => {
    world = await startBrowserWorld();
  }, 240_000);
  afterAll(async () => world?.close());

  const actions = (page: Page) => page.locator('section[aria-labelledby="actions-h"]');

  it('a supervisor suspends for litigation, the bureau can do nothing meanwhile, the supervisor resumes', async () => {
    const bureauToken = await world.token('jx-bureau');
    const { items } = await apiCall<{ items: Array<{ id: string; leadUnit: { name: string } | null; stateDetail: string; suspended: boolean; extension: { pending: unknown } }> }>(
      world, bureauToken, 'GET', '/cases?state=rectifying&pageSize=20',
    );
    const target = items.find((c) => c.leadUnit?.name === '九江市生态环境局' && c.stateDetail === 'rectifying.inProgress' && !c.suspended && !c.extension.pending)!;
    expect(target).toBeDefined();
    const caseUrl = `${world.base}/cases/${target.id}`;

    const supervisor = await world.loginAs('jx-supervisor');
    await supervisor.goto(caseUrl);
    await actions(supervisor).getByRole('button', { name: '挂起', exact: true }).click();
    await actions(supervisor).getByLabel('说明').fill('企业已提起行政诉讼，待法院判决。');
    await actions(supervisor).getByLabel('计划恢复日期').fill('2099-01-15');
    await supervisor.keyboard.press('Enter');
    await actions(supervisor).getByRole('button', { name: '确认挂起' }).click();
    await actions(supervisor).getByText(/已挂起：诉讼，计划 2099-01-15 恢复/).waitFor();
    await actions(supervisor).getByRole('button', { name: '恢复计时' }).waitFor();
    await supervisor.locator('section[aria-labelledby="history-h"]').getByText('挂起', { exact: true }).first().waitFor();
    expect(await seriousA11yViolations(supervisor)).toEqual([]);

    const bureau = await world.loginAs('jx-bureau');
    await bureau.goto(caseUrl);
    await actions(bureau).getByText(/已挂起：诉讼/).waitFor();
    await actions(bureau).getByText('说明：企业已提起行政诉讼，待法院判决。').waitFor();
    expect(await actions(bureau).getByRole('button').count()).toBe(0); // no event, no 恢复计时
    expect(await seriousA11yViolations(bureau)).toEqual([]);

    await actions(supervisor).getByRole('button', { name: '恢复计时' }).click();
    await actions(supervisor).getByText('挂起记录').waitFor();
    expect(await actions(supervisor).getByText(/已挂起：/).count()).toBe(0);
    await supervisor.locator('section[aria-labelledby="history-h"]').getByText('恢复计时').first().waitFor();
    const view = await apiCall<{ suspended: boolean; allowedEvents: string[] }>(world, bureauToken, 'GET', `/cases/${target.id}`);
    expect(view.suspended).toBe(false);
    expect(view.allowedEvents.length).toBeGreaterThan(0);
    expect(await seriousA11yViolations(supervisor)).toEqual([]);
  }, 180_000);
});
