/// <reference lib="dom" />
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext } from 'playwright-core';
import { intParam, param } from './support/bench-params.util.js';
import { runBenchmark, writeResult } from './support/bench-output.util.js';
import { startServer } from './support/server-process.js';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

/**
 * The web app in headless Chromium against the real service: for each page, `runs` cold loads (a new browser
 * context each time: empty HTTP cache, a logged-in session put in sessionStorage) timed from navigation to the
 * page's data on screen (the first table row, or the case's timeline) — the moment a user can act. Also the
 * JavaScript the to-do page loads, gzip-compressed. Without --url it serves a fresh demo database.
 *   node dist/bench/web-pages.bench.js [--url=sqlite:FILE] [--username=jx-supervisor] [--password=…] [--runs=7]
 */
async function main(): Promise<void> {
  const runs = intParam('runs', 7);
  const given = param('url', '');
  const dir = mkdtempSync(join(tmpdir(), 'rectify-web-bench-'));
  const url = given || `sqlite:${join(dir, 'demo.sqlite')}`;
  const username = param('username', 'jx-supervisor');
  const password = param('password', 'rectify-demo-2026');
  const server = await startServer(url, join(dir, 'server.log'), { env: given ? {} : { SEED: 'demo' } });
  const browser = await chromium.launch({ executablePath: param('chromium', '/usr/bin/chromium'), headless: true, args: CHROMIUM_ARGS });
  try {
    const res = await fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
    const login = (await res.json()) as { accessToken: string; expiresIn: number; user: unknown };
    const list = (await (await fetch(`${server.base}/api/v1/cases?pageSize=1`, { headers: { authorization: `Bearer ${login.accessToken}` } })).json()) as { items: { id: string }[]; total: number };
    const caseId = list.items[0]!.id;

    const context = async (): Promise<BrowserContext> => {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
      await ctx.addInitScript((s: { token: string; user: unknown; expiresIn: number }) => {
        sessionStorage.setItem('rectify.token', s.token);
        sessionStorage.setItem('rectify.user', JSON.stringify(s.user));
        sessionStorage.setItem('rectify.expiresAt', String(Date.now() + s.expiresIn * 1000));
      }, { token: login.accessToken, user: login.user, expiresIn: login.expiresIn });
      return ctx;
    };
    const pages: Record<string, { path: string; ready: string }> = {
      todo: { path: '/todo', ready: 'table tbody tr, .muted' },
      list: { path: '/cases', ready: 'table tbody tr' },
      case: { path: `/cases/${caseId}`, ready: '.el-timeline-item' },
    };
    const timings: Record<string, number[]> = {};
    for (const [name, { path, ready }] of Object.entries(pages)) {
      timings[name] = [];
      for (let i = 0; i < runs; i++) {
        const ctx = await context();
        const page = await ctx.newPage();
        const started = performance.now();
        await page.goto(`${server.base}${path}`);
        await page.locator(ready).first().waitFor({ timeout: 30_000 });
        timings[name]!.push(performance.now() - started);
        await ctx.close();
      }
    }
    // The JavaScript a cold load of the to-do page fetches, as it would travel gzip-compressed.
    const ctx = await context();
    const page = await ctx.newPage();
    const scripts: Promise<number>[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.push(r.body().then((b) => gzipSync(b).length));
    });
    // The bell's event stream stays open for the page's life, so `networkidle` would never come: refuse it here
    // (the bell falls back to polling) — this load only counts the JavaScript.
    await page.route('**/api/v1/notifications/stream', (route) => route.abort());
    await page.goto(`${server.base}/todo`);
    await page.locator(pages.todo!.ready).first().waitFor();
    await page.waitForLoadState('networkidle');
    const jsGzipKb = (await Promise.all(scripts)).reduce((a, b) => a + b, 0) / 1024;
    await ctx.close();

    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    writeResult({
      benchmark: 'web-pages',
      database: given || 'demo (SQLite)',
      cases: list.total,
      user: username,
      runs,
      readyMs: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, { median: Math.round(median(v)), min: Math.round(Math.min(...v)), max: Math.round(Math.max(...v)) }])),
      todoJavaScriptGzipKb: Math.round(jsGzipKb * 10) / 10,
      scriptsLoaded: scripts.length,
    });
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBenchmark(main);
