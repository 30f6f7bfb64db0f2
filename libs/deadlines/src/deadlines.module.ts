import { Module } from '@nestjs/common';
import { CalendarModule } from '@rectify/calendar';
import { CasesModule } from '@rectify/cases';
import { IdentityModule } from '@rectify/identity';
import { EscalationHooks } from './escalation-hooks.js';
import { EscalationInboxService } from './escalation-inbox.service.js';
import { EscalationResolverHook } from './escalation-resolver.hook.js';
import { EscalationSweepTask } from './escalation-sweep.task.js';
import { EscalationRepository } from './escalation.repository.js';
import { SweepRegistry } from './sweep-registry.js';
import { SweepScheduler } from './sweep-scheduler.js';
import { SweepService } from './sweep.service.js';

/** Clocks' escalation ladder, the sweep that climbs it, and the inbox (SPEC §4). */
@Module({
  imports: [CasesModule, IdentityModule, CalendarModule],
  providers: [
    SweepRegistry,
    SweepService,
    SweepScheduler,
    EscalationRepository,
    EscalationSweepTask,
    EscalationResolverHook,
    EscalationInboxService,
    EscalationHooks,
  ],
  exports: [SweepRegistry, SweepService, EscalationInboxService, EscalationHooks, EscalationSweepTask],
})
export class DeadlinesModule {}
