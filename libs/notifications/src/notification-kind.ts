/** What a notification is about; the values are what `notifications.kind` stores. */
export enum NotificationKind {
  Assigned = 'assigned',
  CoAssigned = 'co_assigned',
  Returned = 'returned',
  ExtensionRequested = 'extension_requested',
  ExtensionApproved = 'extension_approved',
  ExtensionRejected = 'extension_rejected',
  EvidenceSubmitted = 'evidence_submitted',
  VerificationFailed = 'verification_failed',
  Escalation = 'escalation',
  RevisitStarted = 'revisit_started',
  ReboundFound = 'rebound_found',
  /** @mentioned in a comment on a case (docs/comments.md). */
  Mentioned = 'mentioned',
}

export const NOTIFICATION_KINDS = Object.values(NotificationKind);
