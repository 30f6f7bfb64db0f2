import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuthUser } from '@rectify/identity';
import { Role, eventsAcceptedNow, permissionOf, persistedCaseState, type CaseEventType, type CaseLimits } from '@rectify/workflows';
import type { CaseRecord } from './case-record.js';

export type ClockStatus = 'onTrack' | 'warning' | 'overdue';

export class UnitRef {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() regionCode: string;
}

export class CaseClockView {
  @ApiProperty({ example: 'rectification' }) name: string;
  @ApiProperty() startedAt: string;
  @ApiProperty() dueAt: string;
  @ApiProperty({ enum: ['onTrack', 'warning', 'overdue'] }) status: ClockStatus;
  @ApiProperty({ type: 'integer', description: 'working days left after today until the due (0: due today); negative: working days overdue' })
  workingDaysLeft: number;
}

export class ExtensionView {
  @ApiPropertyOptional({ nullable: true, description: '{requestedDueAt, reason, requestedAt} while a request is pending' })
  pending: { requestedDueAt: string; reason: string; requestedAt: string } | null;
  @ApiProperty() approvedCount: number;
}

/** The case as the API returns it (SPEC §7). */
export class CaseView {
  @ApiProperty() id: string;
  @ApiProperty({ example: '360400-2020-00001' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty() source: string;
  @ApiProperty() category: string;
  @ApiProperty() severity: string;
  @ApiProperty() regionCode: string;
  @ApiPropertyOptional({ nullable: true, type: String }) batch: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) externalRef: string | null;
  @ApiProperty({ example: 'rectifying' }) state: string;
  @ApiProperty({ example: 'rectifying.inProgress' }) stateDetail: string;
  @ApiPropertyOptional({ nullable: true, type: UnitRef }) leadUnit: UnitRef | null;
  @ApiProperty({ type: [UnitRef] }) coUnits: UnitRef[];
  @ApiPropertyOptional({ nullable: true, type: String }) responsiblePerson: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) leader: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) rectificationDueAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) originalDueAt: string | null;
  @ApiProperty({ type: ExtensionView }) extension: ExtensionView;
  @ApiPropertyOptional({ nullable: true, type: CaseClockView }) clock: CaseClockView | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'highest escalation level fired on the running clock' })
  escalationLevel: number | null;
  @ApiProperty() reboundCount: number;
  @ApiProperty() returnCount: number;
  @ApiProperty() version: number;
  @ApiProperty() reportedAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) closedAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the withdrawn case whose external reference this one took over' })
  supersedesCaseId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'on a withdrawn case: the case that took over its external reference' })
  supersededByCaseId: string | null;
  @ApiProperty({ type: [String], description: 'events this caller may send now' }) allowedEvents: CaseEventType[];
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
}

/** Events the caller may send now: the machine takes them and the caller's role (and unit) may send them. */
export function allowedEventsFor(record: CaseRecord, caller: AuthUser, now: Date, limits: CaseLimits): CaseEventType[] {
  const accepted = eventsAcceptedNow(persistedCaseState(record.snapshot), now.toISOString(), limits);
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
  const context = record.snapshot.context;
  return {
    id: record.id,
    code: record.code,
    title: record.title,
    description: record.description,
    source: record.source,
    category: record.category,
    severity: record.severity,
    regionCode: record.regionCode,
    batch: record.batch,
    externalRef: record.externalRef,
    state: record.state,
    stateDetail: record.stateDetail,
    leadUnit: record.leadUnitId ? unit(record.leadUnitId) : null,
    coUnits: record.coUnitIds.map(unit),
    responsiblePerson: record.responsiblePerson,
    leader: record.leader,
    rectificationDueAt: record.rectificationDueAt,
    originalDueAt: record.originalDueAt,
    extension: { pending: context.pendingExtension, approvedCount: context.extensionsApproved },
    clock:
      record.clockName && record.clockStartedAt && record.clockDueAt
        ? {
            name: record.clockName,
            startedAt: record.clockStartedAt,
            dueAt: record.clockDueAt,
            status: clockStatus(record.clockDueAt, ctx.now, ctx.warningAt),
            workingDaysLeft: ctx.workingDaysLeft(record.clockDueAt),
          }
        : null,
    escalationLevel: record.escalationLevel,
    reboundCount: record.reboundCount,
    returnCount: record.returnCount,
    version: record.version,
    reportedAt: record.reportedAt,
    closedAt: record.closedAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    supersedesCaseId: record.supersedesCaseId,
    supersededByCaseId: record.supersededByCaseId,
    allowedEvents: allowedEventsFor(record, ctx.caller, ctx.now, ctx.limits).filter((event) => !ctx.authorityAllows || ctx.authorityAllows(record, event)),
  };
}
