import { NotificationKind } from './notification-kind.js';
import { regionRecipient, unitRecipient } from './notification-recipient.util.js';

/** A notification to write: who, why (the cause; unique per recipient) and what it says. */
export interface PlannedNotification {
  recipient: string;
  cause: string;
  kind: NotificationKind;
  caseId: string;
  caseCode: string;
  message: string;
  actorId: string | null;
}

/** The facts of one transition a notification needs (a slice of the engine's CaseTransitionEffect). */
export interface TransitionFacts {
  caseId: string;
  caseCode: string;
  regionCode: string;
  leadUnitId: string | null;
  coUnitIds: readonly string[];
  /** The history row's sequence number (the case's new version): a transition's unique cause. */
  seq: number;
  event: Record<string, unknown> & { type: string };
  actorId: string | null;
  /** The units on the case before the transition (ADJUST_UNITS tells only the units it added). */
  previousUnitIds?: readonly string[];
  /** The due the lead unit asked for (REQUEST_EXTENSION) or got (APPROVE_EXTENSION). */
  dueAt?: string | null;
}

const day = (iso: unknown): string => (typeof iso === 'string' ? iso.slice(0, 10) : '');
const quote = (text: unknown, max = 60): string => {
  if (typeof text !== 'string' || text === '') return '';
  return `：${text.length > max ? `${text.slice(0, max)}…` : text}`;
};

/**
 * Who is told what about one transition (docs/notifications.md, "Causes"). Units are told what they
 * must act on; supervisors of the case's region what they decide; inspectors of the case's region
 * what they verify or revisit. Everything else (ACCEPT, REPORT_PROGRESS, VERIFY_PASS, CLOSE, …) tells nobody.
 */
export function planTransitionNotifications(f: TransitionFacts): PlannedNotification[] {
  const cause = `case:${f.caseId}:${f.seq}`;
  const out: PlannedNotification[] = [];
  const add = (recipient: string, kind: NotificationKind, message: string) =>
    out.push({ recipient, cause, kind, caseId: f.caseId, caseCode: f.caseCode, message, actorId: f.actorId });
  const code = f.caseCode;
  const lead = f.leadUnitId;
  switch (f.event.type) {
    case 'ASSIGN':
      if (lead) add(unitRecipient(lead), NotificationKind.Assigned, `问题 ${code} 已交办本单位牵头整改`);
      for (const co of f.coUnitIds) if (co !== lead) add(unitRecipient(co), NotificationKind.CoAssigned, `问题 ${code} 已交办，本单位为配合单位`);
      break;
    case 'ADJUST_UNITS': {
      const before = new Set(f.previousUnitIds ?? []);
      if (lead && !before.has(lead)) add(unitRecipient(lead), NotificationKind.Assigned, `问题 ${code} 调整为本单位牵头整改`);
      for (const co of f.coUnitIds) if (co !== lead && !before.has(co)) add(unitRecipient(co), NotificationKind.CoAssigned, `问题 ${code} 调整后本单位为配合单位`);
      break;
    }
    case 'RETURN':
      add(regionRecipient(f.regionCode, 'supervisor'), NotificationKind.Returned, `问题 ${code} 被承办单位退回${quote(f.event.reason)}`);
      break;
    case 'REQUEST_EXTENSION':
      add(regionRecipient(f.regionCode, 'supervisor'), NotificationKind.ExtensionRequested, `问题 ${code} 申请延期至 ${day(f.dueAt ?? f.event.requestedDueAt)}${quote(f.event.reason)}`);
      break;
    case 'APPROVE_EXTENSION':
      if (lead) add(unitRecipient(lead), NotificationKind.ExtensionApproved, `问题 ${code} 延期申请已批准，新时限 ${day(f.dueAt)}`);
      break;
    case 'REJECT_EXTENSION':
      if (lead) add(unitRecipient(lead), NotificationKind.ExtensionRejected, `问题 ${code} 延期申请未获批准${quote(f.event.reason)}`);
      break;
    case 'SUBMIT_EVIDENCE':
      add(regionRecipient(f.regionCode, 'inspector'), NotificationKind.EvidenceSubmitted, `问题 ${code} 已提交整改材料，请验收${quote(f.event.summary)}`);
      break;
    case 'VERIFY_FAIL':
      if (lead) add(unitRecipient(lead), NotificationKind.VerificationFailed, `问题 ${code} 验收未通过，请继续整改${quote(f.event.reason)}`);
      break;
    case 'START_REVISIT':
      add(regionRecipient(f.regionCode, 'inspector'), NotificationKind.RevisitStarted, `问题 ${code} 回头看已启动`);
      break;
    case 'REBOUND_FOUND':
      if (lead) add(unitRecipient(lead), NotificationKind.ReboundFound, `问题 ${code} 回头看发现反弹，已重新进入整改${quote(f.event.findings)}`);
      add(regionRecipient(f.regionCode, 'supervisor'), NotificationKind.ReboundFound, `问题 ${code} 回头看发现反弹${quote(f.event.findings)}`);
      break;
    default:
      break;
  }
  return out;
}

/** One fired escalation level, as the sweep reports it. */
export interface EscalationFacts {
  clockId: string;
  caseId: string;
  caseCode: string;
  level: number;
  levelName: string;
  clockName: string;
  targetRegionCode: string;
  targetUnitId: string | null;
  dueAt: string;
}

/**
 * Level 0 (预警) warns the lead unit — the supervisors of the target region while nobody leads the
 * case; levels 1+ go to the supervisors of the target region, as the escalation inbox shows them.
 * The cause is the (clock, level) pair the escalations table is unique on: one notification each.
 */
export function planEscalationNotification(e: EscalationFacts): PlannedNotification {
  const recipient = e.level === 0 && e.targetUnitId ? unitRecipient(e.targetUnitId) : regionRecipient(e.targetRegionCode, 'supervisor');
  return {
    recipient,
    cause: `escalation:${e.clockId}:${e.level}`,
    kind: NotificationKind.Escalation,
    caseId: e.caseId,
    caseCode: e.caseCode,
    message: `问题 ${e.caseCode} ${e.levelName}：${e.clockName} 时限 ${day(e.dueAt)}`,
    actorId: null,
  };
}
