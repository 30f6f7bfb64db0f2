import { Controller, Get, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiOp } from '@rectify/core';
import { CheckpointSummaryView, GlobalVerificationView, HistoryAnchorService } from '@rectify/cases';
import { CurrentUser, type AuthUser } from '@rectify/identity';

/** Anchoring the history chain (docs/security.md, "History anchoring"). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/history')
export class HistoryAnchorController {
  constructor(@Inject(HistoryAnchorService) private readonly anchor: HistoryAnchorService) {}

  @Post('checkpoints')
  @ApiOp({
    summary: 'Write a history checkpoint now',
    description:
      'National admins only. Appends one checkpoint to HISTORY_CHECKPOINT_FILE: the Merkle root over every case’s signed chain head (sorted by case id), the heads that changed since the previous checkpoint, count and time, signed with HISTORY_ANCHOR_KEY; fsynced before the answer. 409 while another instance holds the checkpoint lease; 507 when the file cannot be written for lack of space.',
    ok: CheckpointSummaryView,
    errors: [403, 409, 413, 507],
  })
  checkpoint(@CurrentUser() user: AuthUser): Promise<CheckpointSummaryView> {
    return this.anchor.checkpointFor(user);
  }

  @Get('verify')
  @ApiOp({
    summary: 'Verify every case’s chain head against its signature and the checkpoints',
    description:
      'National admins only. Checks each head’s HMAC, that each head still has the hash the latest checkpoint recorded for it (naming, for a case that diverged, the last checkpoint that still matches), that no checkpointed case is gone, and every line of the checkpoint file. The chains themselves are walked by GET /cases/{id}/history/verify.',
    ok: GlobalVerificationView,
    errors: [403],
  })
  verify(@CurrentUser() user: AuthUser): Promise<GlobalVerificationView> {
    return this.anchor.verifyAllFor(user);
  }
}
