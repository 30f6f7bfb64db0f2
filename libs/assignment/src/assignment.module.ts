import { Module } from '@nestjs/common';
import { CalendarModule } from '@rectify/calendar';
import { CasesModule } from '@rectify/cases';
import { IdentityModule } from '@rectify/identity';
import { AssignmentRuleRepository } from './assignment-rule.repository.js';
import { AssignmentRulesService } from './assignment-rules.service.js';
import { BulkAssignmentService } from './bulk-assignment.service.js';

/** 交办: routing rules (and the engine's ASSIGN defaults), bulk assignment. */
@Module({
  imports: [CasesModule, IdentityModule, CalendarModule],
  providers: [AssignmentRuleRepository, AssignmentRulesService, BulkAssignmentService],
  exports: [AssignmentRulesService, BulkAssignmentService],
})
export class AssignmentModule {}
