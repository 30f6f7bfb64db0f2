import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { DomainError, flattenValidationErrors, Id, UnitIds, Instant, IntRange, OptionalText, passesValidation, STRICT_VALIDATION, Text } from '@rectify/core';
import { CASE_EVENT_TYPES, CATEGORIES, EVIDENCE_KINDS, RETURN_REASON_CODES, SEVERITIES, type CaseEventType, type Category, type EvidenceKind, type ReturnReasonCode, type Severity } from '@rectify/workflows';

class EventBase {
  @ApiProperty({ enum: CASE_EVENT_TYPES })
  @IsIn(CASE_EVENT_TYPES)
  type: CaseEventType;
}

/** Shared by ASSIGN, REBOUND_FOUND and bulk assignment: one of a due instant or working days. */
export class DueDto extends EventBase {
  @Instant({ optional: true, description: 'rectification due instant; or give rectificationWorkingDays; neither → policy default' })
  rectificationDueAt?: string;

  @IntRange(1, 1000, { optional: true, description: 'rectification due as working days after now' })
  rectificationWorkingDays?: number;
}

export class AssignEventDto extends DueDto {
  @Id({ optional: true, description: 'the lead unit (牵头单位); omitted → the matching assignment rule' })
  leadUnitId?: string;

  @UnitIds()
  coUnitIds?: string[];

  @OptionalText({ max: 100, description: '责任人' })
  responsiblePerson?: string;

  @OptionalText({ max: 100, description: '包保领导' })
  leader?: string;
}

export class NoPayloadEventDto extends EventBase {}

export class ReturnEventDto extends EventBase {
  @ApiPropertyOptional({ enum: RETURN_REASON_CODES })
  @IsOptional()
  @IsIn(RETURN_REASON_CODES)
  reasonCode?: ReturnReasonCode;

  @Text({ min: 5, max: 2000 })
  reason: string;
}

/** Evidence files of this case (uploaded with POST /cases/:id/attachments) an event refers to; history records their hashes. */
const AttachmentIds = () => UnitIds({ max: 20, description: 'ids of attachments of this case (POST /cases/{id}/attachments); history records their SHA-256' });

export class ReportProgressEventDto extends EventBase {
  @Text({ max: 2000 })
  note: string;

  @IntRange(0, 100, { optional: true })
  percent?: number;

  @AttachmentIds()
  attachmentIds?: string[];
}

export class RequestExtensionEventDto extends EventBase {
  @Instant()
  requestedDueAt: string;

  @Text({ max: 2000 })
  reason: string;
}

export class NoteEventDto extends EventBase {
  @OptionalText({ max: 2000 })
  note?: string;
}

export class ReasonEventDto extends EventBase {
  @Text({ max: 2000 })
  reason: string;
}

export class VerifyFailEventDto extends ReasonEventDto {
  @AttachmentIds()
  attachmentIds?: string[];
}

export class EvidenceItemDto {
  @ApiProperty({ enum: EVIDENCE_KINDS })
  @IsIn(EVIDENCE_KINDS)
  kind: EvidenceKind;

  @Text({ max: 200, singleLine: true })
  title: string;

  @Text({ max: 1000, description: 'where the material is: a document number, file reference or URL' })
  ref: string;
}

export class SubmitEvidenceEventDto extends EventBase {
  @Text({ max: 5000 })
  summary: string;

