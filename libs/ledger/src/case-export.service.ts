import { PassThrough, type Writable } from 'node:stream';
import { once } from 'node:events';
import { Inject, Injectable, Logger } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { CalendarService, SHANGHAI_UTC_OFFSET_MS, type WorkingCalendar } from '@rectify/calendar';
import { CaseQueryService, type CaseRecord, type ListCasesQuery } from '@rectify/cases';
import { Clock } from '@rectify/core';
import { Database, jsonField } from '@rectify/database';
import { IdentityRepository, RegionTreeService, type AuthUser } from '@rectify/identity';
import { CLOCK_OWNER_LABELS, CLOCK_OWNER_OF, type ClockName } from '@rectify/workflows';
import { splitDescription } from './description-sections.util.js';
import { EXPORT_COLUMNS, EXPORT_PAGE_SIZE, type ExportColumnKey } from './export-columns.js';
import { categoryLabel, ESCALATION_LABELS, sourceLabel, STATE_LABELS } from './ledger-labels.js';

export type ExportFormat = 'xlsx' | 'csv';
export type ExportQuery = Omit<ListCasesQuery, 'page' | 'pageSize' | 'sort'>;
export type ExportCell = string | number | Date | null;
type Cell = ExportCell;

const SEVERITY_LABELS: Record<string, string> = { normal: '一般', major: '重大', critical: '特别重大' };
const HISTORY_TYPES = ['REPORT_PROGRESS', 'REVISIT_PASS', 'REBOUND_FOUND'];
/** What a row shows of a case's snapshot: the only keys of its context the scan reads (cells, clockOwnerCell). */
const CONTEXT_KEYS = ['extensionsApproved', 'pendingExtension'] as const;
/** The payload fields a row shows: progress notes and their percent, rebound findings. */
type HistoryItem = { type: string; at: string; note: unknown; percent: unknown; findings: unknown };

/** A Shanghai calendar date as the Date exceljs writes as that day (it writes a Date's UTC fields). */
const excelDay = (localDate: string) => new Date(`${localDate}T00:00:00.000Z`);
/** A Shanghai wall-clock instant as the Date exceljs writes as that time. */
const excelInstant = (iso: string) => new Date(new Date(iso).getTime() + SHANGHAI_UTC_OFFSET_MS);

/**
 * Working days between now and a due: ≥ 0 the working days left after today (0: due today), < 0
 * the working days it is overdue (the due's own day not counted). Docs: docs/ledger.md.
 */
export function workingDaysLeft(calendar: WorkingCalendar, now: Date, dueIso: string): number {
  const today = calendar.localDateOf(now);
  const dueDay = calendar.localDateOf(new Date(dueIso));
  if (new Date(dueIso).getTime() >= now.getTime()) return Math.max(0, calendar.countWorkdays(today, dueDay) - (calendar.isWorkday(today) ? 1 : 0));
  return -Math.max(1, calendar.countWorkdays(dueDay, today) - (calendar.isWorkday(dueDay) ? 1 : 0));
}

/**
 * 时限责任方: whose lateness the running clock is (the clock-owner labels of the API); while an extension
 * request waits, the supervisors' decision clock runs beside the unit's, and both are named.
 */
export function clockOwnerCell(c: Pick<CaseRecord, 'clockName' | 'snapshot'>): string | null {
  const owner = c.clockName ? CLOCK_OWNER_OF[c.clockName as ClockName] : undefined;
  const running = owner ? CLOCK_OWNER_LABELS[owner] : null;
  if (!c.snapshot.context.pendingExtension || owner === 'supervisor') return running;
  return [running, `${CLOCK_OWNER_LABELS.supervisor}（延期审批）`].filter(Boolean).join('；');
}

const csvField = (value: Cell): string => {
  if (value === null) return '';
  const text = value instanceof Date ? value.toISOString().slice(0, value.getUTCHours() || value.getUTCMinutes() ? 16 : 10).replace('T', ' ') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * The 台账 export: every case the caller's list shows for the same filters (the list's own filter and
 * visibility, `CaseQueryService.listFilter`), one row a case, streamed page by page so that memory
 * does not grow with the number of cases.
 */
