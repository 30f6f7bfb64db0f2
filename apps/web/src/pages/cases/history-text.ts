import { shanghaiDate } from '@/locales/dates';
import { messages as m } from '@/locales/zh-CN';

export interface HistoryEntry {
  seq: number;
  type: string;
  /** The system (the sweep) is {id: null, username: "system", role: null, unitId: null}. */
  actor: { id: string | null; username: string; role: string | null; unitId: string | null };
  at: string;
  from: string | null;
  to: string;
  payload: Record<string, unknown>;
}

const LABELS: Record<string, (v: unknown) => string> = {
  reasonCode: (v) => m.returnReasons[String(v)] ?? String(v),
  requestedDueAt: (v) => shanghaiDate(String(v)),
  rectificationDueAt: (v) => shanghaiDate(String(v)),
  clockDueAt: (v) => shanghaiDate(String(v)),
  clock: (v) => m.clocks[String(v)] ?? String(v),
  evidence: (v) => (Array.isArray(v) ? v.map((e) => `${m.evidenceKinds[(e as { kind: string }).kind] ?? ''}「${(e as { title: string }).title}」`).join('、') : String(v)),
  source: (v) => m.sources[String(v)] ?? String(v),
  category: (v) => m.categories[String(v)] ?? String(v),
  severity: (v) => m.severities[String(v)] ?? String(v),
  body: (v) => String(v),
  dueAt: (v) => shanghaiDate(String(v)),
};
const HIDDEN = new Set(['type', 'limits', 'at', 'actor', 'leadUnitId', 'coUnitIds', 'ruleId', 'attachmentIds', 'attachments', 'commentId', 'internal', 'mentions', 'suspensionId']);

/** A history row's payload in words: "理由：…；说明：…" (ids left out, codes shown by their labels). */
const SHOWN_ON_CREATE = new Set(['source', 'category', 'severity', 'batch', 'externalRef']);

export function payloadText(payload: Record<string, unknown>, type = ''): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(payload ?? {})) {
    if (type === 'CREATED' && !SHOWN_ON_CREATE.has(key)) continue;
    if (type.startsWith('CLOCK_') && (key === 'reason' || key === 'rectificationDueAt')) continue; // 挂起: the label is shown, the due is in changes
    if (key === 'changes' && value && typeof value === 'object') {
      for (const [field, change] of Object.entries(value as Record<string, { before?: unknown; after?: unknown }>)) {
        const show = (x: unknown) => (x === null || x === undefined || x === '' ? '—' : LABELS[field] ? LABELS[field]!(x) : String(x));
        parts.push(`${m.fields[field] ?? field}：${show(change?.before)} → ${show(change?.after)}`);
      }
      continue;
    }
    if (HIDDEN.has(key) || value === null || value === undefined || value === '') continue;
    if (typeof value === 'object' && !Array.isArray(value)) continue;
    const label = m.fields[key] ?? key;
    parts.push(`${label}：${LABELS[key] ? LABELS[key]!(value) : String(value)}`);
  }
  return parts.join('；');
}

export function actorText(actor: HistoryEntry['actor']): string {
  if (actor.id === null) return '系统'; // the system: {id: null, username: "system"}
  return `${actor.username}${actor.role ? `（${m.roles[actor.role] ?? actor.role}）` : ''}`;
}
