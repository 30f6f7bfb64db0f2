import { Module } from '@nestjs/common';
import { CalendarModule } from '@rectify/calendar';
import { CasesModule } from '@rectify/cases';
import { IdentityModule } from '@rectify/identity';
import { AssignmentRuleRepository } from './assignment-rule.repository.js';
import { AssignmentRulesService } from './assignment-rules.service.js';
import { BulkAssignmentService } from './bulk-assignment.service.js';
import { CaseReturnRepository } from './case-return.repository.js';
import { CaseReturnService } from './case-return.service.js';
import { ScorecardRepository } from './scorecard.repository.js';
import { ScorecardService } from './scorecard.service.js';

/** 交办: routing rules (and the engine's ASSIGN defaults), bulk assignment, returns, unit scorecards. */
@Module({
  imports: [CasesModule, IdentityModule, CalendarModule],
  providers: [
    AssignmentRuleRepository,
    AssignmentRulesService,
    BulkAssignmentService,
    CaseReturnRepository,
    CaseReturnService,
    ScorecardRepository,
    ScorecardService,
  ],
  exports: [AssignmentRulesService, BulkAssignmentService, CaseReturnService, ScorecardService],
})
export class AssignmentModule {}
