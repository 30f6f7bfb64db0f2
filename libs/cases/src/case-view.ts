import { ApiProperty } from '@nestjs/swagger';
import { ApiInstant, ApiInt } from '@rectify/core';
import type { AuthUser } from '@rectify/identity';
import {
  CASE_EVENT_TYPES,
  CASE_STATES,
  CATEGORIES,
  CATEGORY_LABELS,
  CLOCK_LABELS,
  CLOCK_OWNER_LABELS,
  CLOCK_OWNER_OF,
  CLOCK_OWNERS,
  CLOCK_STATUS_LABELS,
  ClockName,
  type ClockOwner,
  ESCALATION_LEVEL_LABELS,
  labelOf,
  Role,
  SEVERITIES,
  SEVERITY_LABELS,
  SOURCES,
  SOURCE_LABELS,
  STATE_LABELS,
  caseDefinition,
  caseModelOf,
  PROCEDURES,
  permissionOf,
  persistedCaseState,
  type CaseEventType,
  type CaseLimits,
  type Category,
  type Severity,
  type Source,
} from '@rectify/workflows';
import type { CaseRecord } from './case-record.js';

const CASE_STATE_DETAILS = [...CASE_STATES, 'closed', 'withdrawn'].filter((s, i, all) => all.indexOf(s) === i);
const CASE_TOP_STATES = CASE_STATE_DETAILS.map((s) => s.split('.')[0]!).filter((s, i, all) => all.indexOf(s) === i);

export type ClockStatus = 'onTrack' | 'warning' | 'overdue';
export const CLOCK_STATUSES: readonly ClockStatus[] = ['onTrack', 'warning', 'overdue'];

export class UnitRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '九江市生态环境局' }) name: string;
  @ApiProperty({ pattern: '^\\d{6}$', example: '360400' }) regionCode: string;
}

/** A running clock (one shape wherever a clock appears; docs/api.md "Shared shapes"). */
export class CaseClockView {
  @ApiProperty({ enum: Object.values(ClockName), enumName: 'ClockName', example: 'rectification' }) name: ClockName;
  @ApiProperty({ example: '整改时限' }) label: string;
  @ApiProperty({
    enum: CLOCK_OWNERS,
    enumName: 'ClockOwner',
    example: 'unit',
    description: 'whose lateness it is: unit (acceptance, rectification), inspector (verification, revisit), supervisor (assignment, closure, extensionDecision)',
  })
  owner: ClockOwner;
  @ApiProperty({ example: '责任单位', description: 'the Chinese name of owner' }) ownerLabel: string;
  @ApiInstant() startedAt: string;
  @ApiInstant() dueAt: string;
  @ApiProperty({ enum: CLOCK_STATUSES, enumName: 'ClockStatus' }) status: ClockStatus;
  @ApiProperty({ example: '正常' }) statusLabel: string;
  @ApiProperty({ type: 'integer', description: 'working days left after today until the due (0: due today); negative: working days overdue' })
  workingDaysLeft: number;
  @ApiProperty({ description: 'true: the due was counted over a year without an official holiday arrangement (computed statutory holidays); it moves when the arrangement is imported' })
  provisional: boolean;
}

export class PendingExtensionView {
  @ApiInstant() requestedDueAt: string;
  @ApiProperty() reason: string;
  @ApiInstant() requestedAt: string;
}

export class ExtensionView {
  @ApiProperty({ type: PendingExtensionView, nullable: true, description: 'the request awaiting the supervisor, if any' })
  pending: PendingExtensionView | null;
  @ApiProperty({
    type: CaseClockView,
    nullable: true,
    description: "while a request is pending: the supervisor's decision clock (name extensionDecision, owner supervisor), which climbs its own ladder; null otherwise",
  })
  decisionClock: CaseClockView | null;
  @ApiInt({ nullable: true, description: 'highest escalation level fired on the decision clock' })
  decisionEscalationLevel: number | null;
  @ApiInt({ minimum: 0 }) approvedCount: number;
}

