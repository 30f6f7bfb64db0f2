import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { ActorRef, IntRange } from '@rectify/core';
import { CATEGORIES, SOURCES } from '@rectify/workflows';
import { IMPORT_FIELDS } from '../import-columns.js';

export class CommitImportDto {
  @ApiProperty({ description: 'the planHash of the dry run you reviewed: the commit is refused (409) if the plan is not that one' })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'planHash must be the 64-character planHash of the dry run' })
  planHash: string;
}

export class ImportRowsQuery {
  @IntRange(1, 1_000_000, { optional: true })
  page?: number;

  @IntRange(1, 1000, { optional: true })
  pageSize?: number;
}

/** The multipart fields (or query parameters) an upload may carry beside the file. */
export class ImportUploadFields {
  @ApiPropertyOptional({ enum: SOURCES, description: '问题来源 for rows whose file has no such column (a label such as 省级督察 also works)' })
  source?: string;
  @ApiPropertyOptional({ description: '督察批次 for rows whose file has no such column; with 序号 it makes the external reference' })
  batch?: string;
  @ApiPropertyOptional({ enum: CATEGORIES, description: '问题类别 for rows with none (default: other)' })
  category?: string;
  @ApiPropertyOptional({
    description: `JSON object: header text or column letter → field (${IMPORT_FIELDS.join(', ')}) or "ignore", for columns the importer does not know`,
    example: '{"反馈意见": "description", "F": "leadUnit"}',
  })
  mapping?: string;
}

export class ImportUploadBody extends ImportUploadFields {
  @ApiProperty({ type: 'string', format: 'binary', description: '.xlsx or .csv, at most 10 MB and 20,000 data rows' })
  file: unknown;
}

export class RowIssueView {
  @ApiPropertyOptional({ nullable: true, type: String, example: 'F' }) column: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '责任单位' }) header: string | null;
  @ApiProperty({ example: '责任单位“九江市生态环境局 ”不存在' }) message: string;
}

export class ImportRowView {
  @ApiProperty({ description: 'the row number in the spreadsheet (blank rows are counted)' }) rowNumber: number;
  @ApiProperty({ enum: ['create', 'create+assign', 'unchanged', 'error'] }) outcome: string;
  @ApiProperty({ type: [RowIssueView] }) errors: RowIssueView[];
  @ApiProperty({ type: [String], description: 'how cells were read: 整改时限 phrases, derived titles and references' }) notes: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) source: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) externalRef: string | null;
  @ApiPropertyOptional({ type: Object, description: 'title, description, source, category, severity, regionCode, batch, externalRef' }) create?: Record<string, unknown>;
  @ApiPropertyOptional({ type: Object, description: 'leadUnitId, coUnitIds, responsiblePerson, leader, deadline' }) assign?: Record<string, unknown>;
  @ApiProperty({ type: Object, description: 'region, leadUnit, coUnits as matched; due: the Shanghai date of the due if committed today' }) display: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, type: String, enum: ['created', 'assigned', 'unchanged', 'failed'], description: 'after commit' }) result: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) caseId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'why a row failed on commit' }) message: string | null;
}

export class ImportColumnView {
  @ApiProperty({ example: 'C' }) column: string;
  @ApiProperty({ example: '具体问题' }) header: string;
  @ApiPropertyOptional({ nullable: true, type: String, enum: IMPORT_FIELDS, description: 'null: the column is not imported' }) field: string | null;
}

export class ImportPlannedCounts {
  @ApiProperty() create: number;
  @ApiProperty({ name: 'create+assign' }) 'create+assign': number;
  @ApiProperty() unchanged: number;
  @ApiProperty() error: number;
}

export class ImportResultCounts {
  @ApiProperty() created: number;
  @ApiProperty() assigned: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() failed: number;
}

export class ImportView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['planned', 'committing', 'committed'] }) status: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: ['xlsx', 'csv'] }) fileFormat: string;
  @ApiProperty({ description: 'SHA-256 of the uploaded file' }) fileHash: string;
  @ApiProperty({ description: 'SHA-256 of the plan: send it back to commit' }) planHash: string;
  @ApiProperty({ type: ActorRef, description: 'who uploaded the file (the actor shape of the history)' }) createdBy: ActorRef;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) committedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) finishedAt: string | null;
  @ApiProperty({ description: 'data rows in the file' }) total: number;
  @ApiProperty({ type: ImportPlannedCounts }) planned: ImportPlannedCounts;
  @ApiProperty({ description: 'rows applied so far (of toApply)' }) done: number;
  @ApiProperty({ description: 'rows the commit applies (all but errors)' }) toApply: number;
  @ApiProperty({ type: ImportResultCounts }) results: ImportResultCounts;
  @ApiProperty({ type: [ImportRowView], description: 'rows planned as errors or failed on commit (the first 200)' }) errors: ImportRowView[];
}

export class ImportDryRunView extends ImportView {
  @ApiProperty({ type: [Number], description: 'the sheet rows read as the header' }) headerRows: number[];
  @ApiProperty({ type: [ImportColumnView] }) columns: ImportColumnView[];
  @ApiProperty({ type: [ImportRowView] }) rows: ImportRowView[];
}

export class ImportRowsPage {
  @ApiProperty({ type: [ImportRowView] }) items: ImportRowView[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}