  @ApiPropertyOptional({ type: [EvidenceItemDto], minItems: 1, maxItems: 50, description: 'required unless attachmentIds are given' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsObject({ each: true, message: 'each item of evidence must be an object {kind, title, ref}' })
  @ValidateNested({ each: true })
  @Type(() => EvidenceItemDto)
  evidence?: EvidenceItemDto[];

  @AttachmentIds()
  attachmentIds?: string[];
}

export class ReboundFoundEventDto extends DueDto {
  @Text({ max: 5000 })
  findings: string;

  @AttachmentIds()
  attachmentIds?: string[];
}

/**
 * EDIT (docs/corrections.md): a correction of the case's facts, with a reason. Only the fields given
 * change; `null` clears the optional ones (batch, externalRef, responsiblePerson, leader).
 */
export class EditEventDto extends EventBase {
  @Text({ min: 2, max: 2000, description: 'why the facts are corrected (更正原因)' })
  reason: string;

  @OptionalText({ max: 200 })
  title?: string;

  @OptionalText({ max: 5000 })
  description?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: Category;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @OptionalText({ max: 200, description: 'null clears it' })
  batch?: string | null;

  @OptionalText({ max: 100, description: 'null clears it; unique per source among cases not withdrawn' })
  externalRef?: string | null;

  @OptionalText({ max: 100, description: '责任人; null clears it' })
  responsiblePerson?: string | null;

  @OptionalText({ max: 100, description: '包保领导; null clears it' })
  leader?: string | null;
}

/**
 * ADJUST_UNITS (动态调整) during rectification: the supervisor changes the lead unit, co-units, the
 * responsible person or the 包保 leader, with a reason. The rectification due stays unless one is given.
 */
export class AdjustUnitsEventDto extends DueDto {
  @Text({ min: 2, max: 2000, description: 'why the units or leaders change (调整原因)' })
  reason: string;

  @Id({ optional: true, description: 'the new lead unit (牵头单位)' })
  leadUnitId?: string;

  @UnitIds()
  coUnitIds?: string[];

  @OptionalText({ max: 100, description: '责任人; null clears it' })
  responsiblePerson?: string | null;

  @OptionalText({ max: 100, description: '包保领导; null clears it' })
  leader?: string | null;
}

export const EVENT_DTOS: Record<CaseEventType, new () => EventBase> = {
  ASSIGN: AssignEventDto,
  ACCEPT: NoPayloadEventDto,
  RETURN: ReturnEventDto,
  REPORT_PROGRESS: ReportProgressEventDto,
  REQUEST_EXTENSION: RequestExtensionEventDto,
  APPROVE_EXTENSION: NoteEventDto,
  REJECT_EXTENSION: ReasonEventDto,
  SUBMIT_EVIDENCE: SubmitEvidenceEventDto,
  VERIFY_PASS: NoteEventDto,
  VERIFY_FAIL: VerifyFailEventDto,
  CLOSE: NoteEventDto,
  START_REVISIT: NoteEventDto,
  REVISIT_PASS: NoteEventDto,
  REBOUND_FOUND: ReboundFoundEventDto,
  WITHDRAW: ReasonEventDto,
  EDIT: EditEventDto,
  ADJUST_UNITS: AdjustUnitsEventDto,
};

export type CaseEventPayload = Record<string, unknown> & { type: CaseEventType };


/** Validates `{type, ...payload}` against the DTO of its type (whitelist, no unknown fields, strings trimmed). */
export function validateCaseEvent(body: unknown, allowedTypes: readonly CaseEventType[] = CASE_EVENT_TYPES): CaseEventPayload {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw DomainError.validation('The body must be a JSON object {type, ...payload}');
  }
  const type = (body as { type?: unknown }).type;
  if (typeof type !== 'string' || !allowedTypes.includes(type as CaseEventType)) {
    throw DomainError.validation(`type must be one of: ${allowedTypes.join(', ')}`);
  }
  const dto = plainToInstance(EVENT_DTOS[type as CaseEventType], body);
  if (!passesValidation(dto)) {
    const errors = validateSync(dto, STRICT_VALIDATION);
    if (errors.length > 0) {
      const messages = flattenValidationErrors(errors);
      throw DomainError.validation(messages.join('; '), { errors: messages });
    }
  }
  if (type === 'SUBMIT_EVIDENCE' && !(dto as SubmitEvidenceEventDto).evidence && !(dto as SubmitEvidenceEventDto).attachmentIds?.length) {
    throw DomainError.validation('SUBMIT_EVIDENCE needs evidence or attachmentIds (at least one item)');
  }
  const due = dto as DueDto;
  if (due.rectificationDueAt !== undefined && due.rectificationWorkingDays !== undefined) {
    throw DomainError.validation('Give rectificationDueAt or rectificationWorkingDays, not both');
  }
  return { ...(dto as object) } as CaseEventPayload;
}

// ------------------------------------------------------------------ the event body in the OpenAPI document

const pascal = (type: string) => type.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());

