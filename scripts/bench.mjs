// `npm run bench [-- --flag=value …]`: builds once, runs every benchmark as its own child process
// (`node dist/bench/….js`), collects their JSON results, and writes bench/RESULTS.md (also printed).
//
// Sizes and choices (a flag wins over the environment variable BENCH_<NAME>, e.g. BENCH_CASES):
//   --cases=100000          cases in the seeded database (engine and HTTP benchmarks)
//   --runs=3                measured runs per figure (median, min and max are reported)
//   --transitions=20000     measured transitions per engine run on SQLite (after --warmup=2000)
//   --pg-transitions=10000  the same on PostgreSQL (fsync-bound per connection: slower)
//   --concurrency=32        commands in flight in the engine benchmarks
//   --http-duration=10      seconds per measured HTTP run (after --http-warmup=3), --http-connections=32
//   --sweep-clocks=1000000  open clocks in the sweep benchmark (5% past their first threshold)
//   --only=sqlite,pg,http-sqlite,http-pg,footprint,sweep   a subset (default: all)
//   --skip-build            use the existing dist/
//   --fresh-seed            rebuild the seeded database even if a matching one is cached in bench/tmp/
//   --seed-file=PATH        use this seeded SQLite file as it is (made by dist/bench/fixtures/seed-cases.js)
//   --profile               also record CPU profiles (one profiled engine run per mode, the HTTP server)
//                           and write their summaries to bench/tmp/profiles/*.txt
//   --results=bench/RESULTS.md   where to write the report
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const hit = args.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (hit) return hit.includes('=') ? hit.slice(hit.indexOf('=') + 1) : '1';
  const env = process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  return env !== undefined && env !== '' ? env : fallback;
};
const int = (name, fallback) => {
  const value = Number(flag(name, String(fallback)));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
};

const P = {
  cases: int('cases', 100_000),
  runs: int('runs', 3),
  transitions: int('transitions', 20_000),
  pgTransitions: int('pg-transitions', 10_000),
  sweepClocks: int('sweep-clocks', 1_000_000),
  warmup: int('warmup', 2_000),
  concurrency: int('concurrency', 32),
  httpDuration: int('http-duration', 10),
  httpWarmup: int('http-warmup', 3),
  httpConnections: int('http-connections', 32),
  only: new Set(flag('only', 'sqlite,pg,http-sqlite,http-pg,footprint,sweep').split(',')),
  skipBuild: flag('skip-build', '') !== '',
  freshSeed: flag('fresh-seed', '') !== '',
  profile: flag('profile', '') !== '',
  results: flag('results', 'bench/RESULTS.md'),
  dist: flag('dist', 'dist'),
};

const TMP = 'bench/tmp';
const RESULTS_DIR = join(TMP, 'results');
mkdirSync(RESULTS_DIR, { recursive: true });
const started = Date.now();
const loadAtStart = loadavg()[0];
const log = (message) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${message}\n`);

// ------------------------------------------------------------------ build and children

if (!P.skipBuild) {
  log('npm run build');
  execFileSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Runs one benchmark child and returns its JSON result. */
function child(script, params, { name, nodeArgs = [] } = {}) {
  const out = join(RESULTS_DIR, `${name ?? script.replace(/\W+/g, '-')}.json`);
  rmSync(out, { force: true });
  const argv = [...nodeArgs, join(P.dist, 'bench', script), ...Object.entries(params).map(([k, v]) => `--${k}=${v}`), `--out=${out}`];
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
    proc.once('exit', (code) => {
      if (code === 0 && existsSync(out)) resolve(JSON.parse(readFileSync(out, 'utf8')));
      else reject(new Error(`${script} ${JSON.stringify(params)} failed (exit ${code})`));
    });
  });
}

const removeDb = (file) => ['', '-wal', '-shm'].forEach((s) => rmSync(file + s, { force: true }));
function copyDb(from, to) {
  removeDb(to);
  copyFileSync(from, to);
  // A seeded file is closed cleanly (its WAL checkpointed), but a reader may have left a WAL behind: keep it with the copy.
  if (existsSync(`${from}-wal`) && statSync(`${from}-wal`).size > 0) copyFileSync(`${from}-wal`, `${to}-wal`);
  return to;
}

// ------------------------------------------------------------------ the seeded database (cached)

/** What the seeded file depends on: the schema, the machine, the engine and the seeding code. */
function seedFingerprint() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.js')) hash.update(path).update(readFileSync(path));
    }
  };
  for (const dir of ['libs/database/src/migrations', 'workflows/src', 'libs/cases/src', 'bench/fixtures', 'bench/support']) walk(join(P.dist, dir));
  return hash.digest('hex').slice(0, 16);
}

async function seededDb(cases) {
  const given = flag('seed-file', '');
  if (given) {
    log(`using the seeded database ${given} as given`);
    return { file: given, seed: null };
  }
  const file = join(TMP, `seed-${cases}.sqlite`);
  const meta = join(TMP, `seed-${cases}.json`);
  const fingerprint = seedFingerprint();
  if (!P.freshSeed && existsSync(file) && existsSync(meta) && JSON.parse(readFileSync(meta, 'utf8')).fingerprint === fingerprint) {
    log(`using the cached seeded database ${file} (${cases} cases)`);
    return { file, seed: JSON.parse(readFileSync(meta, 'utf8')).seed };
  }
  log(`seeding ${cases} cases through the engine into ${file} (cached for later runs)`);
  const seed = await child('fixtures/seed-cases.js', { db: file, cases }, { name: `seed-${cases}` });
  writeFileSync(meta, JSON.stringify({ fingerprint, seed }, null, 2));
  return { file, seed };
}

// ------------------------------------------------------------------ statistics

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs });
const spread = (s) => (s.max - s.min) / s.median;
const fmt = (v, digits = 0) => (Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—');
const fmtStats = (s, digits = 0, unit = '') => `${fmt(s.median, digits)}${unit} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;

