/// <reference lib="dom" />
import { AxeBuilder } from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { ensureBuiltTree } from './built-tree.js';
import { CHROMIUM_PATH } from './requirements.js';
import { freePort, ServiceProcess } from './service-process.js';

const ROOT = resolve(import.meta.dirname, '../..');
export const DEMO_PASSWORD = 'rectify-demo-2026';
export const ADMIN_PASSWORD = 'browser-tests-national-admin-2026';

/** Chromium flags for a root user in a closed network (DEVELOPERS notes): no sandbox, no background traffic. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

/** The web app built once per Jest run beside the service's test build (`.test-build/<pid>/web`, found by main.js). */
export function ensureBuiltWeb(): string {
  const main = ensureBuiltTree();
  const out = resolve(dirname(main), '../../../web');
  if (existsSync(join(out, '.complete'))) return out;
  execFileSync(process.execPath, ['-e', "import('vite').then((v) => v.build({ configFile: 'apps/web/vite.config.ts', logLevel: 'error' }))"], {
    cwd: ROOT,
    env: { ...process.env, WEB_OUT_DIR: out },
    stdio: 'pipe',
  });
  writeFileSync(join(out, '.complete'), new Date().toISOString());
  return out;
}

export interface BrowserWorld {
  base: string;
  api: string;
  server: ServiceProcess;
  browser: Browser;
  /** A fresh browser context (its own storage: one user), at 1366×768 unless a viewport is given. */
  context(viewport?: { width: number; height: number }): Promise<BrowserContext>;
  /** A page logged in as `username` through the login form. */
  loginAs(username: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** A bearer token for API set-up steps that are not the subject of a test. */
  token(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** The real service (built tree, demo data, manual clock) with the web app, and a headless Chromium. */
export async function startBrowserWorld(env: Record<string, string> = {}): Promise<BrowserWorld> {
  ensureBuiltWeb();
  const dir = mkdtempSync(join(tmpdir(), 'rectify-browser-'));
  const port = await freePort();
  const server = new ServiceProcess(port, {
    DATABASE_URL: `sqlite:${join(dir, 'demo.sqlite')}`,
    SEED: 'demo',
    APP_CLOCK: 'manual',
    ADMIN_PASSWORD,
    ...env,
  });
  await server.start(120_000);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const base = `http://127.0.0.1:${port}`;
  const contexts: BrowserContext[] = [];
  const world: BrowserWorld = {
    base,
    api: `${base}/api/v1`,
    server,
    browser,
    async context(viewport = { width: 1366, height: 768 }) {
      const ctx = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' });
      // Element Plus transitions would make clicks and screenshots land on half-drawn dialogs.
      await ctx.addInitScript(() => {
        document.addEventListener('DOMContentLoaded', () => {
          const style = document.createElement('style');
          style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
          document.head.appendChild(style);
        });
      });
      ctx.setDefaultTimeout(15_000);
      trackRequests(ctx);
      contexts.push(ctx);
      return ctx;
    },
    async loginAs(username, viewport) {
      const page = await (await world.context(viewport)).newPage();
      await page.goto(`${base}/`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL((url) => url.pathname === '/todo');
      await page.getByRole('heading', { level: 1, name: '我的待办' }).waitFor();
      return page;
    },
    async token(username, password = username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD) {
      const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    },
    async close() {
      for (const ctx of contexts) await ctx.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await server.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** axe-core over the page: the serious and critical violations, as readable lines (empty = none). */
/**
 * Requests each page has in flight, but for the bell's event stream: that one stays open as long as the page
 * does, so Playwright's `networkidle` never comes on a logged-in page (it counts every open request).
 */
const LONG_LIVED = /\/api\/v1\/notifications\/stream/;
const inFlight = new WeakMap<Page, Set<Request>>();

function trackRequests(ctx: BrowserContext): void {
  const pending = (r: Request): Set<Request> | undefined => {
    let page: Page;
    try {
      page = r.frame().page();
    } catch {
      return undefined; // a service worker's request has no frame
    }
    let set = inFlight.get(page);
    if (!set) inFlight.set(page, (set = new Set()));
    return set;
  };
  ctx.on('request', (r) => { if (!LONG_LIVED.test(r.url())) pending(r)?.add(r); });
  ctx.on('requestfinished', (r) => pending(r)?.delete(r));
  ctx.on('requestfailed', (r) => pending(r)?.delete(r));
}

/** Like `waitForLoadState('networkidle')`: no request of the page in flight for `quietMs`, the bell's stream aside. */
export async function waitForQuiet(page: Page, quietMs = 500, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    if (Date.now() > deadline) throw new Error(`waitForQuiet: requests still in flight after ${timeoutMs} ms: ${[...(inFlight.get(page) ?? [])].map((r) => r.url()).join(', ')}`);
    await page.waitForTimeout(50);
    if (inFlight.get(page)?.size) quietSince = Date.now();
  }
}

export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** An Element Plus select: opened by its accessible name, the visible option chosen by its text. */
export async function pickOption(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click({ force: true });
  await page.getByRole('option', { name: option, exact: true }).filter({ visible: true }).click();
}

/** The region tree picker: opened by its label, filtered by typing the name, a region chosen as "name（code）". */
export async function pickRegion(page: Page, label: string, region: string): Promise<void> {
  const box = page.getByRole('combobox', { name: label, exact: true });
  await box.click({ force: true });
  await box.pressSequentially(region.replace(/（.*$/, ''));
  await page.getByText(region, { exact: true }).filter({ visible: true }).first().click();
}

/** The API as a test's set-up step (not what a test asserts on). */
export async function apiCall<T>(world: BrowserWorld, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${world.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}
