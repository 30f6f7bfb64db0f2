import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DomainError, flattenValidationErrors, passesValidation, STRICT_VALIDATION } from '@rectify/core';
import { CASE_EVENT_TYPES, type CaseEventType } from '@rectify/workflows';
import { EVENT_DTOS, validateCaseEvent, type DueDto } from './case-event.dto.js';

/** validateCaseEvent as it was: class-transformer, then class-validator on every call. */
function reference(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw DomainError.validation('The body must be a JSON object {type, ...payload}');
  const type = (body as { type?: unknown }).type;
  if (typeof type !== 'string' || !CASE_EVENT_TYPES.includes(type as CaseEventType)) {
    throw DomainError.validation(`type must be one of: ${CASE_EVENT_TYPES.join(', ')}`);
  }
  const dto = plainToInstance(EVENT_DTOS[type as CaseEventType], body);
  const errors = validateSync(dto, STRICT_VALIDATION);
  if (errors.length > 0) {
    const messages = flattenValidationErrors(errors);
    throw DomainError.validation(messages.join('; '), { errors: messages });
  }
  const evidence = dto as { evidence?: unknown[]; attachmentIds?: unknown[] };
  if (type === 'SUBMIT_EVIDENCE' && !evidence.evidence && !evidence.attachmentIds?.length) {
    throw DomainError.validation('SUBMIT_EVIDENCE needs evidence or attachmentIds (at least one item)');
  }
  const due = dto as DueDto;
  if (due.rectificationDueAt !== undefined && due.rectificationWorkingDays !== undefined) {
    throw DomainError.validation('Give rectificationDueAt or rectificationWorkingDays, not both');
  }
  return { ...(dto as object) };
}

const outcome = (f: () => unknown) => {
  try {
    const value = f();
    return { ok: true, value, json: JSON.stringify(value) };
  } catch (error) {
    const e = error as DomainError;
    return { ok: false, code: e.code, message: e.message, details: e.details };
  }
};

const UUID = '6f1c2a43-1d0e-4c43-9f0b-5b3f5d8b2a10';
const UUID2 = '0b0e8f5e-3c2d-4e1f-8a9b-7c6d5e4f3a21';

/** A valid body of each type, then the values each field is tried with. */
const VALID: Record<CaseEventType, Record<string, unknown>> = {
  ASSIGN: { type: 'ASSIGN', leadUnitId: UUID, coUnitIds: [UUID2], rectificationWorkingDays: 30, responsiblePerson: '张三', leader: '李四' },
  ACCEPT: { type: 'ACCEPT' },
  RETURN: { type: 'RETURN', reasonCode: 'insufficient_information', reason: '线索不足无法核实' },
  REPORT_PROGRESS: { type: 'REPORT_PROGRESS', note: '已完成一半', percent: 50 },
  REQUEST_EXTENSION: { type: 'REQUEST_EXTENSION', requestedDueAt: '2026-12-31T15:59:59.999Z', reason: '汛期施工受限' },
  APPROVE_EXTENSION: { type: 'APPROVE_EXTENSION', note: '同意' },
  REJECT_EXTENSION: { type: 'REJECT_EXTENSION', reason: '理由不充分' },
  SUBMIT_EVIDENCE: { type: 'SUBMIT_EVIDENCE', summary: '已覆盖', evidence: [{ kind: 'photo', title: '现场照片', ref: 'p-1' }] },
  VERIFY_PASS: { type: 'VERIFY_PASS', note: '现场核查通过' },
  VERIFY_FAIL: { type: 'VERIFY_FAIL', reason: '仍有裸土' },
  CLOSE: { type: 'CLOSE' },
  START_REVISIT: { type: 'START_REVISIT', note: '回头看' },
  REVISIT_PASS: { type: 'REVISIT_PASS' },
  REBOUND_FOUND: { type: 'REBOUND_FOUND', findings: '反弹', rectificationDueAt: '2027-01-31T00:00:00+08:00' },
  WITHDRAW: { type: 'WITHDRAW', reason: '重复登记撤销' },
  EDIT: { type: 'EDIT', reason: '更正标题', title: '新标题', batch: null, severity: 'major' },
  ADJUST_UNITS: { type: 'ADJUST_UNITS', reason: '包保领导调整', leadUnitId: UUID, leader: '王五', rectificationWorkingDays: 10 },
};

