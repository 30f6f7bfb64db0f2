import type { DirectDb } from '../support/direct-db.js';
import type { ApiClient } from '../support/service-process.js';

/**
 * What must hold after any number of sweeps, crashes and concurrent sweepers:
 * each (clock, level) recorded at most once, every passed level recorded once the last sweep ran,
 * each due revisit started exactly once by the system, every case's history verifies and matches
 * its version (nothing half-transitioned).
 */
export async function expectSweepInvariants(db: DirectDb, api: ApiClient, token: string, caseIds: string[]): Promise<void> {
  expect(await db.count('SELECT COUNT(*) AS n FROM (SELECT clock_id, level FROM escalations GROUP BY clock_id, level HAVING COUNT(*) > 1) d')).toBe(0);
  // nothing left to fire: the last sweep recorded every level whose threshold has passed
  const again = await api.ok('POST', '/admin/sweep', token);
  expect(again.escalations.fired).toBe(0);
  expect(again.revisits?.started ?? 0).toBe(0);
  // each system start happened once per started revisit
  const systemStarts = await db.count("SELECT COUNT(*) AS n FROM case_events WHERE type = 'START_REVISIT' AND actor_id IS NULL");
  const started = await db.count("SELECT COUNT(*) AS n FROM revisits WHERE status <> 'scheduled' AND status <> 'cancelled' AND origin <> 'adhoc'");
  expect(systemStarts).toBe(started);
  expect(await db.count('SELECT COUNT(*) AS n FROM (SELECT case_id FROM revisits WHERE status = ? GROUP BY case_id HAVING COUNT(*) > 1) d', ['inProgress'])).toBe(0);
  for (const id of caseIds) {
    const view = await api.ok('GET', `/cases/${id}`, token);
    const history = await db.count('SELECT COUNT(*) AS n FROM case_events WHERE case_id = ?', [id]);
    expect(history).toBe(view.version);
    expect(await api.ok('GET', `/cases/${id}/history/verify`, token)).toMatchObject({ valid: true });
  }
}
