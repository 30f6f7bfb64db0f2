import { api, call } from './client';

/** Every list of the API is a page: `{items, total, page, pageSize}` (docs/api.md "Lists"). */
export interface Page<T> { items: T[]; total: number; page: number; pageSize: number }

/** The rows of a page. */
export function itemsOf<T>(data: unknown): T[] {
  if (data && typeof data === 'object' && Array.isArray((data as { items?: unknown }).items)) return (data as { items: T[] }).items;
  return [];
}

/**
 * All rows of a list: the first page, then the next ones while `total` says there are more (the
 * directory lists, the overrides and a case's history fit one default page; this keeps a long one whole).
 */
export async function allItems<T>(fetchPage: (page: number) => Promise<unknown>): Promise<T[]> {
  const rows: T[] = [];
  for (let page = 1; ; page++) {
    const data = (await fetchPage(page)) as Partial<Page<T>>;
    const items = itemsOf<T>(data);
    rows.push(...items);
    if (items.length === 0 || rows.length >= (data.total ?? 0)) return rows;
  }
}

export interface RegionRow { code: string; name: string; level: string; parentCode: string | null }
export interface UnitRow { id: string; name: string; regionCode: string }
export interface RegionNode extends RegionRow { children: RegionNode[] }

let regionCache: Promise<RegionRow[]> | null = null;
let unitCache: Promise<UnitRow[]> | null = null;

/** Every region the caller may see (cached for the page's life; `refresh` after an admin change). */
export function regions(refresh = false): Promise<RegionRow[]> {
  if (!regionCache || refresh) regionCache = allItems<RegionRow>((page) => call(api.GET('/api/v1/regions', { params: { query: { page } } }))).catch((e) => { regionCache = null; throw e; });
  return regionCache;
}

export function units(refresh = false): Promise<UnitRow[]> {
  if (!unitCache || refresh) unitCache = allItems<UnitRow>((page) => call(api.GET('/api/v1/units', { params: { query: { page } } }))).catch((e) => { unitCache = null; throw e; });
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
