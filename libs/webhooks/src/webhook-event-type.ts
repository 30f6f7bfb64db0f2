/** The event types an endpoint subscribes to; `*` is every type. */
export const CASE_EVENT_WEBHOOK_TYPES: Record<string, string> = {
  CREATED: 'case.created',
  ASSIGN: 'case.assigned',
  ACCEPT: 'case.accepted',
  RETURN: 'case.returned',
  WITHDRAW: 'case.withdrawn',
  REPORT_PROGRESS: 'case.progress_reported',
  REQUEST_EXTENSION: 'case.extension_requested',
  APPROVE_EXTENSION: 'case.extension_approved',
  REJECT_EXTENSION: 'case.extension_rejected',
  SUBMIT_EVIDENCE: 'case.evidence_submitted',
  VERIFY_PASS: 'case.verification_passed',
  VERIFY_FAIL: 'case.verification_failed',
  CLOSE: 'case.closed',
  START_REVISIT: 'case.revisit_started',
  REVISIT_PASS: 'case.revisit_passed',
  REBOUND_FOUND: 'case.rebound_found',
  EDIT: 'case.edited',
  ADJUST_UNITS: 'case.units_adjusted',
};

export const ESCALATION_FIRED = 'escalation.fired';

export const WEBHOOK_EVENT_TYPES: readonly string[] = [...Object.values(CASE_EVENT_WEBHOOK_TYPES), ESCALATION_FIRED];

export const ALL_EVENTS = '*';

/** Whether an endpoint subscribed to `events` wants `type`. */
export const subscribes = (events: readonly string[], type: string): boolean => events.includes(ALL_EVENTS) || events.includes(type);

/** How an endpoint wants its deliveries: Standard Webhooks JSON, or a group robot's message. */
export enum WebhookFormat {
  Standard = 'standard',
  DingTalk = 'dingtalk',
  WeCom = 'wecom',
}
export const WEBHOOK_FORMATS = Object.values(WebhookFormat);

export enum WebhookStatus {
  Active = 'active',
  Paused = 'paused',
}

export enum DeliveryStatus {
  Pending = 'pending',
  Delivered = 'delivered',
  Dead = 'dead',
}
export const DELIVERY_STATUSES = Object.values(DeliveryStatus);
