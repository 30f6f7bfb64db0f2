import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ActorRef, ApiInstant, ApiInt, PageOf, WholeListPageQuery } from '@rectify/core';
import { CASE_EVENT_TYPES } from '@rectify/workflows';
import { CaseView } from '../case-view.js';
import { CaseAnchorView, EvidenceFilesCheckView } from './history-anchor.dto.js';

/** `GET /cases`: one page of the caller's visible cases. */
export class CasePage {
  @ApiProperty({ type: [CaseView] }) items: CaseView[];

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'rows matching the filter, over all pages; counted up to 10,000: past that it reads 10000 and `totalIsEstimate` is true (show "10,000+")',
  })
  total: number;

  @ApiProperty({ description: 'true when more rows match than `total` says (the count stopped at 10,000)' })
  totalIsEstimate: boolean;

  @ApiProperty({ type: 'integer', minimum: 1, nullable: true, example: 1, description: 'the page number; null when the page was reached by `cursor`' })
  page: number | null;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100, example: 20 })
  pageSize: number;

  @ApiProperty({ type: String, nullable: true, description: 'pass as `cursor` for the rows after this page; null on the last page' })
  nextCursor: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'pass as `cursor` for the rows before this page; null on the first page' })
  prevCursor: string | null;
}

/** One row of a case's append-only, hash-chained history. */
export class CaseHistoryEntry {
  @ApiInt({ minimum: 1, description: 'from 1 (CREATED); equals the case version after it' }) seq: number;
  @ApiProperty({ example: 'ASSIGN', description: `CREATED, an event (${CASE_EVENT_TYPES.join(', ')}) or a record another module appends` }) type: string;
  @ApiProperty({ example: '交办' }) typeLabel: string;
  @ApiProperty({ type: ActorRef }) actor: ActorRef;
  @ApiInstant() at: string;
  @ApiProperty({ type: String, nullable: true, description: 'the stateDetail before; null for CREATED' }) from: string | null;
  @ApiProperty({ description: 'the stateDetail after' }) to: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the event body as accepted (resolved dues, unit ids …)' })
  payload: Record<string, unknown>;
  @ApiProperty({ description: 'hex SHA-256 of the previous row (64 zeros for seq 1)' }) prevHash: string;
  @ApiProperty({ description: 'hex SHA-256 over prevHash and this row' }) hash: string;
}

/** `GET /cases/:id/history`: the history in seq order, paged (default: the whole history on one page). */
export const CaseHistoryPage = PageOf(CaseHistoryEntry, 'CaseHistoryPage');
export type CaseHistoryPage = InstanceType<typeof CaseHistoryPage>;

/** `GET /cases/:id/history?page=&pageSize=`. */
export class CaseHistoryQuery extends WholeListPageQuery {}

/** `GET /cases/:id/history/verify`: `valid` when the chain, the evidence files, the head signature and the latest checkpoint all hold. */
export class ChainVerificationView {
  @ApiProperty() valid: boolean;
  @ApiInt({ minimum: 0, description: 'rows in the history' }) length: number;
  @ApiPropertyOptional({ type: 'integer', description: 'the first seq that does not hold, when invalid' }) brokenAt?: number;
  @ApiPropertyOptional({ type: EvidenceFilesCheckView, description: 'evidence files recorded in the chain, checked byte for byte (when the case has any)' })
  files?: EvidenceFilesCheckView;
  @ApiProperty({ description: 'the unkeyed hash chain alone holds (`valid` also needs the head signature and the checkpoints)' }) chainIntact: boolean;
  @ApiProperty({ type: CaseAnchorView, description: 'the head signature and the checkpoints (docs/security.md, "History anchoring")' }) anchor: CaseAnchorView;
}
