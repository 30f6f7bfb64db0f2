import { readFileSync } from 'node:fs';
import { intParam, requiredParam } from '../support/bench-params.util.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/**
 * Summarises a `node --cpu-prof` profile: self time by function and by package/source area, and
 * inclusive time of the functions named in `--focus` (comma-separated). Used for RESULTS.md.
 */
function main(): void {
  const profile = JSON.parse(readFileSync(requiredParam('profile'), 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const top = intParam('top', 25);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const onStack = (id: number, name: string) => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) if (byId.get(cur)!.callFrame.functionName === name) return true;
    return false;
  };
  // `--from=fn`: ignore the samples before `fn` first runs (start-up, module loading).
  const from = process.argv.find((a) => a.startsWith('--from='))?.slice(7);
  const first = from ? profile.samples.findIndex((id) => onStack(id, from)) : 0;
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    if (i >= Math.max(0, first)) selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

  const area = (url: string): string => {
    if (!url) return '(native/gc/idle)';
    const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (nm) return nm[1]!;
    if (url.startsWith('node:')) return url;
    const src = /\/dist[^/]*\/(.*?\/src|bench)\//.exec(url);
    return src ? src[1]! : url.replace(/^file:\/\//, '');
  };
  const fn = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${area(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

  const bump = (map: Map<string, number>, key: string, v: number) => map.set(key, (map.get(key) ?? 0) + v);
  const byFn = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    bump(byFn, fn(n), us);
    bump(byArea, n.callFrame.functionName === '(idle)' ? '(idle)' : area(n.callFrame.url), us);
  }

  // Inclusive time of chosen functions: a sample counts once if the function is on its stack.
  const focus = (process.argv.find((a) => a.startsWith('--focus='))?.slice(8) ?? '').split(',').filter(Boolean);
  const inclusive = new Map<string, number>();
  if (focus.length) {
    for (const [id, us] of selfUs) {
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const name = byId.get(cur)!.callFrame.functionName;
        for (const f of focus) if (name === f && !seen.has(f)) seen.add(f);
      }
      for (const f of seen) bump(inclusive, f, us);
    }
  }

  // `--callers=fn`: where fn's self time comes from (the nearest frames outside its package, 3 deep).
  const callersOf = process.argv.find((a) => a.startsWith('--callers='))?.slice(10);
  const callers = new Map<string, number>();
  if (callersOf) {
    for (const [id, us] of selfUs) {
      const n = byId.get(id)!;
      if (n.callFrame.functionName !== callersOf) continue;
      const home = area(n.callFrame.url);
      const chain: string[] = [];
      for (let cur = parent.get(id); cur !== undefined && chain.length < 3; cur = parent.get(cur)) {
        const p = byId.get(cur)!;
        if (area(p.callFrame.url) !== home && p.callFrame.functionName) chain.push(p.callFrame.functionName);
      }
      bump(callers, chain.join(' < '), us);
    }
  }

  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
  const print = (title: string, map: Map<string, number>, n: number) => {
    console.log(`\n${title}`);
    for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${pct(v)}  ${k}`);
  };
  console.log(`total sampled ${(total / 1e6).toFixed(2)} s`);
  print('self time by area', byArea, 20);
  print('self time by function', byFn, top);
  if (focus.length) print('inclusive time', inclusive, focus.length);
  if (callersOf) print(`self time of ${callersOf} by caller`, callers, 15);
}

main();
