// `npm run screenshots`: the README's pictures of the web app, made from a fresh demo database in headless
// Chromium (/usr/bin/chromium or CHROMIUM_PATH). Builds first (npm run build), writes docs/screenshots/*.png.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'docs/screenshots');
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'rectify-shots-'));
const port = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], {
  env: { ...process.env, PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 'demo.sqlite')}`, SEED: 'demo', LOG_LEVEL: 'warn', SWEEP_INTERVAL_SECONDS: '0' },
  stdio: 'ignore',
});
try {
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/api/v1/health`)).ok) break; } catch { /* starting */ }
    if (i > 600) throw new Error('the service did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const shoot = async (username, shots, viewport = { width: 1366, height: 768 }) => {
    const ctx = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' });
    const page = await ctx.newPage();
    // The bell's event stream stays open for the page's life, so `networkidle` would never come: refuse it (the bell polls).
    await page.route('**/api/v1/notifications/stream', (route) => route.abort());
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill('rectify-demo-2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((u) => u.pathname === '/todo');
    for (const [name, go] of shots) {
      await go(page);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(out, `${name}.png`) });
      console.log(`docs/screenshots/${name}.png`);
    }
    await ctx.close();
  };
  await shoot('jx-supervisor', [
    ['todo-supervisor', async (p) => p.getByRole('table').first().waitFor()],
    ['case-list', async (p) => { await p.goto(`${base}/cases?state=rectifying.inProgress`); await p.getByRole('table').first().waitFor(); }],
    ['case-page', async (p) => { await p.getByRole('table').getByRole('link').first().click(); await p.getByRole('heading', { name: '办理记录' }).waitFor(); }],
    ['scorecards', async (p) => { await p.goto(`${base}/scorecards`); await p.getByRole('heading', { name: '红榜' }).waitFor(); }],
    ['workflow', async (p) => { await p.goto(`${base}/workflow`); await p.getByRole('table').first().waitFor(); }],
  ]);
  await shoot('jx-bureau', [['todo-bureau-phone', async (p) => p.getByRole('heading', { name: '我的待办' }).waitFor()]], { width: 390, height: 844 });
  await browser.close();
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
