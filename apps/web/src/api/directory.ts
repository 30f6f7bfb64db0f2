import { api, call } from './client';

/** Lists come as `{items, …}` pages (or, from older endpoints, bare arrays): the rows either way. */
export function itemsOf<T>(data: unknown): T[] {
  if (Array.isArray(data)) return data as T[];
  if (data && typeof data === 'object' && Array.isArray((data as { items?: unknown }).items)) return (data as { items: T[] }).items;
  return [];
}

export interface RegionRow { code: string; name: string; level: string; parentCode: string | null }
export interface UnitRow { id: string; name: string; regionCode: string }
export interface RegionNode extends RegionRow { children: RegionNode[] }

let regionCache: Promise<RegionRow[]> | null = null;
let unitCache: Promise<UnitRow[]> | null = null;

/** Every region the caller may see (cached for the page's life; `refresh` after an admin change). */
export function regions(refresh = false): Promise<RegionRow[]> {
  if (!regionCache || refresh) regionCache = call(api.GET('/api/v1/regions', {})).then((d) => itemsOf<RegionRow>(d)).catch((e) => { regionCache = null; throw e; });
  return regionCache;
}

export function units(refresh = false): Promise<UnitRow[]> {
  if (!unitCache || refresh) unitCache = call(api.GET('/api/v1/units', {})).then((d) => itemsOf<UnitRow>(d)).catch((e) => { unitCache = null; throw e; });
  return unitCache;
}

export function regionTree(rows: RegionRow[]): RegionNode[] {
  const byCode = new Map<string, RegionNode>(rows.map((r) => [r.code, { ...r, children: [] }]));
  const roots: RegionNode[] = [];
  for (const node of byCode.values()) {
    const parent = node.parentCode ? byCode.get(node.parentCode) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: RegionNode[]) => { list.sort((a, b) => a.code.localeCompare(b.code)); list.forEach((n) => sort(n.children)); };
  sort(roots);
  return roots;
}

export function clearDirectoryCache(): void {
  regionCache = null;
  unitCache = null;
}