// ------------------------------------------------------------------ the benchmarks

const figures = {};
const notes = [];

async function engineVsRaw(label, runOne) {
  const engine = [];
  const raw = [];
  for (let run = 1; run <= P.runs; run++) {
    const e = await runOne('engine', run);
    const r = await runOne('raw', run);
    engine.push(e);
    raw.push(r);
    log(`${label} run ${run}: engine ${e.perSecond}/s (p99 ${e.latency.p99Ms} ms, ${e.cpuUsPerTransition} µs CPU each), raw ${r.perSecond}/s (p99 ${r.latency.p99Ms} ms, ${r.cpuUsPerTransition} µs CPU each), ratio ${(e.perSecond / r.perSecond).toFixed(2)}`);
    for (const x of [e, r]) if (x.errors) notes.push(`${label} ${x.benchmark} run ${run}: ${x.errors} errors (${x.firstError})`);
  }
  return {
    engine: stats(engine.map((x) => x.perSecond)),
    raw: stats(raw.map((x) => x.perSecond)),
    engineP50: stats(engine.map((x) => x.latency.p50Ms)),
    engineP99: stats(engine.map((x) => x.latency.p99Ms)),
    rawP99: stats(raw.map((x) => x.latency.p99Ms)),
    engineCpu: stats(engine.map((x) => x.cpuUsPerTransition)),
    rawCpu: stats(raw.map((x) => x.cpuUsPerTransition)),
    ratio: median(engine.map((x) => x.perSecond)) / median(raw.map((x) => x.perSecond)),
    pairRatios: stats(engine.map((x, i) => x.perSecond / raw[i].perSecond)),
  };
}

const common = () => ({ transitions: P.transitions, warmup: P.warmup, concurrency: P.concurrency });
const pgCommon = () => ({ ...common(), transitions: P.pgTransitions, warmup: Math.min(P.warmup, P.pgTransitions) });
let seed;
const needSeed = ['sqlite', 'pg', 'http-sqlite', 'http-pg', 'footprint'].some((b) => P.only.has(b));
if (needSeed) seed = await seededDb(P.cases);

if (P.only.has('sqlite')) {
  for (const sync of ['FULL', 'NORMAL']) {
    figures[`sqlite-${sync}`] = await engineVsRaw(`SQLite ${sync}`, (kind, run) => {
      const db = copyDb(seed.file, join(TMP, `run-${kind}.sqlite`));
      return kind === 'engine'
        ? child('engine-transitions.bench.js', { url: `sqlite:${db}`, sync, ...common(), 'order-seed': run }, { name: `engine-sqlite-${sync}-${run}` })
        : child('raw-sqlite-transitions.bench.js', { db, sync, ...common(), 'order-seed': run }, { name: `raw-sqlite-${sync}-${run}` });
    });
    {
      // The latency of one command at a time (no queueing behind 31 others): what a lone user waits for.
      const db = copyDb(seed.file, join(TMP, 'run-engine.sqlite'));
      const alone = await child('engine-transitions.bench.js', { url: `sqlite:${db}`, sync, transitions: 2000, warmup: 200, concurrency: 1 }, { name: `engine-sqlite-${sync}-alone` });
      figures[`sqlite-${sync}`].alone = alone.latency;
    }
    if (P.profile) {
      const db = copyDb(seed.file, join(TMP, 'run-engine.sqlite'));
      await profiled(`engine-sqlite-${sync}`, 'engine-transitions.bench.js', { url: `sqlite:${db}`, sync, ...common() });
    }
  }
  removeDb(join(TMP, 'run-engine.sqlite'));
  removeDb(join(TMP, 'run-raw.sqlite'));
}

