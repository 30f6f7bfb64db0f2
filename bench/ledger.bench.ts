// Ledger benchmarks (issue 14), small by default — the machine is shared:
//   node dist/bench/ledger.bench.js [--rows=2000]
//   node dist/bench/ledger.bench.js --url=sqlite:FILE|postgres://…/NAME [--rows=0] [--as-of=ISO]
// 1. import N rows (dry run + commit through the engine) vs the engine's own create+ASSIGN of N cases,
//    same concurrency, same run; 2. export every case (.xlsx, streamed) vs exceljs writing the same
//    rows (the export's own cells, read again page by page, only the writing timed) alone, with RSS; 3. the progress report as of a
//    past date over all cases. Without --url: a fresh SQLite file. With --url: a database made by
//    bench/fixtures/scale-seed.ts (--notes=9 gives 100,000 cases / 1,000,000 history rows; PostgreSQL
//    via bench/fixtures/load-postgres.ts), used as it is; the import (--rows, default 0 there) adds cases.
import { PassThrough, Writable } from 'node:stream';
import { mkdirSync, rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { CaseWorkflowService } from '@rectify/cases';
import { Database } from '@rectify/database';
import { IdentityRepository } from '@rectify/identity';
import { CaseExportService, EXPORT_COLUMNS, ImportService, type ExportCell } from '@rectify/ledger';
import { ReportsService } from '@rectify/reports';
import { intParam, param } from './support/bench-params.util.js';
import { benchConfig, benchUsers, openEngine, seedWorld } from './support/bench-world.js';

const URL = param('url', '');
const ROWS = intParam('rows', URL ? 0 : 2000);
const CONCURRENCY = 8;
const rss = () => process.memoryUsage().rss / 1024 / 1024;
/** This process's CPU time (SQLite runs in it; PostgreSQL's server time is not counted). */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 1000);
};

