import type { MigrationInterface, QueryRunner } from 'typeorm';

type Kind = 'id' | 'text' | 'ts' | 'int' | 'json' | 'code';

/** Column types per dialect: instants are TIMESTAMPTZ on PostgreSQL and fixed-shape ISO text on SQLite. */
function typeOf(kind: Kind, postgres: boolean): string {
  switch (kind) {
    case 'id':
      return postgres ? 'VARCHAR(36)' : 'TEXT';
    case 'code':
      return postgres ? 'VARCHAR(64)' : 'TEXT';
    case 'ts':
      return postgres ? 'TIMESTAMPTZ' : 'TEXT';
    case 'int':
      return 'INTEGER';
    case 'json':
    case 'text':
      return 'TEXT';
  }
}

/** The whole schema of SPEC §9 as one first migration. */
export class InitialSchema1763798400000 implements MigrationInterface {
  name = 'InitialSchema1763798400000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    const t = (kind: Kind) => typeOf(kind, pg);
    const statements = [
      `CREATE TABLE regions (
        code ${t('code')} PRIMARY KEY,
        name ${t('text')} NOT NULL,
        level ${t('code')} NOT NULL,
        parent_code ${t('code')} REFERENCES regions(code),
        created_at ${t('ts')} NOT NULL
      )`,
      `CREATE INDEX idx_regions_parent ON regions(parent_code)`,
      `CREATE TABLE units (
        id ${t('id')} PRIMARY KEY,
        name ${t('text')} NOT NULL,
        region_code ${t('code')} NOT NULL REFERENCES regions(code),
        created_at ${t('ts')} NOT NULL
      )`,
      `CREATE UNIQUE INDEX uq_units_region_name ON units(region_code, name)`,
      `CREATE TABLE users (
        id ${t('id')} PRIMARY KEY,
        username ${t('code')} NOT NULL UNIQUE,
        password_hash ${t('text')} NOT NULL,
        display_name ${t('text')} NOT NULL,
        role ${t('code')} NOT NULL,
        region_code ${t('code')} NOT NULL REFERENCES regions(code),
        unit_id ${t('id')} REFERENCES units(id),
        created_at ${t('ts')} NOT NULL
      )`,
      `CREATE TABLE counters (
        name ${t('code')} PRIMARY KEY,
        value INTEGER NOT NULL
      )`,
      `CREATE TABLE cases (
        id ${t('id')} PRIMARY KEY,
        code ${t('code')} NOT NULL UNIQUE,
        title ${t('text')} NOT NULL,
        description ${t('text')} NOT NULL,
        source ${t('code')} NOT NULL,
        category ${t('code')} NOT NULL,
        severity ${t('code')} NOT NULL,
        region_code ${t('code')} NOT NULL REFERENCES regions(code),
        batch ${t('text')},
        external_ref ${t('text')},
        state ${t('code')} NOT NULL,
        state_detail ${t('code')} NOT NULL,
        snapshot ${t('json')} NOT NULL,
        machine_version INTEGER NOT NULL,
        version INTEGER NOT NULL,
        history_hash ${t('code')} NOT NULL,
        lead_unit_id ${t('id')} REFERENCES units(id),
        co_unit_ids ${t('json')} NOT NULL,
        responsible_person ${t('text')},
        leader ${t('text')},
        rectification_due_at ${t('ts')},
        original_due_at ${t('ts')},
        return_count INTEGER NOT NULL,
        rebound_count INTEGER NOT NULL,
        clock_id ${t('id')},
        clock_name ${t('code')},
        clock_started_at ${t('ts')},
        clock_due_at ${t('ts')},
        escalation_level INTEGER,
        reported_at ${t('ts')} NOT NULL,
        closed_at ${t('ts')},
        created_by ${t('id')},
        created_at ${t('ts')} NOT NULL,
        updated_at ${t('ts')} NOT NULL
      )`,
      `CREATE UNIQUE INDEX uq_cases_source_external_ref ON cases(source, external_ref)`,
      `CREATE INDEX idx_cases_region_created ON cases(region_code, created_at)`,
      `CREATE INDEX idx_cases_state ON cases(state)`,
      `CREATE INDEX idx_cases_lead_unit ON cases(lead_unit_id)`,
      `CREATE INDEX idx_cases_clock_due ON cases(clock_due_at)`,
      `CREATE INDEX idx_cases_created ON cases(created_at)`,
      `CREATE INDEX idx_cases_batch ON cases(batch)`,
      `CREATE TABLE case_co_units (
        case_id ${t('id')} NOT NULL REFERENCES cases(id),
        unit_id ${t('id')} NOT NULL REFERENCES units(id),
        PRIMARY KEY (case_id, unit_id)
      )`,
      `CREATE INDEX idx_case_co_units_unit ON case_co_units(unit_id)`,
      `CREATE TABLE case_events (
        case_id ${t('id')} NOT NULL REFERENCES cases(id),
        seq INTEGER NOT NULL,
        type ${t('code')} NOT NULL,
        actor_id ${t('id')},
        actor_username ${t('code')} NOT NULL,
        actor_role ${t('code')},
        actor_unit_id ${t('id')},
        at ${t('ts')} NOT NULL,
        from_state ${t('code')},
        to_state ${t('code')} NOT NULL,
        payload ${t('json')} NOT NULL,
        prev_hash ${t('code')} NOT NULL,
        hash ${t('code')} NOT NULL,
        PRIMARY KEY (case_id, seq)
      )`,
      `CREATE INDEX idx_case_events_type_at ON case_events(type, at)`,
      `CREATE TABLE clocks (
        id ${t('id')} PRIMARY KEY,
        case_id ${t('id')} NOT NULL REFERENCES cases(id),
        name ${t('code')} NOT NULL,
        started_at ${t('ts')} NOT NULL,
        due_at ${t('ts')} NOT NULL,
        ended_at ${t('ts')},
        next_level INTEGER NOT NULL DEFAULT 0,
        next_threshold_at ${t('ts')}
      )`,
      // One open clock per case; sweeps read open clocks by their next escalation threshold.
      `CREATE UNIQUE INDEX uq_clocks_open_per_case ON clocks(case_id) WHERE ended_at IS NULL`,
      `CREATE INDEX idx_clocks_open_threshold ON clocks(next_threshold_at) WHERE ended_at IS NULL`,
      `CREATE INDEX idx_clocks_case ON clocks(case_id)`,
      `CREATE TABLE escalations (
        id ${t('id')} PRIMARY KEY,
        clock_id ${t('id')} NOT NULL REFERENCES clocks(id),
        case_id ${t('id')} NOT NULL REFERENCES cases(id),
        clock_name ${t('code')} NOT NULL,
        level INTEGER NOT NULL,
        target_region_code ${t('code')} NOT NULL,
        target_unit_id ${t('id')},
        due_at ${t('ts')} NOT NULL,
        threshold_at ${t('ts')} NOT NULL,
        fired_at ${t('ts')} NOT NULL,
        status ${t('code')} NOT NULL,
        acknowledged_by ${t('id')},
        acknowledged_at ${t('ts')},
        resolved_at ${t('ts')}
      )`,
      `CREATE UNIQUE INDEX uq_escalations_clock_level ON escalations(clock_id, level)`,
      `CREATE INDEX idx_escalations_status_fired ON escalations(status, fired_at)`,
      `CREATE INDEX idx_escalations_case ON escalations(case_id)`,
      `CREATE TABLE revisit_campaigns (
        id ${t('id')} PRIMARY KEY,
        created_by ${t('id')} NOT NULL,
        filter ${t('json')} NOT NULL,
        seed ${t('text')} NOT NULL,
        sample_size INTEGER,
        sample_rate ${pg ? 'DOUBLE PRECISION' : 'REAL'},
        due_at ${t('ts')} NOT NULL,
        matched INTEGER NOT NULL,
        selected INTEGER NOT NULL,
        case_ids ${t('json')} NOT NULL,
        created_at ${t('ts')} NOT NULL
      )`,
      `CREATE TABLE revisits (
        id ${t('id')} PRIMARY KEY,
        case_id ${t('id')} NOT NULL REFERENCES cases(id),
        campaign_id ${t('id')} REFERENCES revisit_campaigns(id),
        due_at ${t('ts')} NOT NULL,
        origin ${t('code')} NOT NULL,
        status ${t('code')} NOT NULL,
        started_at ${t('ts')},
        completed_at ${t('ts')},
        created_at ${t('ts')} NOT NULL
      )`,
      `CREATE INDEX idx_revisits_status_due ON revisits(status, due_at)`,
      `CREATE INDEX idx_revisits_case ON revisits(case_id)`,
      `CREATE TABLE assignment_rules (
        id ${t('id')} PRIMARY KEY,
        region_code ${t('code')} NOT NULL REFERENCES regions(code),
        category ${t('code')},
        source ${t('code')},
        lead_unit_id ${t('id')} NOT NULL REFERENCES units(id),
        co_unit_ids ${t('json')} NOT NULL,
        rectification_working_days INTEGER,
        created_by ${t('id')},
        created_at ${t('ts')} NOT NULL
      )`,
      `CREATE INDEX idx_assignment_rules_region ON assignment_rules(region_code)`,
      `CREATE TABLE policies (
        version INTEGER PRIMARY KEY,
        body ${t('json')} NOT NULL,
        created_by ${t('id')},
        created_at ${t('ts')} NOT NULL
      )`,
      `CREATE TABLE calendar_overrides (
        date ${t('code')} PRIMARY KEY,
        workday INTEGER NOT NULL,
        name ${t('text')},
        updated_by ${t('id')},
        updated_at ${t('ts')} NOT NULL
      )`,
    ];
    for (const sql of statements) await runner.query(sql);
    if (pg) {
      // History is append-only: the database itself refuses edits, whatever the application does.
      await runner.query(`CREATE FUNCTION case_events_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'case_events is append-only'; END; $$ LANGUAGE plpgsql`);
      await runner.query(`CREATE TRIGGER case_events_no_update BEFORE UPDATE OR DELETE ON case_events
        FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    if (pg) {
      await runner.query('DROP TRIGGER IF EXISTS case_events_no_update ON case_events');
      await runner.query('DROP FUNCTION IF EXISTS case_events_append_only');
    }
    for (const table of [
      'calendar_overrides', 'policies', 'assignment_rules', 'revisits', 'revisit_campaigns', 'escalations',
      'clocks', 'case_events', 'case_co_units', 'cases', 'counters', 'users', 'units', 'regions',
    ]) {
      await runner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
