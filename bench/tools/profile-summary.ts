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
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

  const area = (url: string): string => {
    if (!url) return '(native/gc/idle)';
    const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (nm) return nm[1]!;
    if (url.startsWith('node:')) return url;
    const src = /(?:dist|tmp\/dist)\/(.*?\/src|bench)\//.exec(url);
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
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
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

  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
  const print = (title: string, map: Map<string, number>, n: number) => {
    console.log(`\n${title}`);
    for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${pct(v)}  ${k}`);
  };
  console.log(`total sampled ${(total / 1e6).toFixed(2)} s`);
  print('self time by area', byArea, 20);
  print('self time by function', byFn, top);
  if (focus.length) print('inclusive time', inclusive, focus.length);
}

main();
