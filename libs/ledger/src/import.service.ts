import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CalendarService, type WorkingCalendar } from '@rectify/calendar';
import { CaseWorkflowService } from '@rectify/cases';
import { canonicalJson, Clock, DomainError, ErrorCode, isUuid, newId, unknownActor } from '@rectify/core';
import { Database } from '@rectify/database';
import { IdentityRepository, JurisdictionService, RegionTreeService, requireRole, type AuthUser } from '@rectify/identity';
import { PolicyService, type Policy } from '@rectify/policies';
import { CATEGORIES, permissionOf, Role, type Category, type Source } from '@rectify/workflows';
import type { CommitImportDto, ImportDryRunView, ImportRowsPage, ImportRowsQuery, ImportRowView, ImportView } from './dto/import.dto.js';
import { normaliseHeader, IMPORT_FIELDS, type ImportField } from './import-columns.js';
import { findHeader, HEADER_SEARCH_ROWS, type ExplicitMapping } from './import-header.util.js';
import { IMPORT_COMMIT_BATCH_ROWS, IMPORT_COMMIT_CONCURRENCY, IMPORT_MAX_ROWS, IMPORT_PROGRESS_ERRORS } from './import-limits.js';
import type { Deadline } from './deadline-phrase.util.js';
import { identityKey, planRow, type PlanDirectory, type RowOutcome, type RowPlan } from './import-plan.util.js';
import { ImportRepository, type ImportRecord, type ImportRowRecord, type RowResult } from './import.repository.js';
import { categoryOf, sourceOf } from './ledger-labels.js';
import { readSheet, sheetFormatOf, type SheetRow } from './sheet-reader.js';

export interface ImportUpload {
  buffer: Buffer;
  fileName: string;
  fields: Record<string, string>;
}

const ROLE_NAMES: Record<string, string> = { admin: '管理员', supervisor: '监督员', inspector: '督察员', bureau: '责任单位用户' };

async function mapBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * 台账 import: a dry run reads the file and stores a plan (one outcome a row); a commit applies
 * exactly that plan through the engine, row by row, each row its own transaction (create, then
 * ASSIGN), so a failing row never stops the others. Rules: docs/ledger.md.
 */
