import { Module } from '@nestjs/common';
import { CalendarModule } from '@rectify/calendar';
import { IdentityModule } from '@rectify/identity';
import { CaseHooks } from './case-hooks.js';
import { CaseQueryService } from './case-query.service.js';
import { CaseRepository } from './case.repository.js';
import { CaseWorkflowService } from './case-workflow.service.js';
import { DueRecountService } from './due-recount.service.js';
import { ProvisionalDuesRepository } from './provisional-dues.repository.js';

@Module({
  imports: [IdentityModule, CalendarModule],
  providers: [CaseRepository, CaseWorkflowService, CaseQueryService, CaseHooks, ProvisionalDuesRepository, DueRecountService],
  exports: [CaseWorkflowService, CaseQueryService, CaseHooks, CaseRepository, DueRecountService, ProvisionalDuesRepository],
})
export class CasesModule {}
