/** Where a revisit came from; the values are what the database stores. */
export enum RevisitOrigin {
  /** Scheduled by CLOSE from `policy.revisit.afterCloseDays`. */
  Policy = 'policy',
  /** Drawn by a supervisor's campaign (双随机). */
  Campaign = 'campaign',
  /** Started by an inspector without a schedule (暗访). */
  Adhoc = 'adhoc',
}

/** A revisit's life: scheduled → inProgress → passed | rebound; or cancelled while still scheduled. */
export enum RevisitStatus {
  Scheduled = 'scheduled',
  InProgress = 'inProgress',
  Passed = 'passed',
  Rebound = 'rebound',
  Cancelled = 'cancelled',
}

export const REVISIT_ORIGINS = Object.values(RevisitOrigin);
export const REVISIT_STATUSES = Object.values(RevisitStatus);