@Injectable()
export class CaseExportService {
  private readonly logger = new Logger('LedgerExport');

  constructor(
    @Inject(CaseQueryService) private readonly cases: CaseQueryService,
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CalendarService) private readonly calendars: CalendarService,
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
    @Inject(IdentityRepository) private readonly identity: IdentityRepository,
  ) {}

  /** Checks the request (errors are thrown before any byte is sent), then streams the file. */
  async export(user: AuthUser, query: ExportQuery, format: ExportFormat): Promise<{ stream: PassThrough; fileName: string; contentType: string }> {
    const filter = await this.cases.listFilter(user, query);
    const stream = new PassThrough();
    const stamp = this.calendarDate();
    const write = format === 'xlsx' ? this.writeXlsx(filter, stream) : this.writeCsv(filter, stream);
    write.catch((error: unknown) => {
      this.logger.error(`export failed: ${(error as Error).stack ?? String(error)}`);
      stream.destroy(error as Error);
    });
    return {
      stream,
      fileName: `整改台账-${await stamp}.${format}`,
      contentType: format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
    };
  }

  private async calendarDate(): Promise<string> {
    return (await this.calendars.get()).localDateOf(this.clock.now());
  }

  private async writeXlsx(filter: Awaited<ReturnType<CaseQueryService['listFilter']>>, out: PassThrough): Promise<void> {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet('整改台账', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = EXPORT_COLUMNS.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width,
      style: 'date' in c ? { numFmt: 'yyyy-mm-dd' } : 'dateTime' in c ? { numFmt: 'yyyy-mm-dd hh:mm' } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    await this.eachRow(filter, out, (cells) => sheet.addRow(cells).commit());
    sheet.commit();
    await workbook.commit();
  }

  private async writeCsv(filter: Awaited<ReturnType<CaseQueryService['listFilter']>>, out: PassThrough): Promise<void> {
    // The BOM makes older Excel read the file as UTF-8 rather than the system's GBK.
    out.write(`\uFEFF${EXPORT_COLUMNS.map((c) => csvField(c.header)).join(',')}\r\n`);
    await this.eachRow(filter, out, (cells) => {
      out.write(`${cells.map(csvField).join(',')}\r\n`);
    });
    out.end();
  }

  private async eachRow(filter: Awaited<ReturnType<CaseQueryService['listFilter']>>, out: Writable, emit: (cells: Cell[]) => void): Promise<void> {
    for await (const page of this.pages(filter)) {
      for (const cells of page) emit(cells);
      // Backpressure: a slow client must not make the server hold the whole file.
      if (out.writableNeedDrain) await once(out, 'drain');
    }
  }

  /** The export's rows for a caller and filters, a page at a time (the benchmark writes them with exceljs alone). */
  async *rows(user: AuthUser, query: ExportQuery): AsyncGenerator<Cell[][]> {
    yield* this.pages(await this.cases.listFilter(user, query));
  }

  private async *pages(filter: Awaited<ReturnType<CaseQueryService['listFilter']>>): AsyncGenerator<Cell[][]> {
    const [calendar, regions, units] = await Promise.all([this.calendars.get(), this.regions.all(), this.identity.units(null)]);
    const regionName = new Map(regions.map((r) => [r.code, r.name]));
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const now = this.clock.now();
    let seq = 0;
    for await (const page of this.cases.scan(filter, EXPORT_PAGE_SIZE, CONTEXT_KEYS)) {
      const events = await this.historyOf(page.map((c) => c.id));
      yield page.map((c) => this.cells(++seq, c, events.get(c.id) ?? [], { calendar, now, regionName, unitName }));
      // SQLite answers synchronously: without a turn of the event loop, exceljs's compression (zlib
      // callbacks) would not run until the last page, and the whole file would wait in memory.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async historyOf(caseIds: string[]): Promise<Map<string, HistoryItem[]>> {
    const out = new Map<string, HistoryItem[]>();
    if (caseIds.length === 0) return out;
    const field = (key: string, as?: 'value') => jsonField(this.db.dialect, 'payload', [key], as);
    const rows = await this.db.all<{ case_id: string; type: string; at: string | Date; note: unknown; percent: unknown; findings: unknown }>(
      `SELECT case_id, type, at, ${field('note')} AS note, ${field('percent', 'value')} AS percent, ${field('findings')} AS findings FROM case_events WHERE case_id IN (${caseIds.map(() => '?').join(', ')}) AND type IN (${HISTORY_TYPES.map(() => '?').join(', ')}) ORDER BY case_id, seq`,
      [...caseIds, ...HISTORY_TYPES],
    );
    for (const r of rows) {
      const list = out.get(String(r.case_id)) ?? [];
      list.push({ type: r.type, at: r.at instanceof Date ? r.at.toISOString() : String(r.at), note: r.note, percent: r.percent, findings: r.findings });
      out.set(String(r.case_id), list);
    }
    return out;
  }

  private cells(
    seq: number,
    c: CaseRecord,
    events: HistoryItem[],
    ctx: { calendar: WorkingCalendar; now: Date; regionName: Map<string, string>; unitName: Map<string, string> },
  ): Cell[] {
    const { calendar } = ctx;
    const day = (iso: string | null) => (iso ? excelDay(calendar.localDateOf(new Date(iso))) : null);
    const { description, goal, measures } = splitDescription(c.description);
    const context = c.snapshot.context;
    const extension = [
      context.extensionsApproved > 0 ? `已延期 ${context.extensionsApproved} 次${c.originalDueAt ? `（原时限 ${calendar.localDateOf(new Date(c.originalDueAt))}）` : ''}` : '',
      context.pendingExtension ? `申请延期至 ${calendar.localDateOf(new Date(context.pendingExtension.requestedDueAt))}，待审批` : '',
    ].filter(Boolean).join('；');
    const local = (iso: string) => calendar.localDateOf(new Date(iso));
    const progress = events.filter((e) => e.type === 'REPORT_PROGRESS').map((e) => `${local(e.at)} ${String(e.note ?? '')}${typeof e.percent === 'number' ? `（${e.percent}%）` : ''}`);
    const revisits = events
      .filter((e) => e.type !== 'REPORT_PROGRESS')
      .map((e) => (e.type === 'REVISIT_PASS' ? `${local(e.at)} 通过` : `${local(e.at)} 发现反弹：${String(e.findings ?? '')}`));
    const values: Record<ExportColumnKey, Cell> = {
      seq,
      code: c.code,
      // A case logged by hand has no external reference: its code stands in, so a re-import is idempotent.
      externalRef: c.externalRef ?? c.code,
      source: sourceLabel(c.source),
      batch: c.batch,
      title: c.title,
      description,
      regionName: ctx.regionName.get(c.regionCode) ?? null,
      regionCode: c.regionCode,
      category: categoryLabel(c.category),
      severity: SEVERITY_LABELS[c.severity] ?? c.severity,
      leadUnit: c.leadUnitId ? (ctx.unitName.get(c.leadUnitId) ?? c.leadUnitId) : null,
      coUnits: c.coUnitIds.map((id) => ctx.unitName.get(id) ?? id).join('、') || null,
      responsiblePerson: c.responsiblePerson,
      leader: c.leader,
      goal,
      measures,
      deadline: day(c.rectificationDueAt),
      state: STATE_LABELS[c.stateDetail] ?? c.stateDetail,
      currentDue: c.clockDueAt ? excelInstant(c.clockDueAt) : null,
      workingDaysLeft: c.clockDueAt ? workingDaysLeft(calendar, ctx.now, c.clockDueAt) : null,
      clockOwner: clockOwnerCell(c),
      escalation: c.escalationLevel === null ? null : (ESCALATION_LABELS[c.escalationLevel] ?? `第 ${c.escalationLevel} 级`),
      extension: extension || null,
      progress: progress.join('\n') || null,
      closedAt: day(c.closedAt),
      revisits: revisits.join('\n') || null,
      reportedAt: day(c.reportedAt),
    };
    return EXPORT_COLUMNS.map((col) => values[col.key]);
  }
}