async function bounded<T>(items: T[], work: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

async function ledgerOf(n: number, batch: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const ws = wb.addWorksheet('问题清单');
  ws.addRow(['序号', '问题来源', '督察批次', '问题描述', '所在地区', '问题类别', '责任单位', '整改时限']).commit();
  for (let i = 1; i <= n; i++) ws.addRow([i, '省级督察', batch, `督察发现第${i}号问题：某企业废水未经处理直排长江支流。`, '南昌市', '水', '南昌市生态环境局', '2027年6月底前']).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

const sink = () => new Writable({ write: (_c, _e, done) => done() });

async function main() {
  if (!URL) {
    rmSync('bench/tmp/ledger/ledger.sqlite', { force: true });
    mkdirSync('bench/tmp/ledger', { recursive: true });
  }
  const app = await openEngine(benchConfig(URL || 'sqlite:bench/tmp/ledger/ledger.sqlite', 'NORMAL'));
  if (!URL) await seedWorld(app);
  const db = app.get(Database);
  const users = await benchUsers(db);
  const supervisor = users.get('jx-supervisor')!;
  // Export and report over every case: the national admin sees them all (a province's supervisor, three quarters).
  const reader = users.get('admin')!;
  const unit = (await app.get(IdentityRepository).units(['360100'])).find((u) => u.name === '南昌市生态环境局')!;
  const workflow = app.get(CaseWorkflowService);
  const count = async (table: string) => Number((await db.one<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n ?? 0);
  const results: Record<string, unknown> = { database: db.dialect, rows: ROWS, concurrency: CONCURRENCY, casesBefore: await count('cases'), historyRowsBefore: await count('case_events') };

  let t0 = 0;
  if (ROWS > 0) {
    // 1a. the engine alone: create + ASSIGN, one transaction each, CONCURRENCY in flight
    t0 = performance.now();
    await bounded(Array.from({ length: ROWS }, (_, i) => i), async (i) => {
      const c = await workflow.create(supervisor, { title: `基准问题${i}`, description: '某企业废水未经处理直排长江支流。', source: 'routine', category: 'water', regionCode: '360100', externalRef: `engine-${i}` } as never);
      await workflow.send(supervisor, c.id, { type: 'ASSIGN', leadUnitId: unit.id, rectificationDueAt: '2027-06-30T15:59:59.999Z' });
    });
    const engineMs = performance.now() - t0;
    results.engineRowsPerSecond = Math.round((ROWS / engineMs) * 1000);

    // 1b. the import: dry run + commit of the same number of rows
    const file = await ledgerOf(ROWS, '基准批次');
    const imports = app.get(ImportService);
    t0 = performance.now();
    const dry = await imports.dryRun(supervisor, { buffer: file, fileName: 'bench.xlsx', fields: {} });
    const dryMs = performance.now() - t0;
    await imports.commit(supervisor, dry.id, { planHash: dry.planHash });
    await imports.settled(dry.id);
    const importMs = performance.now() - t0;
    const done = await imports.get(supervisor, dry.id);
    results.import = { dryRunMs: Math.round(dryMs), totalMs: Math.round(importMs), results: done.results };
    results.importRowsPerSecond = Math.round((ROWS / importMs) * 1000);
    results.importVsEngine = Number((engineMs / importMs).toFixed(2));
  }

  // 2. export every case vs exceljs writing the same rows alone
  const exporter = app.get(CaseExportService);
  const rssBefore = rss();
  let peak = rssBefore;
  const timer = setInterval(() => (peak = Math.max(peak, rss())), 20);
  t0 = performance.now();
  const out = await exporter.export(reader, {}, 'xlsx');
  let bytes = 0;
  await new Promise<void>((resolve, reject) => out.stream.on('data', (c: Buffer) => (bytes += c.length)).on('end', resolve).on('error', reject));
  const exportMs = performance.now() - t0;
  clearInterval(timer);
  // The same cells, read again page by page (not timed), each page written by exceljs alone (timed)
  // with the export's sheet setup: exceljs's own cost for these rows, without holding them all.
  let rawMs = 0;
  let rawRows = 0;
  const timed = async (work: () => unknown) => {
    const start = performance.now();
    await work();
    rawMs += performance.now() - start;
  };
  const raw = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink(), useStyles: true, useSharedStrings: false });
  const ws = raw.addWorksheet('整改台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  await timed(() => {
    ws.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width, style: 'date' in c ? { numFmt: 'yyyy-mm-dd' } : 'dateTime' in c ? { numFmt: 'yyyy-mm-dd hh:mm' } : {} }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
  });
  for await (const page of exporter.rows(reader, {})) {
    await timed(() => {
      for (const row of page as ExportCell[][]) ws.addRow(row).commit();
    });
    rawRows += page.length;
  }
  await timed(async () => {
    ws.commit();
    await raw.commit();
  });
  results.export = { cases: rawRows, bytes, ms: Math.round(exportMs), rawExceljsMs: Math.round(rawMs), ratio: Number((exportMs / rawMs).toFixed(2)), rssGrowthMb: Math.round(peak - rssBefore) };

  // 3. the progress report as of a past date
  const reports = app.get(ReportsService);
  // A past instant: --as-of, else an hour before the last event (a fixture: all but its newest copy), else a second ago.
  const last = await db.one<{ hi: string | Date }>('SELECT MAX(at) AS hi FROM case_events');
  const asOf = param('as-of', new Date(URL && last ? new Date(last.hi).getTime() - 3600_000 : Date.now() - 1000).toISOString());
  const runs: number[] = [];
  let report: Awaited<ReturnType<ReportsService['progress']>> | undefined;
  const cpu: number[] = [];
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    const c0 = cpuMs();
    report = await reports.progress(reader, { asOf, groupBy: 'unit' });
    runs.push(Math.round(performance.now() - t0));
    cpu.push(cpuMs() - c0);
  }
  results.report = { asOf, casesAtAsOf: report!.total.total, historyRows: await count('case_events'), ms: runs, processCpuMs: cpu };

  console.log(JSON.stringify(results, null, 2));
  await app.close();
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