const TRIES: unknown[] = [
  undefined,
  null,
  '',
  '   ',
  '  padded  ',
  'x',
  '短',
  'x'.repeat(2001),
  'x'.repeat(5001),
  0,
  1,
  -1,
  50,
  100,
  101,
  1000,
  1001,
  1.5,
  '30',
  ' 30 ',
  'abc',
  NaN,
  true,
  [],
  ['x'],
  [UUID, UUID],
  [UUID, 'nope'],
  {},
  { a: 1 },
  UUID,
  ` ${UUID} `,
  'not-a-uuid',
  'photo',
  'video',
  'lazy',
  'insufficient_information',
  '2026-12-31T15:59:59.999Z',
  '2026-12-31T15:59:59+0800',
  '2026-12-31',
  '2026-12-31T10:00:00',
  '2025-02-30T00:00:00Z',
  'tomorrow',
  [{ kind: 'photo', title: 't', ref: 'r' }],
  [{ kind: 'photo', title: ' t ', ref: 'r' }, { kind: 'document', title: 't2', ref: 'r2' }],
  [{ kind: 'video', title: 't', ref: 'r' }],
  [{ kind: 'photo', title: 't', ref: 'r', secret: 1 }],
  [{ kind: 'photo', title: '', ref: 'r' }],
  [{ kind: 'photo', title: 't' }],
  ['photo'],
  [null],
  [[{ kind: 'photo', title: 't', ref: 'r' }]],
  Array.from({ length: 51 }, (_, i) => ({ kind: 'photo', title: `t${i}`, ref: `r${i}` })),
];

const FIELDS = [
  'type',
  'leadUnitId',
  'coUnitIds',
  'rectificationWorkingDays',
  'rectificationDueAt',
  'responsiblePerson',
  'leader',
  'reasonCode',
  'reason',
  'note',
  'percent',
  'requestedDueAt',
  'summary',
  'evidence',
  'attachmentIds',
  'findings',
  'extra',
];

describe('validateCaseEvent (checks compiled once per event type)', () => {
  test('a valid body of every type passes without class-validator, and gives what it gave before', () => {
    for (const type of CASE_EVENT_TYPES) {
      const body = VALID[type];
      expect(passesValidation(plainToInstance(EVENT_DTOS[type], body))).toBe(true);
      expect(outcome(() => validateCaseEvent(body))).toStrictEqual(outcome(() => reference(body)));
    }
  });

  test('every type × field × value gives the same payload or the same error, message for message', () => {
    let compared = 0;
    for (const type of CASE_EVENT_TYPES) {
      for (const field of FIELDS) {
        for (const value of TRIES) {
          const body: Record<string, unknown> = { ...VALID[type], [field]: value };
          if (value === undefined) delete body[field];
          expect({ body, got: outcome(() => validateCaseEvent(body)) }).toStrictEqual({ body, got: outcome(() => reference(body)) });
          compared++;
        }
      }
    }
    expect(compared).toBe(CASE_EVENT_TYPES.length * FIELDS.length * TRIES.length);
  });

  test('two fields wrong at once: the same messages in the same order', () => {
    for (const type of CASE_EVENT_TYPES) {
      const fields = Object.keys(VALID[type]).filter((f) => f !== 'type');
      for (const a of fields) {
        for (const b of fields) {
          if (a === b) continue;
          const body = { ...VALID[type], [a]: 42, [b]: ['x'], extra: true };
          expect(outcome(() => validateCaseEvent(body))).toStrictEqual(outcome(() => reference(body)));
        }
      }
    }
  });

  test('bodies that are not objects, and unknown types', () => {
    for (const body of [null, undefined, 'ACCEPT', 42, [], [{ type: 'ACCEPT' }], {}, { type: 'NOPE' }, { type: 42 }, { type: ' ACCEPT' }]) {
      expect(outcome(() => validateCaseEvent(body))).toStrictEqual(outcome(() => reference(body)));
    }
  });
});
