/**
 * The columns a transition may change (libs/cases/src/case.repository.ts, MUTABLE_COLUMNS), those the
 * engine's version-guarded UPDATE always sets (ALWAYS_WRITTEN; the others only when they change, and
 * REPORT_PROGRESS changes none of them), and the history row's columns: the raw references write
 * exactly what the engine writes. `--update-columns=all` makes them set every mutable column instead.
 */
export const MUTABLE_CASE_COLUMNS = [
  'state', 'state_detail', 'snapshot', 'machine_version', 'version', 'history_hash', 'history_mac', 'lead_unit_id', 'co_unit_ids',
  'responsible_person', 'leader', 'rectification_due_at', 'original_due_at', 'return_count', 'rebound_count',
  'clock_id', 'clock_name', 'clock_started_at', 'clock_due_at', 'escalation_level', 'closed_at', 'updated_at',
] as const;

export const ALWAYS_WRITTEN_CASE_COLUMNS = ['snapshot', 'version', 'history_hash', 'history_mac', 'updated_at'] as const;

/** What the reference's UPDATE sets: `changed` (the engine's behaviour for this event) or `all`. */
export function updatedColumns(mode: string): readonly string[] {
  if (mode === 'all') return MUTABLE_CASE_COLUMNS;
  if (mode === 'changed') return ALWAYS_WRITTEN_CASE_COLUMNS;
  throw new Error(`--update-columns must be changed or all, got "${mode}"`);
}

export const HISTORY_COLUMNS = [
  'case_id', 'seq', 'type', 'actor_id', 'actor_username', 'actor_role', 'actor_unit_id', 'at', 'from_state', 'to_state', 'payload', 'prev_hash', 'hash',
] as const;