let pgUrl = null;
let pgSkipped = null;
if (P.only.has('pg') || P.only.has('http-pg')) {
  log('loading the seeded cases into PostgreSQL database rectify_bench');
  const loaded = await child('fixtures/load-postgres.js', { db: seed.file }, { name: 'load-postgres' });
  if (loaded.skipped) {
    pgSkipped = loaded.skipped;
    log(`PostgreSQL benchmarks skipped: ${pgSkipped}`);
  } else {
    pgUrl = pgBenchUrl();
    figures.pgLoad = loaded;
  }
}

if (P.only.has('pg') && pgUrl) {
  figures.pg = await engineVsRaw('PostgreSQL', (kind, run) =>
    kind === 'engine'
      ? child('engine-transitions.bench.js', { url: pgUrl, ...pgCommon(), 'order-seed': run }, { name: `engine-pg-${run}` })
      : child('raw-pg-transitions.bench.js', { url: pgUrl, ...pgCommon(), 'order-seed': run }, { name: `raw-pg-${run}` }),
  );
  if (P.profile) await profiled('engine-pg', 'engine-transitions.bench.js', { url: pgUrl, ...pgCommon() });
}

const httpParams = () => ({ duration: P.httpDuration, 'warmup-seconds': P.httpWarmup, connections: P.httpConnections, runs: P.runs });
if (P.only.has('http-sqlite')) {
  const db = copyDb(seed.file, join(TMP, 'http.sqlite'));
  log(`HTTP on SQLite (${P.cases} cases): events, get, list × ${P.runs} runs of ${P.httpDuration} s`);
  figures.httpSqlite = await child('http.bench.js', { url: `sqlite:${db}`, ...httpParams() }, { name: 'http-sqlite' });
  if (P.profile) {
    // Separate, shorter passes with the server profiled (profiling slows it: the figures above are unprofiled).
    for (const endpoint of ['events', 'get', 'list']) {
      const profileDir = join(TMP, 'profiles', `http-sqlite-${endpoint}`);
      rmSync(profileDir, { recursive: true, force: true });
      log(`profiling the server under ${endpoint}`);
      copyDb(seed.file, db);
      await child('http.bench.js', { url: `sqlite:${db}`, ...httpParams(), runs: 1, duration: 5, endpoints: endpoint, 'profile-dir': profileDir }, { name: `profile-http-${endpoint}` });
      summarizeProfiles(profileDir, `http-sqlite-${endpoint}-server`);
    }
  }
  removeDb(db);
}
if (P.only.has('http-pg') && pgUrl) {
  log(`HTTP on PostgreSQL: events, get, list × ${P.runs} runs of ${P.httpDuration} s`);
  figures.httpPg = await child('http.bench.js', { url: pgUrl, ...httpParams() }, { name: 'http-pg' });
}
if (pgUrl) await child('fixtures/load-postgres.js', { drop: 1 }, { name: 'drop-postgres' });

if (P.only.has('footprint')) {
  const db = copyDb(seed.file, join(TMP, 'footprint.sqlite'));
  log('footprint: cold start and idle RSS');
  figures.footprint = await child('footprint.bench.js', { url: `sqlite:${db}`, runs: P.runs }, { name: 'footprint' });
  removeDb(db);
}

if (P.only.has('sweep')) {
  // Built fresh every time: its clocks are due "tomorrow", relative to now.
  const fixture = join(TMP, `sweep-${P.sweepClocks}.sqlite`);
  log(`building the sweep fixture: ${P.sweepClocks} open clocks, 1 in 20 past its first threshold`);
  figures.sweepFixture = await child('fixtures/sweep-clocks.js', { db: fixture, clocks: P.sweepClocks }, { name: 'sweep-fixture' });
  log(`sweep × ${P.runs} runs (POST /admin/sweep on a fresh copy each, then raw inserts on another)`);
  figures.sweep = await child('sweep.bench.js', { fixture, runs: P.runs }, { name: 'sweep' });
  if (P.profile) {
    const dir = join(TMP, 'profiles', 'sweep');
    rmSync(dir, { recursive: true, force: true });
    log('profiling the server during one sweep');
    await child('sweep.bench.js', { fixture, runs: 1, 'profile-dir': dir }, { name: 'profile-sweep' });
    summarizeProfiles(dir, 'sweep-server');
  }
  removeDb(fixture);
}

