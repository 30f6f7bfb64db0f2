import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn } from '../support/case-factory.js';
import { itWith } from '../support/requirements.js';

describe('history: append-only and hash-chained', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  const verify = async (id: string) => (await t.http.get(`/api/v1/cases/${id}/history/verify`).set(await t.auth('admin'))).body;

  /** Tampering as an attacker with database access would: on PostgreSQL the trigger must be disabled first. */
  async function tamper(sql: string, params: unknown[]) {
    if (t.db.dialect === 'postgres') {
      await t.db.write(async (tx) => {
        await tx.run('ALTER TABLE case_events DISABLE TRIGGER case_events_no_update');
        await tx.run(sql, params);
        await tx.run('ALTER TABLE case_events ENABLE TRIGGER case_events_no_update');
      });
    } else {
      await t.db.run(sql, params);
    }
  }

  it('finds the first broken row after a payload is edited in the database', async () => {
    const c = await caseIn(t, 'verified');
    expect(await verify(c.id)).toMatchObject({ valid: true, length: 5, chainIntact: true });
    await tamper(`UPDATE case_events SET payload = ? WHERE case_id = ? AND seq = 3`, ['{"note":"forged"}', c.id]);
    expect(await verify(c.id)).toMatchObject({ valid: false, length: 5, brokenAt: 3, chainIntact: false });
  });

  it('finds an edited actor or time', async () => {
    const c = await caseIn(t, 'verified');
    await tamper(`UPDATE case_events SET actor_username = 'someone-else' WHERE case_id = ? AND seq = 2`, [c.id]);
    expect(await verify(c.id)).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('finds a deleted row, in the middle or at the end', async () => {
    const a = await caseIn(t, 'verified');
    await tamper(`DELETE FROM case_events WHERE case_id = ? AND seq = 4`, [a.id]);
    expect(await verify(a.id)).toMatchObject({ valid: false, brokenAt: 4 });
    const b = await caseIn(t, 'verified');
    await tamper(`DELETE FROM case_events WHERE case_id = ? AND seq = 5`, [b.id]);
    expect(await verify(b.id)).toMatchObject({ valid: false, brokenAt: 5 });
  });

  // the append-only trigger is PostgreSQL-only: on SQLite this is reported as skipped, not passed
  itWith({ postgres: true })('on PostgreSQL the database itself refuses UPDATE and DELETE on history', async () => {
    const c = await caseIn(t, 'assigned');
    await expect(t.db.run(`UPDATE case_events SET type = 'X' WHERE case_id = ?`, [c.id])).rejects.toThrow(/append-only/);
    await expect(t.db.run(`DELETE FROM case_events WHERE case_id = ?`, [c.id])).rejects.toThrow(/append-only/);
    expect(await verify(c.id)).toMatchObject({ valid: true });
  });
});
