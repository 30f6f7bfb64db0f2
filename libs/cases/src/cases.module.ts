import { Module } from '@nestjs/common';
import { CalendarModule } from '@rectify/calendar';
import { IdentityModule } from '@rectify/identity';
import { CaseHooks } from './case-hooks.js';
import { CaseQueryService } from './case-query.service.js';
import { CaseRepository } from './case.repository.js';
import { CaseWorkflowService } from './case-workflow.service.js';
import { DueRecountService } from './due-recount.service.js';
import { HistoryAnchorService } from './history-anchor.service.js';
import { HistoryCheckpointScheduler } from './history-checkpoint.scheduler.js';
import { HistoryHeadSigner } from './history-head-signer.js';
import { ProvisionalDuesRepository } from './provisional-dues.repository.js';
import { CaseSuspensionRepository } from './case-suspension.repository.js';
import { CaseSuspensionService } from './case-suspension.service.js';

@Module({
  imports: [IdentityModule, CalendarModule],
  providers: [CaseRepository, CaseWorkflowService, CaseQueryService, CaseHooks, HistoryHeadSigner, HistoryAnchorService, HistoryCheckpointScheduler, ProvisionalDuesRepository, DueRecountService, CaseSuspensionRepository, CaseSuspensionService],
  exports: [CaseWorkflowService, CaseQueryService, CaseHooks, CaseRepository, HistoryAnchorService, DueRecountService, ProvisionalDuesRepository, CaseSuspensionService],
})
export class CasesModule {}
