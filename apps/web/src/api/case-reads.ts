import type { LocationQuery } from 'vue-router';
import { api, call, type Schemas } from './client';
import { allItems } from './directory';
import { prefetch, take } from './prefetch';

/** The three reads of a case page. */
export type CaseReads = { view: Schemas['CaseView']; history: unknown[]; chain: unknown };

function readCase(id: string): Promise<CaseReads> {
  return Promise.all([
    call(api.GET('/api/v1/cases/{id}', { params: { path: { id } } })),
    allItems((page) => call(api.GET('/api/v1/cases/{id}/history', { params: { path: { id }, query: { page } } }))),
    call(api.GET('/api/v1/cases/{id}/history/verify', { params: { path: { id } } })),
  ]).then(([view, history, chain]) => ({ view: view as Schemas['CaseView'], history, chain }));
}
export const prefetchCase = (id: string) => prefetch(`case:${id}`, () => readCase(id));
export const caseReads = (id: string) => take(`case:${id}`, () => readCase(id));

/** The case list's filters, all kept in the URL (a list can be bookmarked, shared and reloaded). */
export const CASE_LIST_FILTERS = ['state', 'source', 'category', 'batch', 'regionCode', 'q', 'overdue', 'sort'] as const;

/** GET /cases's query for a case-list URL. */
export function caseListQuery(q: LocationQuery): Record<string, unknown> {
  // A cursor (上一页 / 下一页) places the page; `page` only when a link names one.
  const query: Record<string, unknown> = { pageSize: Number(q.pageSize ?? 20) };
  if (typeof q.cursor === 'string' && q.cursor) query.cursor = q.cursor;
  else if (q.page !== undefined) query.page = Number(q.page);
  for (const key of CASE_LIST_FILTERS) {
    const v = q[key];
    if (typeof v === 'string' && v) query[key] = key === 'overdue' ? v === 'true' : v;
  }
  return query;
}
export type CaseListPage = Schemas['CasePage'];
const readList = (query: Record<string, unknown>) =>
  call(api.GET('/api/v1/cases', { params: { query: query as never } })) as unknown as Promise<CaseListPage>;
export const prefetchCaseList = (q: LocationQuery) => { const query = caseListQuery(q); prefetch(`cases:${JSON.stringify(query)}`, () => readList(query)); };
export const caseList = (query: Record<string, unknown>) => take(`cases:${JSON.stringify(query)}`, () => readList(query));

/** 我的待办: the cases where the caller can act now, most urgent first. */
export const todoQuery = (q: LocationQuery) => ({ actionable: true, sort: 'dueAt', page: Number(q.page ?? 1), pageSize: 20 });
export const prefetchTodo = (q: LocationQuery) => { const query = todoQuery(q); prefetch(`cases:${JSON.stringify(query)}`, () => readList(query)); };
