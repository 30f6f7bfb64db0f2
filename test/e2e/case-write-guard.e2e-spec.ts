import { CaseRepository } from '@rectify/cases';
import { caseIn } from '../support/case-factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The engine writes a transition as one version-guarded UPDATE plus its history row (on PostgreSQL
 * one statement). A stale version must write neither, whichever of the two notices it.
 */
describe('a transition written against a stale version changes nothing', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  async function attempt(caseId: string, expectedVersion: number, seq: number) {
    const repo = t.app.get(CaseRepository);
    const current = (await repo.findById(caseId))!;
    const next = { ...current, responsiblePerson: 'someone else', version: seq, updatedAt: new Date().toISOString() };
    const event = {
      caseId, seq, type: 'REPORT_PROGRESS', actorId: null, actorUsername: 'test', actorRole: null, actorUnitId: null,
      at: next.updatedAt, fromState: current.stateDetail, toState: current.stateDetail, payload: { note: 'stale' },
      prevHash: current.historyHash, hash: 'f'.repeat(64),
    };
    return t.db.write((tx) => repo.updateAndAppend(next, expectedVersion, current, event, tx)).then(
      () => 'written',
      (error: { code?: string }) => error.code,
    );
  }

  async function state(caseId: string) {
    const rows = await t.db.all<{ n: number | string }>('SELECT COUNT(*) AS n FROM case_events WHERE case_id = ?', [caseId]);
    const c = await t.db.one<{ responsible_person: string | null; version: number | string }>('SELECT responsible_person, version FROM cases WHERE id = ?', [caseId]);
    return { events: Number(rows[0]!.n), responsiblePerson: c!.responsible_person, version: Number(c!.version) };
  }

  it('refuses when the history row for that version already exists (the case moved on)', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const before = await state(c.id);
    // Expecting an older version: the UPDATE matches nothing, and seq = current version exists.
    expect(await attempt(c.id, before.version - 1, before.version)).toBe('VERSION_CONFLICT');
    expect(await state(c.id)).toEqual(before);
  });

  it('refuses when the version is ahead of the case (no row matches, the history slot is free)', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const before = await state(c.id);
    expect(await attempt(c.id, before.version + 5, before.version + 6)).toBe('VERSION_CONFLICT');
    expect(await state(c.id)).toEqual(before);
  });

  it('writes both when the version matches', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const before = await state(c.id);
    expect(await attempt(c.id, before.version, before.version + 1)).toBe('written');
    expect(await state(c.id)).toEqual({ events: before.events + 1, responsiblePerson: 'someone else', version: before.version + 1 });
  });
});