@Injectable()
export class ImportService {
  private readonly logger = new Logger('LedgerImport');
  /** Commits running in this process (a browser polls their progress). */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    @Inject(ImportRepository) private readonly imports: ImportRepository,
    @Inject(CaseWorkflowService) private readonly workflow: CaseWorkflowService,
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(PolicyService) private readonly policies: PolicyService,
    @Inject(CalendarService) private readonly calendars: CalendarService,
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
    @Inject(JurisdictionService) private readonly jurisdiction: JurisdictionService,
    @Inject(IdentityRepository) private readonly identity: IdentityRepository,
  ) {}

  async dryRun(user: AuthUser, upload: ImportUpload): Promise<ImportDryRunView> {
    requireRole(user, [Role.Inspector, Role.Supervisor, Role.Admin], 'import ledgers');
    const format = sheetFormatOf(upload.buffer, upload.fileName);
    const { defaults, mapping, options } = parseFields(upload.fields);

    const head: SheetRow[] = [];
    const rows = readSheet(upload.buffer, format);
    let next = await rows.next();
    while (!next.done && head.length < HEADER_SEARCH_ROWS) {
      head.push(next.value);
      next = await rows.next();
    }
    const header = findHeader(head, mapping);
    if (!header) {
      throw DomainError.validation(`找不到表头：前 ${HEADER_SEARCH_ROWS} 行中没有“问题描述”（或“具体问题”“问题标题”）列；请检查表头，或用 mapping 指定列`);
    }
    const lastHeaderRow = header.headerRows.at(-1)!;
    const data: SheetRow[] = head.filter((r) => r.rowNumber > lastHeaderRow);
    for (; !next.done; next = await rows.next()) {
      data.push(next.value);
      if (data.length > IMPORT_MAX_ROWS) throw DomainError.validation(`文件超过 ${IMPORT_MAX_ROWS} 行数据：请拆分后分批导入`);
    }
    if (data.length === 0) throw DomainError.validation('表头下没有数据行');

    const directory = await this.directory(user, defaults, data, header);
    const seen = new Map<string, number>();
    const plans = data.map((row) => planRow(row.cells, row.rowNumber, header, directory, seen));
    await directory.settleDues(plans);
    const planned: Record<RowOutcome, number> = { create: 0, 'create+assign': 0, unchanged: 0, error: 0 };
    for (const p of plans) planned[p.outcome] += 1;
    const record: ImportRecord = {
      id: newId(),
      createdBy: user.id,
      createdByUsername: user.username,
      fileName: upload.fileName.slice(0, 255),
      fileFormat: format,
      fileHash: createHash('sha256').update(upload.buffer).digest('hex'),
      planHash: createHash('sha256').update(canonicalJson({ options, rows: plans.map(({ rowNumber, outcome, create, assign, caseId }) => ({ rowNumber, outcome, create, assign, caseId })) })).digest('hex'),
      options,
      status: 'planned',
      total: plans.length,
      planned,
      createdAt: this.clock.now().toISOString(),
      committedAt: null,
      finishedAt: null,
    };
    await this.imports.insert(record, plans);
    return {
      ...(await this.view(record)),
      headerRows: header.headerRows,
      columns: header.columns,
      rows: plans.map((plan) => rowView({ plan, result: null, caseId: null, message: null })),
    };
  }

  async get(user: AuthUser, id: string): Promise<ImportView> {
    return this.view(await this.visible(user, id));
  }

  async rows(user: AuthUser, id: string, query: ImportRowsQuery): Promise<ImportRowsPage> {
    const record = await this.visible(user, id);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 100;
    const rows = await this.imports.rows(id, (page - 1) * pageSize, pageSize);
    return { items: rows.map(rowView), page, pageSize, total: record.total };
  }

  /** Starts applying the stored plan (202); poll GET /imports/:id for progress. */
  async commit(user: AuthUser, id: string, dto: CommitImportDto): Promise<ImportView> {
    const record = await this.visible(user, id);
    if (record.createdBy !== user.id) throw DomainError.forbidden('只有导入人本人可以提交这次导入');
    if (record.status !== 'planned') throw new DomainError(ErrorCode.Conflict, '该导入已提交，不能再次提交：如需补充，请重新上传文件做一次试导入');
    if (dto.planHash !== record.planHash) {
      throw new DomainError(ErrorCode.Conflict, 'planHash 与该次试导入的计划不一致：文件或计划已改变，请重新试导入并核对后再提交');
    }
    if (!(await this.imports.startCommit(id, record.planHash, this.clock.now().toISOString()))) {
      throw new DomainError(ErrorCode.Conflict, '该导入已提交，不能再次提交');
    }
    const job = this.apply(user, id).catch((error: unknown) => this.logger.error(`import ${id} stopped: ${(error as Error).stack ?? String(error)}`));
    this.running.set(id, job);
    void job.finally(() => this.running.delete(id));
    return this.view((await this.imports.find(id))!);
  }

  /** Resolves when the commit of `id` running in this process has finished (tests, benchmarks). */
  async settled(id: string): Promise<void> {
    await this.running.get(id);
  }

  private async apply(user: AuthUser, id: string): Promise<void> {
    const caller = await this.workflow.callerContext(user);
    let after = 0;
    let done = 0;
    for (;;) {
      const batch = await this.imports.pendingRows(id, after, IMPORT_COMMIT_BATCH_ROWS);
      if (batch.length === 0) break;
      after = batch.at(-1)!.rowNumber;
      await mapBounded(batch, IMPORT_COMMIT_CONCURRENCY, async (plan) => {
        await this.applyRow(user, caller, id, plan);
        done += 1;
      });
    }
    await this.imports.finish(id, this.clock.now().toISOString(), await this.imports.resultCounts(id), done);
  }

  private async applyRow(
    user: AuthUser,
    caller: Awaited<ReturnType<CaseWorkflowService['callerContext']>>,
    importId: string,
    plan: RowPlan,
  ): Promise<void> {
    try {
      await this.db.write(async (tx) => {
        if (plan.outcome === 'unchanged' || !plan.create) {
          await this.imports.setResult(tx, importId, plan.rowNumber, 'unchanged', plan.caseId ?? null, null);
          return;
        }
        const existing = await tx.one<{ id: string }>('SELECT id FROM cases WHERE source = ? AND external_ref = ?', [plan.create.source, plan.create.externalRef]);
        if (existing) {
          // Logged meanwhile (another import, or by hand): the identity says it is the same problem.
          await this.imports.setResult(tx, importId, plan.rowNumber, 'unchanged', String(existing.id), '提交时已存在同一来源和编号的问题');
          return;
        }
        const { batch, ...create } = plan.create;
        // each row under its own region's policy and calendar (the engine reads them for the row's region)
        const record = await this.workflow.createInTransaction(tx, user, { ...create, ...(batch ? { batch } : {}) } as never);
        if (!plan.assign) {
          await this.imports.setResult(tx, importId, plan.rowNumber, 'created', record.id, null);
          return;
        }
        const { deadline, leadUnitId, coUnitIds, responsiblePerson, leader } = plan.assign;
        const due =
          deadline.kind === 'date'
            ? { rectificationDueAt: (await this.calendars.forRegion(record.regionCode, tx)).endOfDay(deadline.date).toISOString() }
            : deadline.kind === 'workingDays'
              ? { rectificationWorkingDays: deadline.days }
              : {};
        await this.workflow.applyAsUser(
          tx,
          record.id,
          caller,
          { type: 'ASSIGN', leadUnitId, coUnitIds, ...(responsiblePerson ? { responsiblePerson } : {}), ...(leader ? { leader } : {}), ...due },
        );
        await this.imports.setResult(tx, importId, plan.rowNumber, 'assigned', record.id, null);
      });
    } catch (error) {
      const message = error instanceof DomainError ? error.message : '这一行暂时无法写入，请稍后重新导入该文件（已导入的行不会重复）';
      if (!(error instanceof DomainError)) this.logger.error(`import ${importId} row ${plan.rowNumber}: ${(error as Error).stack ?? String(error)}`);
      await this.imports.setResultAlone(importId, plan.rowNumber, 'failed', null, message);
    }
  }

  /** The importer's own imports, and those of importers in an admin's jurisdiction; everyone else 404. */
  private async visible(user: AuthUser, id: string): Promise<ImportRecord> {
    const record = isUuid(id) ? await this.imports.find(id) : undefined;
    if (!record) throw DomainError.notFound('Import');
    if (record.createdBy === user.id) return record;
    if (user.role === Role.Admin) {
      const importer = await this.identity.userById(record.createdBy);
      if (importer && (await this.jurisdiction.coversRegion(user, importer.regionCode))) return record;
    }
    throw DomainError.notFound('Import');
  }

  private async view(record: ImportRecord): Promise<ImportView> {
    const [results, problems, actors] = await Promise.all([
      this.imports.resultCounts(record.id),
      this.imports.problemRows(record.id, IMPORT_PROGRESS_ERRORS),
      this.identity.actorsByIds([record.createdBy]),
    ]);
    return {
      id: record.id,
      status: record.status,
      fileName: record.fileName,
      fileFormat: record.fileFormat,
      fileHash: record.fileHash,
      planHash: record.planHash,
      // the importer as the history shows actors; the username stored with the import if the user is gone
      createdBy: actors.get(record.createdBy) ?? unknownActor(record.createdBy, record.createdByUsername),
      createdAt: record.createdAt,
      committedAt: record.committedAt,
      finishedAt: record.finishedAt,
      total: record.total,
      planned: record.planned as ImportView['planned'],
      done: results.created + results.assigned + results.unchanged + results.failed,
      toApply: record.total - record.planned.error,
      results,
      errors: problems.map(rowView),
    };
  }

  /** Regions, units and already-logged cases the plan checks rows against. */
  private async directory(
    user: AuthUser,
    defaults: PlanDirectory['defaults'],
    data: SheetRow[],
    header: ReturnType<typeof findHeader> & object,
  ): Promise<PlanDirectory & { settleDues(plans: RowPlan[]): Promise<void> }> {
    const visibility = await this.jurisdiction.visibility(user);
    const jurisdiction = visibility.kind === 'regions' ? new Set(visibility.regionCodes) : null;
    const [regions, units, calendar] = await Promise.all([this.regions.all(), this.identity.units(null), this.calendars.get()]);
    const now = this.clock.now();
    // Identities the rows may have, to look up in one pass (a cheap over-approximation of planRow's).
    const keys: Array<{ source: string; externalRef: string }> = [];
    const refIndex = header.indexOf.get('externalRef');
    const seqIndex = header.indexOf.get('seq');
    const batchIndex = header.indexOf.get('batch');
    for (const row of data) {
      const ref = refIndex !== undefined ? row.cells[refIndex] : null;
      const batch = (batchIndex !== undefined ? row.cells[batchIndex] : null) ?? defaults.batch ?? null;
      const seq = seqIndex !== undefined ? row.cells[seqIndex] : null;
      const externalRef = ref !== null && ref !== undefined ? String(ref) : batch !== null && seq !== null && seq !== undefined ? `${String(batch)}-${String(seq).normalize('NFKC').replace(/\.0+$/, '')}` : null;
      if (externalRef) keys.push({ source: '', externalRef });
    }
    const existing = new Map<string, string | null>();
    for (const c of await this.imports.existingCases(keys)) {
      existing.set(identityKey(c.source, c.externalRef), jurisdiction === null || jurisdiction.has(c.regionCode) ? c.id : null);
    }
    const canAssign = (permissionOf('ASSIGN').roles as readonly Role[]).includes(user.role);
    // Each row's due under its own region's policy and calendar, as the engine will count it on
    // commit: planRow asks synchronously, so the rules of the regions the rows name are loaded
    // after planning (settleDues) and the dues filled in then.
    const rules = new Map<string, { policy: Policy; calendar: WorkingCalendar }>();
    const dueOf = (deadline: Exclude<Deadline, { kind: 'error' }>, rule: { policy: Policy; calendar: WorkingCalendar }) => {
      const due =
        deadline.kind === 'date'
          ? rule.calendar.endOfDay(deadline.date)
          : rule.calendar.endOfWorkingDaysAfter(now, deadline.kind === 'workingDays' ? deadline.days : rule.policy.deadlines.rectificationWorkingDays);
      return rule.calendar.localDateOf(due);
    };
    return {
      today: calendar.localDateOf(now),
      dueIfAssignedToday: (deadline, regionCode) => {
        const rule = rules.get(regionCode);
        return rule ? dueOf(deadline, rule) : ''; // filled in by settleDues
      },
      settleDues: async (plans: RowPlan[]) => {
        const codes = [...new Set(plans.flatMap((p) => (p.assign && p.create ? [p.create.regionCode] : [])))];
        for (const code of codes) {
          if (!rules.has(code)) rules.set(code, { policy: await this.policies.policyFor(code), calendar: await this.calendars.forRegion(code) });
        }
        for (const p of plans) if (p.assign && p.create) p.display.due = dueOf(p.assign.deadline, rules.get(p.create.regionCode)!);
      },
      regions: new Map(regions.map((r) => [r.code, r])),
      jurisdiction,
      units,
      canAssign,
      roleName: ROLE_NAMES[user.role] ?? user.role,
      defaults,
      existing,
    };
  }
}

