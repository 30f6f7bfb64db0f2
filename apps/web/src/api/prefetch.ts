/**
 * Reads a page needs, started by the router as soon as the route is known — while the page's code is still
 * downloading — instead of after the page has mounted (on a cold load that overlaps the API's answer with
 * the chunk downloads). A page takes a read once; anything older than a few seconds, or a second visit,
 * reads afresh, so a prefetched answer is never staler than the page's own would have been.
 */
const FRESH_MS = 5_000;
const pending = new Map<string, { read: Promise<unknown>; at: number }>();

export function prefetch(key: string, read: () => Promise<unknown>): void {
  const started = read();
  started.catch(() => undefined); // the page sees the error when it takes the read
  pending.set(key, { read: started, at: Date.now() });
}

export function take<T>(key: string, read: () => Promise<T>): Promise<T> {
  const p = pending.get(key);
  pending.delete(key);
  if (p && Date.now() - p.at < FRESH_MS) return p.read as Promise<T>;
  return read();
}
