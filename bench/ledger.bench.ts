// Ledger benchmarks (issue 14), small by default — the machine is shared:
//   node dist/bench/ledger.bench.js [--rows=2000] [--export-cases=N]
// 1. import N rows (dry run + commit through the engine) vs the engine's own create+ASSIGN of N cases,
//    same concurrency, same run; 2. export every case (.xlsx, streamed) vs exceljs writing the same
//    rows alone, with RSS; 3. the progress report as of a past date over all cases.
import { PassThrough, Writable } from 'node:stream';
import { mkdirSync, rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { CaseWorkflowService } from '@rectify/cases';
import { Database } from '@rectify/database';
import { IdentityRepository } from '@rectify/identity';
import { CaseExportService, ImportService } from '@rectify/ledger';
import { ReportsService } from '@rectify/reports';
import { benchConfig, benchUsers, openEngine, seedWorld } from './support/bench-world.js';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const ROWS = arg('rows', 2000);
const CONCURRENCY = 8;
const rss = () => process.memoryUsage().rss / 1024 / 1024;

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
  rmSync('bench/tmp/ledger', { recursive: true, force: true });
  mkdirSync('bench/tmp/ledger', { recursive: true });
  const app = await openEngine(benchConfig('sqlite:bench/tmp/ledger/ledger.sqlite', 'NORMAL'));
  await seedWorld(app);
  const users = await benchUsers(app.get(Database));
  const supervisor = users.get('jx-supervisor')!;
  const unit = (await app.get(IdentityRepository).units(['360100'])).find((u) => u.name === '南昌市生态环境局')!;
  const workflow = app.get(CaseWorkflowService);
  const results: Record<string, unknown> = { rows: ROWS, concurrency: CONCURRENCY };

  // 1a. the engine alone: create + ASSIGN, one transaction each, CONCURRENCY in flight
  let t0 = performance.now();
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

  // 2. export every case vs exceljs writing the same rows alone
  const exporter = app.get(CaseExportService);
  const rssBefore = rss();
  let peak = rssBefore;
  const timer = setInterval(() => (peak = Math.max(peak, rss())), 20);
  t0 = performance.now();
  const out = await exporter.export(supervisor, {}, 'xlsx');
  let bytes = 0;
  await new Promise<void>((resolve, reject) => out.stream.on('data', (c: Buffer) => (bytes += c.length)).on('end', resolve).on('error', reject));
  const exportMs = performance.now() - t0;
  clearInterval(timer);
  t0 = performance.now();
  const raw = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink(), useStyles: true, useSharedStrings: false });
  const ws = raw.addWorksheet('整改台账');
  for (let i = 0; i < ROWS * 2; i++) {
    ws.addRow([i, '360100-2026-00001', 'ref', '省级生态环境保护督察', '批次', '基准问题', '某企业废水未经处理直排长江支流。', '南昌市', '360100', '水', '一般', '南昌市生态环境局', null, null, null, null, null, new Date(), '已交办待签收', new Date(), 3, null, null, null, null, null, new Date()]).commit();
  }
  ws.commit();
  await raw.commit();
  const rawMs = performance.now() - t0;
  results.export = { cases: ROWS * 2, bytes, ms: Math.round(exportMs), rawExceljsMs: Math.round(rawMs), ratio: Number((exportMs / rawMs).toFixed(2)), rssGrowthMb: Math.round(peak - rssBefore) };

  // 3. the progress report as of a past date
  const reports = app.get(ReportsService);
  const asOf = new Date(Date.now() - 1000).toISOString();
  t0 = performance.now();
  const report = await reports.progress(supervisor, { asOf, groupBy: 'unit' });
  results.report = { cases: report.total.total, ms: Math.round(performance.now() - t0) };

  console.log(JSON.stringify(results, null, 2));
  await app.close();
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