/** The case as the API returns it (docs/contract.md §7), with Chinese labels beside the identifiers. */
export class CaseView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '360400-2020-00001' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: SOURCES, enumName: 'Source' }) source: Source;
  @ApiProperty({ example: '中央生态环境保护督察' }) sourceLabel: string;
  @ApiProperty({ enum: CATEGORIES, enumName: 'Category' }) category: Category;
  @ApiProperty({ example: '水' }) categoryLabel: string;
  @ApiProperty({ enum: SEVERITIES, enumName: 'Severity' }) severity: Severity;
  @ApiProperty({ example: '一般' }) severityLabel: string;
  @ApiProperty({ enum: PROCEDURES, example: 'warningFilm', description: 'the workflow definition the case started on and keeps (docs/procedures.md)' }) procedure: string;
  @ApiProperty({ type: 'integer', example: 1, description: "the definition's version the case runs" }) procedureVersion: number;
  @ApiProperty({ example: '警示片问题' }) procedureLabel: string;
  @ApiProperty({ pattern: '^\\d{6}$', example: '360400' }) regionCode: string;
  @ApiProperty({ nullable: true, type: String }) batch: string | null;
  @ApiProperty({ nullable: true, type: String }) externalRef: string | null;
  @ApiProperty({ enum: CASE_TOP_STATES, enumName: 'CaseState', example: 'rectifying' }) state: string;
  @ApiProperty({ enum: CASE_STATE_DETAILS, enumName: 'CaseStateDetail', example: 'rectifying.inProgress' }) stateDetail: string;
  @ApiProperty({ example: '整改中', description: 'the Chinese name of stateDetail' }) stateLabel: string;
  @ApiProperty({ nullable: true, type: UnitRef }) leadUnit: UnitRef | null;
  @ApiProperty({ type: [UnitRef] }) coUnits: UnitRef[];
  @ApiProperty({ nullable: true, type: String }) responsiblePerson: string | null;
  @ApiProperty({ nullable: true, type: String }) leader: string | null;
  @ApiInstant({ nullable: true }) rectificationDueAt: string | null;
  @ApiInstant({ nullable: true }) originalDueAt: string | null;
  @ApiProperty({ description: 'true: rectificationDueAt was counted over a year without an official holiday arrangement and may still move' })
  rectificationDueProvisional: boolean;
  @ApiProperty({ type: ExtensionView }) extension: ExtensionView;
  @ApiProperty({ nullable: true, type: CaseClockView, description: 'null in final states' }) clock: CaseClockView | null;
  @ApiInt({ nullable: true, description: 'highest escalation level fired on the running clock (0 预警 … 3 挂牌督办)' })
  escalationLevel: number | null;
  @ApiProperty({ nullable: true, type: String, example: '督办' }) escalationLevelLabel: string | null;
  @ApiInt({ minimum: 0 }) reboundCount: number;
  @ApiInt({ minimum: 0 }) returnCount: number;
  @ApiInt({ minimum: 1, description: 'equals the ETag; send it back as If-Match' }) version: number;
  @ApiInstant() reportedAt: string;
  @ApiInstant({ nullable: true }) closedAt: string | null;
  @ApiInstant() createdAt: string;
  @ApiInstant() updatedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'the withdrawn case whose external reference this one took over' })
  supersedesCaseId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'on a withdrawn case: the case that took over its external reference' })
  supersededByCaseId: string | null;
  @ApiProperty({ description: 'true while the clock is suspended (挂起, GET /cases/{id}/suspensions): the case takes no event and its ladder stands still' })
  suspended: boolean;
  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...CASE_EVENT_TYPES] }, description: 'events this caller may send now (none while suspended)' })
  allowedEvents: CaseEventType[];
}

export interface ViewContext {
  caller: AuthUser;
  now: Date;
  limits: CaseLimits;
  units: Map<string, UnitRef>;
  /** Whether the caller's region is high enough to send this event on this case (closure authority); absent = yes. */
  authorityAllows?: (record: CaseRecord, event: CaseEventType) => boolean;
  /** The warning threshold of a clock due (ladder level 0), from the calendar. */
  warningAt: (due: Date) => Date;
  /** Working days left until a due (negative when overdue), from the calendar. */
  workingDaysLeft: (dueAt: string) => number;
  /** The provisional dues of the page's cases (`caseId` → kinds; docs/deadlines.md). */
  provisional?: Map<string, Array<{ kind: string; clockId: string | null }>>;
  /** The open extension-decision clocks of the cases shown, by case id (absent: none known). */
  decisionClocks?: Map<string, { id: string; startedAt: string; dueAt: string; escalationLevel: number | null }>;
}

/** Events the caller may send now: the machine takes them and the caller's role (and unit) may send them. */
export function allowedEventsFor(record: CaseRecord, caller: AuthUser, now: Date, limits: CaseLimits): CaseEventType[] {
  if (record.suspensionId) return []; // 挂起: nothing until it is resumed (docs/suspension.md)
  const accepted = caseModelOf(record).acceptedNow(persistedCaseState(record.snapshot), now.toISOString(), limits);
  return accepted
    .filter((edge) => {
      const permission = permissionOf(edge.event);
      if (!(permission.roles as readonly Role[]).includes(caller.role)) return false;
      if (caller.role !== Role.Bureau || !permission.unit) return true;
      if (permission.unit === 'lead') return record.leadUnitId === caller.unitId;
      return record.leadUnitId === caller.unitId || record.coUnitIds.includes(caller.unitId ?? '');
    })
    .map((edge) => edge.event);
}