function parseFields(fields: Record<string, string>): { defaults: PlanDirectory['defaults']; mapping: ExplicitMapping; options: Record<string, unknown> } {
  const known = new Set(['source', 'batch', 'category', 'mapping']);
  for (const name of Object.keys(fields)) if (!known.has(name)) throw DomainError.validation(`Unknown field ${name}: allowed are file, source, batch, category, mapping`);
  const defaults: PlanDirectory['defaults'] = {};
  if (fields.source) {
    const source = sourceOf(fields.source.trim());
    if (!source) throw DomainError.validation(`source “${fields.source}” is not a known 问题来源`);
    defaults.source = source as Source;
  }
  if (fields.batch) {
    const batch = fields.batch.trim();
    if (batch.length === 0 || batch.length > 200) throw DomainError.validation('batch must be 1–200 characters');
    defaults.batch = batch;
  }
  if (fields.category) {
    const category = categoryOf(fields.category.trim());
    if (!category) throw DomainError.validation(`category must be one of ${CATEGORIES.join(', ')}`);
    defaults.category = category as Category;
  }
  const mapping = new Map<string, ImportField | 'ignore'>();
  if (fields.mapping) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fields.mapping);
    } catch {
      throw DomainError.validation('mapping must be a JSON object: {"header or column letter": "field"}');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw DomainError.validation('mapping must be a JSON object: {"header or column letter": "field"}');
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof value !== 'string' || (value !== 'ignore' && !(IMPORT_FIELDS as readonly string[]).includes(value))) {
        throw DomainError.validation(`mapping: “${key}” → ${JSON.stringify(value)} is not one of ${IMPORT_FIELDS.join(', ')}, ignore`);
      }
      mapping.set(/^[A-Z]{1,3}$/.test(key) ? key : normaliseHeader(key), value as ImportField | 'ignore');
    }
  }
  return { defaults, mapping, options: { ...defaults, mapping: Object.fromEntries(mapping) } };
}

function rowView(row: ImportRowRecord): ImportRowView {
  const { plan } = row;
  return {
    rowNumber: plan.rowNumber,
    outcome: plan.outcome,
    errors: plan.errors,
    notes: plan.notes,
    source: plan.source,
    externalRef: plan.externalRef,
    create: plan.create,
    assign: plan.assign as Record<string, unknown> | undefined,
    display: plan.display,
    result: row.result,
    caseId: row.caseId ?? plan.caseId ?? null,
    message: row.message,
  };
}

export type { RowResult };
