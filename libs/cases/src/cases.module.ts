import { Module } from '@nestjs/common';
import { CalendarModule } from '@rectify/calendar';
import { IdentityModule } from '@rectify/identity';
import { CaseHooks } from './case-hooks.js';
import { CaseQueryService } from './case-query.service.js';
import { CaseRepository } from './case.repository.js';
import { CaseWorkflowService } from './case-workflow.service.js';

@Module({
  imports: [IdentityModule, CalendarModule],
  providers: [CaseRepository, CaseWorkflowService, CaseQueryService, CaseHooks],
  exports: [CaseWorkflowService, CaseQueryService, CaseHooks, CaseRepository],
})
export class CasesModule {}