export function clockStatus(dueAt: string, now: Date, warningAt: (due: Date) => Date): ClockStatus {
  const due = new Date(dueAt);
  if (now.getTime() > due.getTime()) return 'overdue';
  return now.getTime() > warningAt(due).getTime() ? 'warning' : 'onTrack';
}

export function toCaseView(record: CaseRecord, ctx: ViewContext): CaseView {
  const unit = (id: string): UnitRef => ctx.units.get(id) ?? { id, name: '(unknown unit)', regionCode: '' };
  const provisional = ctx.provisional?.get(record.id) ?? [];
  const clockProvisional = provisional.some((p) => p.kind === 'clock' && p.clockId === record.clockId);
  const context = record.snapshot.context;
  return {
    id: record.id,
    code: record.code,
    title: record.title,
    description: record.description,
    source: record.source as Source,
    sourceLabel: labelOf(SOURCE_LABELS, record.source)!,
    category: record.category as Category,
    categoryLabel: labelOf(CATEGORY_LABELS, record.category)!,
    severity: record.severity as Severity,
    severityLabel: labelOf(SEVERITY_LABELS, record.severity)!,
    procedure: record.procedure,
    procedureVersion: record.procedureVersion,
    procedureLabel: caseDefinition(record.procedure, record.procedureVersion)?.label ?? record.procedure,
    regionCode: record.regionCode,
    batch: record.batch,
    externalRef: record.externalRef,
    state: record.state,
    stateDetail: record.stateDetail,
    stateLabel: labelOf(STATE_LABELS, record.stateDetail)!,
    leadUnit: record.leadUnitId ? unit(record.leadUnitId) : null,
    coUnits: record.coUnitIds.map(unit),
    responsiblePerson: record.responsiblePerson,
    leader: record.leader,
    rectificationDueAt: record.rectificationDueAt,
    originalDueAt: record.originalDueAt,
    rectificationDueProvisional: provisional.some((p) => p.kind === 'rectification'),
    extension: extensionView(record, ctx),
    clock:
      record.clockName && record.clockStartedAt && record.clockDueAt
        ? clockView(record.clockName, record.clockStartedAt, record.clockDueAt, clockStatus(record.clockDueAt, ctx.now, ctx.warningAt), ctx.workingDaysLeft(record.clockDueAt), clockProvisional)
        : null,
    escalationLevel: record.escalationLevel,
    escalationLevelLabel: labelOf(ESCALATION_LEVEL_LABELS, record.escalationLevel),
    reboundCount: record.reboundCount,
    returnCount: record.returnCount,
    version: record.version,
    reportedAt: record.reportedAt,
    closedAt: record.closedAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    supersedesCaseId: record.supersedesCaseId,
    supersededByCaseId: record.supersededByCaseId,
    suspended: record.suspensionId !== null,
    allowedEvents: allowedEventsFor(record, ctx.caller, ctx.now, ctx.limits).filter((event) => !ctx.authorityAllows || ctx.authorityAllows(record, event)),
  };
}

function extensionView(record: CaseRecord, ctx: ViewContext): ExtensionView {
  const context = record.snapshot.context;
  const decision = context.pendingExtension ? ctx.decisionClocks?.get(record.id) : undefined;
  // provisional like any other due: counted over a year without an official arrangement (kind 'decision')
  const decisionProvisional = !!decision && (ctx.provisional?.get(record.id) ?? []).some((p) => p.kind === 'decision' && p.clockId === decision.id);
  return {
    pending: context.pendingExtension,
    approvedCount: context.extensionsApproved,
    decisionClock: decision
      ? clockView(ClockName.ExtensionDecision, decision.startedAt, decision.dueAt, clockStatus(decision.dueAt, ctx.now, ctx.warningAt), ctx.workingDaysLeft(decision.dueAt), decisionProvisional)
      : null,
    decisionEscalationLevel: decision?.escalationLevel ?? null,
  };
}

export function clockView(name: string, startedAt: string, dueAt: string, status: ClockStatus, workingDaysLeft: number, provisional = false): CaseClockView {
  return {
    name: name as ClockName,
    label: labelOf(CLOCK_LABELS, name)!,
    owner: CLOCK_OWNER_OF[name as ClockName],
    ownerLabel: CLOCK_OWNER_LABELS[CLOCK_OWNER_OF[name as ClockName]],
    startedAt,
    dueAt,
    status,
    statusLabel: CLOCK_STATUS_LABELS[status],
    workingDaysLeft,
    provisional,
  };
}