// ------------------------------------------------------------------ profiles

async function profiled(name, script, params) {
  const dir = join(TMP, 'profiles', name);
  rmSync(dir, { recursive: true, force: true });
  log(`profiling ${name}`);
  await child(script, params, { name: `profile-${name}`, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  summarizeProfiles(dir, name);
}

function summarizeProfiles(dir, name) {
  if (!existsSync(dir)) return;
  const focus = 'send,applyInTransaction,commitGroup,query,applyCaseEvent,hashEvent,findById,caseFromRow,validateCaseEvent,canActivate,views,list,toCaseView';
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const from = name.startsWith('http') ? 'canActivate' : 'send';
    const text = execFileSync(process.execPath, [join(P.dist, 'bench', 'tools', 'profile-summary.js'), `--profile=${join(dir, file)}`, '--top=30', `--from=${from}`, `--focus=${focus}`], { encoding: 'utf8' });
    writeFileSync(join(TMP, 'profiles', `${name}.txt`), text);
    log(`profile summary: ${join(TMP, 'profiles', `${name}.txt`)}`);
  }
}

function pgBenchUrl() {
  const raw = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL : 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = new URL(raw);
  url.pathname = '/rectify_bench';
  return url.toString();
}

// ------------------------------------------------------------------ the report

const met = (ok) => (ok === null ? '—' : ok ? '✅ yes' : '❌ no');
const rows = [];
const row = (benchmark, rectify, reference, ratio, target, ok) => rows.push({ benchmark, rectify, reference, ratio, target, ok });
const noisy = [];
const watch = (label, s) => {
  if (s && s.runs.length > 1 && spread(s) > 0.2) noisy.push(`${label}: runs spread ${(spread(s) * 100).toFixed(0)}% of the median (${s.runs.join(', ')})`);
};

for (const [sync, target, label] of [['FULL', 0.8, 'synchronous=FULL'], ['NORMAL', 0.5, 'synchronous=NORMAL']]) {
  const f = figures[`sqlite-${sync}`];
  if (!f) continue;
  watch(`SQLite ${sync} engine`, f.engine);
  watch(`SQLite ${sync} raw`, f.raw);
  row(`Engine transitions/s, SQLite ${label}`, `${fmtStats(f.engine)} · ${fmt(f.engineCpu.median)} µs CPU each`, `${fmtStats(f.raw)} raw better-sqlite3 · ${fmt(f.rawCpu.median)} µs CPU each`, `${f.ratio.toFixed(2)}× (runs ${f.pairRatios.min.toFixed(2)}–${f.pairRatios.max.toFixed(2)})`, `≥ ${target}×`, met(f.ratio >= target));
  const alone = f.alone ? ` · one at a time: p50 ${fmt(f.alone.p50Ms, 2)} ms, p99 ${fmt(f.alone.p99Ms, 2)} ms` : '';
  row(`Engine latency, SQLite ${label}, ${P.concurrency} in flight`, `p50 ${fmtStats(f.engineP50, 2, ' ms')}, p99 ${fmtStats(f.engineP99, 2, ' ms')}${alone}`, `p99 ${fmtStats(f.rawP99, 2, ' ms')} (one at a time)`, '', 'p99 ≤ 5 ms', met(f.engineP99.median <= 5));
}
if (figures.pg) {
  const f = figures.pg;
  watch('PostgreSQL engine', f.engine);
  watch('PostgreSQL raw', f.raw);
  row('Engine transitions/s, PostgreSQL', `${fmtStats(f.engine)} · ${fmt(f.engineCpu.median)} µs CPU each`, `${fmtStats(f.raw)} raw pg, prepared · ${fmt(f.rawCpu.median)} µs CPU each`, `${f.ratio.toFixed(2)}× (runs ${f.pairRatios.min.toFixed(2)}–${f.pairRatios.max.toFixed(2)})`, '≥ 0.7×', met(f.ratio >= 0.7));
  row(`Engine latency, PostgreSQL, ${P.concurrency} in flight`, `p50 ${fmtStats(f.engineP50, 1, ' ms')}, p99 ${fmtStats(f.engineP99, 1, ' ms')}`, `p99 ${fmtStats(f.rawP99, 1, ' ms')}`, '', 'reported', '—');
} else if (P.only.has('pg')) row('Engine transitions/s, PostgreSQL', `skipped: ${pgSkipped ?? 'not run'}`, '', '', '≥ 0.7×', '—');

const HTTP_TARGETS = {
  events: { label: 'POST /cases/:id/events', rate: 2000, p99: 50 },
  get: { label: 'GET /cases/:id', rate: 5000, p99: 25 },
  list: { label: 'GET /cases?state=rectifying&pageSize=20', rate: 1500, p99: null },
};
for (const [key, db] of [['httpSqlite', 'SQLite'], ['httpPg', 'PostgreSQL']]) {
  const f = figures[key];
  if (!f) {
    if (key === 'httpPg' && P.only.has('http-pg')) row('HTTP, PostgreSQL', `skipped: ${pgSkipped ?? 'not run'}`, '', '', 'reported', '—');
    continue;
  }
  for (const [endpoint, t] of Object.entries(HTTP_TARGETS)) {
    const runs = f.endpoints[endpoint];
    if (!runs) continue;
    const rate = stats(runs.map((r) => r.perSecond));
    const p99 = stats(runs.map((r) => r.latency.p99Ms));
    const non2xx = runs.reduce((a, r) => a + r.non2xx + r.errors, 0);
    const cpu = stats(runs.map((r) => r.serverCpuMsPerRequest));
    const client = runs[0]?.clientCpuMsPerRequest === undefined ? null : stats(runs.map((r) => r.clientCpuMsPerRequest));
    watch(`HTTP ${db} ${endpoint}`, rate);
    const target = db === 'SQLite' ? `≥ ${fmt(t.rate)} req/s${t.p99 ? `, p99 ≤ ${t.p99} ms` : ''}` : 'reported';
    const ok = db === 'SQLite' ? rate.median >= t.rate && (t.p99 === null || p99.median <= t.p99) && non2xx === 0 : null;
    row(`HTTP ${db}: ${t.label} (${fmt(f.cases)} cases)`, `${fmtStats(rate)} req/s, p99 ${fmtStats(p99, 0, ' ms')} · CPU each: server ${fmt(cpu.median, 2)} ms${client ? `, load generator ${fmt(client.median, 2)} ms` : ''} · alone: p50 ${fmt(f.unloadedP50Ms?.[endpoint], 0)} ms${non2xx ? ` · ${non2xx} non-2xx/errors` : ''}`, '', '', target, met(ok));
  }
  row(`Server RSS under HTTP load, ${db}`, `${fmt(f.maxRssUnderLoadMb, 0)} MB (VmHWM ${fmt(f.peakRssMb, 0)} MB)`, '', '', '≤ 400 MB', met(f.maxRssUnderLoadMb <= 400));
}
if (figures.footprint) {
  const start = stats(figures.footprint.runs.map((r) => r.startMs / 1000));
  const idle = stats(figures.footprint.runs.map((r) => r.idleRssMb));
  row(`Cold start to healthy /api/v1/health (${fmt(P.cases)}-case SQLite file)`, fmtStats(start, 2, ' s'), '', '', '≤ 5 s', met(start.median <= 5));
  row('Idle RSS after start', fmtStats(idle, 0, ' MB'), '', '', '≤ 150 MB', met(idle.median <= 150));
}
if (figures.sweep) {
  const runs = figures.sweep.runs;
  const sweep = stats(runs.map((r) => r.sweepMs / 1000));
  const raw = stats(runs.map((r) => r.rawMs / 1000));
  const empty = stats(runs.map((r) => r.emptySweepMs / 1000));
  const rss = stats(runs.map((r) => r.peakRssMb));
  const fired = runs.map((r) => r.fired);
  watch('Sweep', sweep);
  const clocks = figures.sweepFixture?.openClocks ?? P.sweepClocks;
  row(
    `Sweep: ${fmt(clocks)} open clocks, ${fmt(figures.sweepFixture?.dueClocks ?? NaN)} past their first threshold (one POST /admin/sweep)`,
    `${fmtStats(sweep, 2, ' s')} · fired ${[...new Set(fired)].join('/')}`,
    `${fmtStats(raw, 2, ' s')} raw better-sqlite3 inserting the same rows (500 per transaction, FULL)`,
    `${(sweep.median / raw.median).toFixed(2)}×`,
    '≤ 1.2×',
    met(sweep.median / raw.median <= 1.2),
  );
  row('Sweep: peak RSS of the server (VmHWM)', fmtStats(rss, 0, ' MB'), '', '', '≤ 300 MB', met(rss.median <= 300));
  row('Sweep: a second sweep that finds nothing', `${fmtStats(empty, 3, ' s')} · fired ${[...new Set(runs.map((r) => r.firedAgain))].join('/')}`, '', '', '≤ 0.2 s', met(empty.median <= 0.2));
} else if (P.only.has('sweep')) row('Sweep', 'not run', '', '', '', '—');

const table = [
  '| Benchmark | Rectify | Reference | Ratio | Target | Met? |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.benchmark} | ${r.rectify} | ${r.reference} | ${r.ratio} | ${r.target} | ${r.ok} |`),
].join('\n');

const sh = (cmd, argv) => {
  try {
    return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '?';
  }
};
const cpuModel = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? cpus()[0]?.model ?? '?';
const sqliteVersion = sh(process.execPath, ['-e', "const D=require('better-sqlite3');console.log(new D(':memory:').prepare('select sqlite_version() v').get().v)"]);
const pgVersion = pgUrl || P.only.has('pg') ? sh('psql', [pgBenchUrl().replace('/rectify_bench', '/postgres'), '-tAc', 'show server_version']) : '—';
const dirty = sh('git', ['status', '--porcelain', '--untracked-files=no']) !== '';
const command = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
const envUsed = Object.keys(process.env).filter((k) => k.startsWith('BENCH_') || k === 'DATABASE_URL').map((k) => `${k}=${process.env[k]}`);

const generated = `<!-- bench:begin (generated by scripts/bench.mjs; edit outside these markers) -->
## Latest figures

${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · commit \`${sh('git', ['rev-parse', '--short', 'HEAD'])}\`${dirty ? ' (working tree with uncommitted changes of other modules)' : ''} ·
command \`${command}\`${envUsed.length ? ` with ${envUsed.map((e) => `\`${e}\``).join(', ')}` : ''}

Machine: ${sh('nproc', [])} CPUs (${cpuModel}), ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM, Node ${process.version},
SQLite ${sqliteVersion} (better-sqlite3), PostgreSQL ${pgVersion}; load average ${loadAtStart.toFixed(2)} at the start,
${loadavg()[0].toFixed(2)} at the end; ${Math.round((Date.now() - started) / 60000)} min in all.

Sizes: ${fmt(P.cases)} cases (all in \`rectifying.inProgress\`, created by the engine${seed?.seed?.seconds ? `: ${fmt(seed.seed.casesPerSecond)} cases/s, ${fmt(seed.seed.transactionsPerSecond)} transactions/s when seeded` : ''}), ${P.runs} runs per figure, ${fmt(P.transitions)} measured
transitions per engine run on SQLite and ${fmt(P.pgTransitions)} on PostgreSQL after ${fmt(P.warmup)} of warm-up, ${P.concurrency} commands in flight; HTTP ${P.httpConnections} connections,
${P.httpDuration} s per run after ${P.httpWarmup} s of warm-up. Figures are median (min–max) of the runs; a ratio is median ÷ median.

${table}
${noisy.length ? `\n**Noisy figures** (runs more than 20% apart — the machine was busy; repeat on a quiet machine):\n${noisy.map((n) => `- ${n}`).join('\n')}\n` : ''}${notes.length ? `\n**Errors during runs:**\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}
<!-- bench:end -->`;

const header = `# Benchmarks

\`npm run bench\` builds the tree, then runs each benchmark as its own process from \`dist/bench/\` and
rewrites the block between the markers below. See the top of \`scripts/bench.mjs\` for the parameters.
`;
let report = existsSync(P.results) ? readFileSync(P.results, 'utf8') : header + '\n<!-- bench:begin -->\n<!-- bench:end -->\n';
if (!report.includes('<!-- bench:begin')) report = header + '\n<!-- bench:begin -->\n<!-- bench:end -->\n' + report;
report = report.replace(/<!-- bench:begin[\s\S]*?<!-- bench:end -->/, () => generated);
writeFileSync(P.results, report);
writeFileSync(join(RESULTS_DIR, 'figures.json'), JSON.stringify({ params: { ...P, only: [...P.only] }, figures }, null, 2));
process.stdout.write(`\n${table}\n\n`);
if (noisy.length) process.stdout.write(`Noisy: ${noisy.join('; ')}\n`);
log(`wrote ${P.results}`);