/** One example body per event (Swagger UI's "Examples" and the document's `examples`). */
export const CASE_EVENT_EXAMPLES: Record<CaseEventType, Record<string, unknown>> = {
  ASSIGN: { type: 'ASSIGN', leadUnitId: '0190f5a2-7c1e-7d2a-9b3c-4d5e6f708192', rectificationWorkingDays: 60, responsiblePerson: '张三', leader: '李副市长' },
  ACCEPT: { type: 'ACCEPT' },
  RETURN: { type: 'RETURN', reasonCode: 'not_our_jurisdiction', reason: '该点位属于县级管辖，请改派' },
  REPORT_PROGRESS: { type: 'REPORT_PROGRESS', note: '已完成截污管网铺设 60%', percent: 60 },
  REQUEST_EXTENSION: { type: 'REQUEST_EXTENSION', requestedDueAt: '2026-12-31T15:59:59.999Z', reason: '汛期施工受阻，申请延期' },
  APPROVE_EXTENSION: { type: 'APPROVE_EXTENSION', note: '同意延期' },
  REJECT_EXTENSION: { type: 'REJECT_EXTENSION', reason: '理由不充分，请按期完成' },
  SUBMIT_EVIDENCE: { type: 'SUBMIT_EVIDENCE', summary: '已完成整改', evidence: [{ kind: 'photo', title: '整改后现场照片', ref: 'doc-2026-001' }] },
  VERIFY_PASS: { type: 'VERIFY_PASS', note: '现场核查通过' },
  VERIFY_FAIL: { type: 'VERIFY_FAIL', reason: '堆场仍未完全覆盖' },
  CLOSE: { type: 'CLOSE', note: '同意销号' },
  START_REVISIT: { type: 'START_REVISIT', note: '开展回头看' },
  REVISIT_PASS: { type: 'REVISIT_PASS', note: '未发现反弹' },
  REBOUND_FOUND: { type: 'REBOUND_FOUND', findings: '污水再次直排', rectificationWorkingDays: 30 },
  WITHDRAW: { type: 'WITHDRAW', reason: '重复登记' },
  EDIT: { type: 'EDIT', reason: '原标题录入有误', title: '九江市某化工园区污水直排长江支流', severity: 'major' },
  ADJUST_UNITS: { type: 'ADJUST_UNITS', reason: '包保领导工作调整', leader: '王副市长' },
};

/**
 * One schema class per event type (`AssignEvent`, `AcceptEvent` …): the event's DTO with `type` fixed to
 * that one value, so the body documents as a `oneOf` discriminated by `type`. Validation stays with
 * EVENT_DTOS; these classes only describe.
 */
export const CASE_EVENT_SCHEMAS: Record<CaseEventType, new () => EventBase> = Object.fromEntries(
  CASE_EVENT_TYPES.map((type) => {
    const base = EVENT_DTOS[type];
    const schema = class extends base {};
    Object.defineProperty(schema, 'name', { value: `${pascal(type)}Event` });
    ApiProperty({ enum: [type], example: type, description: 'the event' })(schema.prototype, 'type');
    ApiSchema({ name: `${pascal(type)}Event`, description: `the body of ${type}` })(schema);
    return [type, schema];
  }),
) as Record<CaseEventType, new () => EventBase>;
