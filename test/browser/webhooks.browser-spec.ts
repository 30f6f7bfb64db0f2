import type { Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { describeWith } from '../support/requirements.js';
import { apiCall, pickOption, seriousA11yViolations, startBrowserWorld, type BrowserWorld } from '../support/browser.js';
import { WebhookReceiver, type Received } from '../support/webhook-receiver.js';

interface Hook { id: string; url: string; status: string }
interface DeliveryDetail { id: string; status: string; attempts: number; attemptLog: Array<{ attempt: number; outcome: string; statusCode: number | null }> }

/** The webhooks admin page: an admin registers a local receiver, watches deliveries, attempts and dead letters, and replays one. */
describeWith({ chromium: true }, 'webhooks admin page (headless Chromium, demo data, local receiver)', () => {
  let world: BrowserWorld;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    world = await startBrowserWorld({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1:*' });
  }, 240_000);
  afterAll(async () => {
    await world?.close();
    await receiver?.stop();
  });

  const at = (path: string) => (r: Received[]) => r.filter((x) => x.url === path);

  /** A new case in 九江 assigned to 九江市生态环境局: one `case.assigned` event. */
  async function assignNewCase(title: string): Promise<string> {
    const supervisorToken = await world.token('jx-supervisor');
    const units = (await apiCall<{ items: Array<{ id: string; name: string }> }>(world, supervisorToken, 'GET', '/units?regionCode=360400')).items;
    const unit = units.find((u) => u.name === '九江市生态环境局')!;
    const created = await apiCall<{ id: string }>(world, await world.token('jx-inspector'), 'POST', '/cases', {
      title, description: '推送测试', source: 'routine', category: 'air', regionCode: '360400',
    });
    await apiCall(world, supervisorToken, 'POST', `/cases/${created.id}/events`, { type: 'ASSIGN', leadUnitId: unit.id, rectificationWorkingDays: 30 });
    return created.id;
  }

  /** Registers an endpoint through the dialog; returns the generated secret the page shows once. */
  async function register(page: Page, url: string): Promise<string> {
    await page.getByRole('button', { name: '登记推送地址' }).click();
    const dialog = page.getByRole('dialog', { name: '登记推送地址' });
    await dialog.getByLabel('推送地址').fill(url);
    await pickOption(page, '订阅事件', '交办（case.assigned）');
    await page.keyboard.press('Escape'); // closes the multi-select's list, not the dialog
    await dialog.getByRole('button', { name: '保存' }).click();
    const shown = page.getByRole('dialog', { name: '推送地址已登记' });
    const secret = await shown.getByLabel('签名密钥').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await shown.getByRole('button', { name: '确定' }).click();
    await page.getByRole('heading', { name: `投递记录：${url}` }).waitFor();
    return secret;
  }

  /** The deliveries panel, refreshed until a row with `text` shows (the page also refreshes every 5 s). */
  async function deliveryRow(page: Page, text: RegExp) {
    const panel = page.getByRole('region', { name: '投递记录' });
    const row = panel.getByRole('row').filter({ hasText: text }).first();
    for (let i = 0; i < 40 && !(await row.isVisible()); i++) {
      await panel.getByRole('button', { name: '刷新' }).click();
      await page.waitForTimeout(250);
    }
    await row.waitFor();
    return row;
  }

  async function attemptsDialog(page: Page, row: Awaited<ReturnType<typeof deliveryRow>>) {
    await row.getByRole('button', { name: /^尝试记录/ }).click();
    return page.getByRole('dialog', { name: '投递详情' });
  }

  it('registers a receiver, shows a signed delivery with its attempt, retries a failing one into a dead letter and replays it', async () => {
    receiver.reply = (r) => (r.url === '/fail' ? { status: 500, body: '{"error":"down"}' } : { status: 204 });
    const admin = await world.loginAs('jx-admin');
    await admin.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '事件推送', exact: true }).click();
    await admin.getByRole('heading', { level: 1, name: '事件推送（Webhook）' }).waitFor();

    // 1. A receiver that answers 204: the delivery succeeds, signed as Standard Webhooks says.
    const okSecret = await register(admin, receiver.url('/ok'));
    await assignNewCase('九江市某码头扬尘（推送测试一）');
    const [got] = at('/ok')(await receiver.until((r) => at('/ok')(r).length === 1));
    const event = new Webhook(okSecret).verify(got!.body, got!.headers as Record<string, string>) as { type: string; caseCode: string };
    expect(event.type).toBe('case.assigned');
    const delivered = await deliveryRow(admin, /已送达/);
    expect(await delivered.textContent()).toContain(event.caseCode);
    let dialog = await attemptsDialog(admin, delivered);
    await dialog.getByRole('row').filter({ hasText: '成功' }).filter({ hasText: '204' }).waitFor();
    await admin.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // 2. A receiver that fails: a failed attempt, then (the clock moved past each retry) a dead letter.
    const failSecret = await register(admin, receiver.url('/fail'));
    await assignNewCase('九江市某码头扬尘（推送测试二）');
    await receiver.until((r) => at('/fail')(r).length === 1);
    const failing = await deliveryRow(admin, /待投递.*500|500.*待投递/);
    dialog = await attemptsDialog(admin, failing);
    await dialog.getByRole('row').filter({ hasText: '失败' }).filter({ hasText: '500' }).waitFor();
    await admin.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    const adminToken = await world.token('jx-admin');
    const nationalToken = await world.token('admin');
    const hooks = (await apiCall<{ items: Hook[] }>(world, adminToken, 'GET', '/webhooks')).items;
    const failHook = hooks.find((h) => h.url.endsWith('/fail'))!;
    const [queued] = (await apiCall<{ items: Array<{ id: string }> }>(world, adminToken, 'GET', `/webhooks/${failHook.id}/deliveries`)).items;
    const detail = () => apiCall<DeliveryDetail>(world, adminToken, 'GET', `/webhooks/deliveries/${queued!.id}`);
    const recorded = async (n: number) => {
      for (let i = 0; i < 200 && (await detail()).attemptLog.length < n; i++) await new Promise((r) => setTimeout(r, 50));
      expect((await detail()).attemptLog).toHaveLength(n);
    };
    await recorded(1);
    for (let attempt = 2; attempt <= 6; attempt++) {
      // Past the longest retry step with its jitter (12 h + 20 %).
      const { now } = await apiCall<{ now: string }>(world, nationalToken, 'GET', '/admin/clock');
      await apiCall(world, nationalToken, 'PUT', '/admin/clock', { now: new Date(Date.parse(now) + 15 * 3_600_000).toISOString() });
      await receiver.until((r) => at('/fail')(r).length === attempt);
      await recorded(attempt);
    }
    expect((await detail()).status).toBe('dead');
    // Every attempt carried the same webhook-id and its own attempt number, each signed.
    const failed = at('/fail')(receiver.received);
    expect(new Set(failed.map((r) => r.headers['webhook-id']))).toEqual(new Set([queued!.id]));
    expect(failed.map((r) => r.headers['webhook-attempt'])).toEqual(['1', '2', '3', '4', '5', '6']);

    const panel = admin.getByRole('region', { name: '投递记录' });
    await panel.getByRole('radio', { name: '死信' }).check({ force: true });
    const dead = await deliveryRow(admin, /死信/);
    dialog = await attemptsDialog(admin, dead);
    await dialog.getByRole('row').filter({ hasText: '失败' }).nth(5).waitFor();
    expect(await dialog.getByRole('row').filter({ hasText: '失败' }).count()).toBe(6);
    await admin.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // 3. The receiver is back: the dead letter replayed from the page is delivered.
    receiver.reply = () => ({ status: 204 });
    await dead.getByRole('button', { name: /^重新投递/ }).click();
    await admin.getByText('已重新排队投递').waitFor();
    const replayed = (await receiver.until((r) => at('/fail')(r).length === 7)).filter((x) => x.url === '/fail')[6]!;
    expect(replayed.headers['webhook-id']).toBe(queued!.id);
    expect((new Webhook(failSecret).verify(replayed.body, replayed.headers as Record<string, string>) as { type: string }).type).toBe('case.assigned');
    await panel.getByRole('radio', { name: '投递记录' }).check({ force: true });
    await deliveryRow(admin, /已送达.*7|7.*已送达/);

    expect(await seriousA11yViolations(admin)).toEqual([]);

    // 4. Pause, resume and delete, each from its row.
    const okUrl = receiver.url('/ok');
    const okRow = admin.getByRole('row').filter({ hasText: okUrl });
    await admin.getByRole('button', { name: `暂停 ${okUrl}` }).click();
    await okRow.getByText('已暂停').waitFor();
    expect((await apiCall<{ items: Hook[] }>(world, adminToken, 'GET', '/webhooks')).items.find((h) => h.url === okUrl)!.status).toBe('paused');
    await admin.getByRole('button', { name: `恢复 ${okUrl}` }).click();
    await okRow.getByText('启用').waitFor();
    await admin.getByRole('button', { name: `删除 ${okUrl}` }).click();
    await admin.getByRole('dialog').getByRole('button', { name: '删除' }).click();
    await okRow.waitFor({ state: 'detached' });
    expect((await apiCall<{ items: Hook[] }>(world, adminToken, 'GET', '/webhooks')).items.map((h) => h.url)).toEqual([receiver.url('/fail')]);
  }, 240_000);

  it('is not offered to other roles', async () => {
    const supervisor = await world.loginAs('jx-supervisor');
    expect(await supervisor.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '事件推送' }).count()).toBe(0);
    await supervisor.goto(`${world.base}/admin/webhooks`);
    await supervisor.waitForURL((url) => url.pathname === '/todo');
  }, 60_000);
});
