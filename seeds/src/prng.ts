/**
 * A tiny deterministic PRNG for the demo data: the seed data must be identical on every run and
 * every machine, so nothing here may touch Math.random or the clock.
 */

/** mulberry32: 32-bit state, good enough to spread demo records; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the UTF-16 code units of `text`: a stable seed derived from a name. */
export function seedFrom(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Integer in [0, n). */
export function randomIndex(rand: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(rand() * n));
}

/** Picks one item with probability proportional to its (non-negative) weight. */
export function pickWeighted<T>(rand: () => number, items: ReadonlyArray<readonly [T, number]>): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let r = rand() * total;
  for (const [item, weight] of items) {
    if (weight <= 0) continue;
    if (r < weight) return item;
    r -= weight;
  }
  // Floating-point leftovers: the last item with a positive weight.
  for (let i = items.length - 1; i >= 0; i--) if (items[i][1] > 0) return items[i][0];
  throw new Error('pickWeighted: no item with a positive weight');
}
