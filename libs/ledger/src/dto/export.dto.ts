import { OmitType } from '@nestjs/swagger';
import { ListCasesQuery } from '@rectify/cases';

/** The case list's filters (state, source, category, regionCode, batch, overdue, q), without paging. */
export class ExportCasesQuery extends OmitType(ListCasesQuery, ['page', 'pageSize', 'sort'] as const) {}
