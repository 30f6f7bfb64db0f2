import { messages as m } from '@/locales/zh-CN';

/** One table of event → form fields (mirrors the engine's event DTOs); the dialog is built from it. */
export type FieldKind = 'text' | 'textarea' | 'number' | 'date' | 'unit' | 'units' | 'select' | 'evidence' | 'attachments';

export interface EventField {
  name: string;
  kind: FieldKind;
  required?: boolean;
  options?: Record<string, string>;
  min?: number;
  max?: number;
  maxLength?: number;
}

const note: EventField = { name: 'note', kind: 'textarea', maxLength: 2000 };
const reason: EventField = { name: 'reason', kind: 'textarea', required: true, maxLength: 2000 };
/** Files of this case (uploaded in the attachments panel) the event names; history records their hashes. */
const attachments: EventField = { name: 'attachmentIds', kind: 'attachments' };

export const EVENT_FORMS: Record<string, EventField[]> = {
  ASSIGN: [
    { name: 'leadUnitId', kind: 'unit' },
    { name: 'coUnitIds', kind: 'units' },
    { name: 'rectificationWorkingDays', kind: 'number', min: 1, max: 1000 },
    { name: 'responsiblePerson', kind: 'text', maxLength: 100 },
    { name: 'leader', kind: 'text', maxLength: 100 },
  ],
  ACCEPT: [],
  RETURN: [{ name: 'reasonCode', kind: 'select', required: true, options: m.returnReasons }, { ...reason, maxLength: 2000 }],
  REPORT_PROGRESS: [{ name: 'note', kind: 'textarea', required: true, maxLength: 2000 }, { name: 'percent', kind: 'number', min: 0, max: 100 }, attachments],
  REQUEST_EXTENSION: [{ name: 'requestedDueAt', kind: 'date', required: true }, reason],
  APPROVE_EXTENSION: [note],
  REJECT_EXTENSION: [reason],
  // evidence items or attachments, at least one of the two (the API says the same)
  SUBMIT_EVIDENCE: [{ name: 'summary', kind: 'textarea', required: true, maxLength: 5000 }, attachments, { name: 'evidence', kind: 'evidence' }],
  VERIFY_PASS: [note],
  VERIFY_FAIL: [reason, attachments],
  CLOSE: [note],
  START_REVISIT: [note],
  REVISIT_PASS: [note],
  REBOUND_FOUND: [{ name: 'findings', kind: 'textarea', required: true, maxLength: 5000 }, { name: 'rectificationWorkingDays', kind: 'number', min: 1, max: 1000 }, attachments],
  WITHDRAW: [reason],
  EDIT: [
    { name: 'reason', kind: 'textarea', required: true, maxLength: 2000 },
    { name: 'title', kind: 'text', maxLength: 200 },
    { name: 'description', kind: 'textarea', maxLength: 5000 },
    { name: 'category', kind: 'select', options: m.categories },
    { name: 'severity', kind: 'select', options: m.severities },
    { name: 'batch', kind: 'text', maxLength: 200 },
    { name: 'externalRef', kind: 'text', maxLength: 100 },
    { name: 'responsiblePerson', kind: 'text', maxLength: 100 },
    { name: 'leader', kind: 'text', maxLength: 100 },
  ],
  ADJUST_UNITS: [
    { name: 'reason', kind: 'textarea', required: true, maxLength: 2000 },
    { name: 'leadUnitId', kind: 'unit' },
    { name: 'coUnitIds', kind: 'units' },
    { name: 'responsiblePerson', kind: 'text', maxLength: 100 },
    { name: 'leader', kind: 'text', maxLength: 100 },
    { name: 'rectificationWorkingDays', kind: 'number', min: 1, max: 1000 },
  ],
};

/** Events whose form starts from the case's current facts (a correction changes what is there). */
export const PREFILLED_EVENTS = new Set(['EDIT', 'ADJUST_UNITS']);

/** Events whose button is drawn as the primary action of a case. */
export const PRIMARY_EVENTS = new Set(['ASSIGN', 'ACCEPT', 'SUBMIT_EVIDENCE', 'VERIFY_PASS', 'CLOSE', 'REVISIT_PASS', 'APPROVE_EXTENSION']);
export const DANGER_EVENTS = new Set(['RETURN', 'VERIFY_FAIL', 'WITHDRAW', 'REBOUND_FOUND', 'REJECT_EXTENSION']);

export interface EvidenceRow { kind: string; title: string; ref: string }

/** The form's values as the event body: empty optional fields left out, dates as the end of that day in Shanghai. */
export function eventBody(type: string, values: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = { type };
  for (const field of EVENT_FORMS[type] ?? []) {
    const value = values[field.name];
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    if (field.kind === 'date') body[field.name] = `${String(value)}T23:59:59.999+08:00`;
    else if (field.kind === 'text' || field.kind === 'textarea') body[field.name] = String(value).trim();
    else if (field.kind === 'evidence') {
      const rows = (value as EvidenceRow[]).filter((r) => r.title.trim() || r.ref.trim());
      if (rows.length) body[field.name] = rows;
    }
    else body[field.name] = value;
  }
  return body;
}

/** Checks the browser can make before sending: required fields (the API checks everything again). */
export function missingFields(type: string, values: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of EVENT_FORMS[type] ?? []) {
    if (!field.required) continue;
    const value = values[field.name];
    const empty =
      value === undefined || value === null || (typeof value === 'string' && !value.trim()) ||
      (field.kind === 'evidence' && !(value as EvidenceRow[]).some((r) => r.title.trim() && r.ref.trim()));
    if (empty) errors[field.name] = `${m.fields[field.name] ?? field.name}${m.common.required}`;
  }
  if (type === 'SUBMIT_EVIDENCE') {
    const rows = (values.evidence as EvidenceRow[] | undefined) ?? [];
    const files = (values.attachmentIds as string[] | undefined) ?? [];
    if (!files.length && !rows.some((r) => r.title.trim() && r.ref.trim())) errors.evidence = `${m.fields.evidence}${m.common.required}（或选择${m.fields.attachmentIds}）`;
  }
  return errors;
}
