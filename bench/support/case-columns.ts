/**
 * The columns the engine's version-guarded UPDATE sets (libs/cases/src/case.repository.ts, MUTABLE_COLUMNS)
 * and the history row's columns: the raw references write exactly these.
 */
export const MUTABLE_CASE_COLUMNS = [
  'state', 'state_detail', 'snapshot', 'machine_version', 'version', 'history_hash', 'lead_unit_id', 'co_unit_ids',
  'responsible_person', 'leader', 'rectification_due_at', 'original_due_at', 'return_count', 'rebound_count',
  'clock_id', 'clock_name', 'clock_started_at', 'clock_due_at', 'escalation_level', 'closed_at', 'updated_at',
] as const;

export const HISTORY_COLUMNS = [
  'case_id', 'seq', 'type', 'actor_id', 'actor_username', 'actor_role', 'actor_unit_id', 'at', 'from_state', 'to_state', 'payload', 'prev_hash', 'hash',
] as const;
