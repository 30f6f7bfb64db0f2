import { describeWith } from '../support/requirements.js';
import { apiCall, seriousA11yViolations, startBrowserWorld, type BrowserWorld } from '../support/browser.js';

/** The bell follows the server-sent-events stream (docs/notifications.md "Live updates"): no reload, no minute poll. */
describeWith({ chromium: true }, 'the notification bell updates live (headless Chromium, demo data)', () => {
  let world: BrowserWorld;
  beforeAll(async () => {
    world = await startBrowserWorld();
  }, 240_000);
  afterAll(async () => world?.close());

  it('a case assigned to the unit raises the bell count of an open page, then the new message is in the list', async () => {
    const bureau = await world.loginAs('jx-bureau');
    const bell = bureau.getByRole('button', { name: /^消息（\d+ 条未读）$/ });
    await bell.waitFor();
    // the stream is up (the bell marks it), so the change below can only come through it
    await bureau.locator('[data-live="true"]').waitFor({ timeout: 15_000 });
    const countNow = async () => Number(/（(\d+) 条未读）/.exec((await bell.getAttribute('aria-label')) ?? '')![1]);
    const before = await countNow();

    const inspector = await world.token('jx-inspector');
    const supervisor = await world.token('jx-supervisor');
    const units = await apiCall<{ items: Array<{ id: string; name: string }> }>(world, supervisor, 'GET', '/units?regionCode=360400');
    const unit = units.items.find((u) => u.name === '九江市生态环境局')!;
    const created = await apiCall<{ id: string; code: string; version: number }>(world, inspector, 'POST', '/cases', {
      title: '九江市某码头夜间粉尘污染',
      description: '群众举报夜间装卸扬尘',
      source: 'routine',
      category: 'air',
      regionCode: '360400',
    });
    await apiCall(world, supervisor, 'POST', `/cases/${created.id}/events`, { type: 'ASSIGN', leadUnitId: unit.id });

    await bureau.getByRole('button', { name: `消息（${before + 1} 条未读）` }).waitFor({ timeout: 10_000 });
    await bell.click();
    await bureau.getByRole('region', { name: '消息' }).getByRole('link', { name: new RegExp(`${created.code}.*交办`) }).waitFor();
    expect(await seriousA11yViolations(bureau)).toEqual([]);
  }, 120_000);
});
