/** An escalation's life: fired (open), seen by a supervisor (acknowledged), over (resolved: the clock ended). */
export enum EscalationStatus {
  Open = 'open',
  Acknowledged = 'acknowledged',
  Resolved = 'resolved',
}

export const ESCALATION_STATUSES = Object.values(EscalationStatus);
