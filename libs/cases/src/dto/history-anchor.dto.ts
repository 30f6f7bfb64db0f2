import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiInstant, ApiInt } from '@rectify/core';

/** A checkpoint of the history file, by its number and time. */
export class CheckpointRefView {
  @ApiInt({ minimum: 1, description: 'the checkpoint number (its line in the checkpoint file, counting from 1)' }) seq: number;
  @ApiInstant() at: string;
}

export class CaseCheckpointView extends CheckpointRefView {
  @ApiInt({ minimum: 1, description: 'the case version (= history seq) the checkpoint recorded' }) version: number;
  @ApiProperty({ description: 'the chain as it is now still has, at that seq, the hash the checkpoint recorded' }) matches: boolean;
}

export class DivergenceView {
  @ApiProperty({ type: CheckpointRefView, nullable: true, description: 'the last checkpoint that still matches the chain; null: none does' })
  lastMatching: CheckpointRefView | null;
  @ApiProperty({ type: CheckpointRefView, description: 'the first checkpoint that no longer matches: the chain was rewritten after it was taken' })
  firstMismatch: CheckpointRefView;
}

export class CheckpointFileStateView {
  @ApiInt({ minimum: 0, description: 'checkpoints whose line verifies' }) checkpoints: number;
  @ApiProperty({ description: 'every line verifies and links to the one before' }) intact: boolean;
  @ApiInt({ minimum: 0, description: 'lines that do not hold' }) problems: number;
}

export class CaseAnchorView {
  @ApiProperty({ enum: ['valid', 'invalid', 'missing'], description: 'the signature of the chain head with HISTORY_ANCHOR_KEY' }) headSignature: 'valid' | 'invalid' | 'missing';
  @ApiProperty({ type: CaseCheckpointView, nullable: true, description: 'the latest checkpoint that includes the case; null: the case is newer than every checkpoint' })
  checkpoint: CaseCheckpointView | null;
  @ApiProperty({ type: DivergenceView, nullable: true, description: 'when the chain no longer matches the latest checkpoint: since which checkpoint' })
  divergedSince: DivergenceView | null;
  @ApiProperty({ type: CheckpointFileStateView }) checkpointFile: CheckpointFileStateView;
}

export class EvidenceFileProblemView {
  @ApiInt({ minimum: 1, description: 'the history row that recorded the file' }) seq: number;
  @ApiProperty() attachmentId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'hex SHA-256 the history recorded' }) sha256: string;
  @ApiProperty({ enum: ['missing', 'altered'] }) problem: 'missing' | 'altered';
}

export class EvidenceFilesCheckView {
  @ApiInt({ minimum: 0 }) checked: number;
  @ApiProperty({ type: [EvidenceFileProblemView] }) problems: EvidenceFileProblemView[];
}

/** `POST /admin/history/checkpoints`. */
export class CheckpointSummaryView extends CheckpointRefView {
  @ApiInt({ minimum: 0, description: 'case heads in the tree' }) count: number;
  @ApiProperty({ description: 'hex Merkle root over every head, sorted by case id' }) root: string;
  @ApiInt({ minimum: 0, description: 'heads that changed since the previous checkpoint' }) changed: number;
  @ApiInt({ minimum: 0, description: 'heads left out: signature does not hold, or behind what a checkpoint recorded' }) skipped: number;
}

export class LatestCheckpointView extends CheckpointRefView {
  @ApiInt({ minimum: 0 }) count: number;
  @ApiProperty() root: string;
}

export class CheckpointFileProblemView {
  @ApiInt({ minimum: 1, description: 'line of the checkpoint file' }) line: number;
  @ApiPropertyOptional({ type: 'integer' }) seq?: number;
  @ApiProperty({ enum: ['unreadable', 'key', 'signature', 'sequence', 'link', 'root', 'incomplete'] }) problem: string;
  @ApiProperty() message: string;
}

export class CheckpointFileReportView {
  @ApiInt({ minimum: 0 }) checkpoints: number;
  @ApiProperty() intact: boolean;
  @ApiProperty({ type: [CheckpointFileProblemView], description: 'at most 100' }) problems: CheckpointFileProblemView[];
}

export class GlobalVerificationProblemView {
  @ApiProperty() caseId: string;
  @ApiProperty({ type: String, nullable: true, description: 'null when the case is no longer in the database' }) code: string | null;
  @ApiProperty({ enum: ['signature', 'diverged', 'missing'] }) problem: 'signature' | 'diverged' | 'missing';
  @ApiPropertyOptional({ type: CheckpointRefView, nullable: true }) lastMatching?: CheckpointRefView | null;
  @ApiPropertyOptional({ type: CheckpointRefView }) firstMismatch?: CheckpointRefView;
}

/** `GET /admin/history/verify`. */
export class GlobalVerificationView {
  @ApiProperty({ description: 'every head signed, none diverged from the checkpoints, none missing, the checkpoint file intact' }) valid: boolean;
  @ApiInt({ minimum: 0 }) cases: number;
  @ApiInt({ minimum: 0 }) signatureProblems: number;
  @ApiInt({ minimum: 0 }) divergedCases: number;
  @ApiInt({ minimum: 0, description: 'cases a checkpoint recorded that the database no longer holds' }) missingCases: number;
  @ApiInt({ minimum: 0, description: 'cases newer than the latest checkpoint' }) notYetCheckpointed: number;
  @ApiProperty({ type: LatestCheckpointView, nullable: true }) latestCheckpoint: LatestCheckpointView | null;
  @ApiProperty({ type: CheckpointFileReportView }) checkpointFile: CheckpointFileReportView;
  @ApiProperty({ type: [GlobalVerificationProblemView], description: 'at most 100; the counts cover all' }) problems: GlobalVerificationProblemView[];
}
