import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CalendarModule } from '@rectify/calendar';
import { CaseHooks, CasesModule } from '@rectify/cases';
import { DeadlinesModule, SweepRegistry } from '@rectify/deadlines';
import { IdentityModule } from '@rectify/identity';
import { RevisitCampaignService } from './revisit-campaign.service.js';
import { RevisitQueryService } from './revisit-query.service.js';
import { RevisitStartSweepTask } from './revisit-start.sweep-task.js';
import { RevisitTransitionHook } from './revisit-transition.hook.js';
import { RevisitRepository } from './revisit.repository.js';

/** 回头看: revisits scheduled on CLOSE, started by the sweep, drawn by campaigns, and their outcomes. */
@Module({
  imports: [CasesModule, DeadlinesModule, IdentityModule, CalendarModule],
  providers: [RevisitRepository, RevisitTransitionHook, RevisitStartSweepTask, RevisitQueryService, RevisitCampaignService],
  exports: [RevisitQueryService, RevisitCampaignService, RevisitStartSweepTask],
})
export class RevisitsModule implements OnModuleInit {
  constructor(
    @Inject(CaseHooks) private readonly hooks: CaseHooks,
    @Inject(SweepRegistry) private readonly sweeps: SweepRegistry,
    @Inject(RevisitTransitionHook) private readonly hook: RevisitTransitionHook,
    @Inject(RevisitStartSweepTask) private readonly sweepTask: RevisitStartSweepTask,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this.hook);
    this.sweeps.register(this.sweepTask);
  }
}
