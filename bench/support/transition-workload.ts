import type { SqlExecutor } from '@rectify/database';

/** The measured event: a progress report, as a bureau sends it several times during rectification. */
export function progressEvent(i: number): { type: 'REPORT_PROGRESS'; note: string; percent: number } {
  return { type: 'REPORT_PROGRESS', note: `已完成第${(i % 9) + 1}阶段整改，清运固废${(i % 50) + 10}吨`, percent: i % 101 };
}

export async function countHistory(db: SqlExecutor): Promise<number> {
  const row = await db.one<{ n: number | string }>('SELECT COUNT(*) AS n FROM case_events');
  return Number(row?.n ?? 0);
}
