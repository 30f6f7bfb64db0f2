import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, Matches } from 'class-validator';
import { ActorRef, Id, IntRange, PageOf, RegionCode, UUID_PATTERN, WholeListPageQuery } from '@rectify/core';
import { UnitRef } from '@rectify/cases';
import { CATEGORIES, SOURCES, type Category, type Source } from '@rectify/workflows';

export class CreateAssignmentRuleDto {
  @RegionCode()
  regionCode: string;

  @ApiPropertyOptional({ enum: CATEGORIES, description: 'omitted = any category' })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: Category;

  @ApiPropertyOptional({ enum: SOURCES, description: 'omitted = any source' })
  @IsOptional()
  @IsIn(SOURCES)
  source?: Source;

  @Id({ description: 'the default lead unit (牵头单位); on the branch of regionCode' })
  leadUnitId: string;

  @ApiPropertyOptional({ type: [String], description: 'default co-units (配合单位)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(UUID_PATTERN, { each: true, message: 'each value in coUnitIds must be a UUID' })
  coUnitIds?: string[];

  @IntRange(1, 1000, { optional: true, description: 'rectification due in working days after 交办; omitted = the policy default' })
  rectificationWorkingDays?: number;
}

export class AssignmentRuleQuery extends WholeListPageQuery {
  @RegionCode({ optional: true })
  regionCode?: string;
}

export class AssignmentRuleView {
  @ApiProperty() id: string;
  @ApiProperty() regionCode: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null = any category' }) category: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null = any source' }) source: string | null;
  @ApiProperty() leadUnitId: string;
  @ApiProperty({ type: [String] }) coUnitIds: string[];
  @ApiProperty({ type: UnitRef }) leadUnit: UnitRef;
  @ApiProperty({ type: [UnitRef] }) coUnits: UnitRef[];
  @ApiPropertyOptional({ nullable: true, type: Number }) rectificationWorkingDays: number | null;
  @ApiProperty({ nullable: true, type: ActorRef, description: 'who made the rule (the actor shape of the history); null for seeded rules' }) createdBy: ActorRef | null;
  @ApiProperty() createdAt: string;
}

export const AssignmentRulePage = PageOf(AssignmentRuleView, 'AssignmentRulePage');
export type AssignmentRulePage = InstanceType<typeof AssignmentRulePage>;

export class AssignmentSuggestionView {
  @ApiProperty() caseId: string;
  @ApiPropertyOptional({ nullable: true, type: AssignmentRuleView, description: 'the most specific matching rule; null when none applies' })
  rule: AssignmentRuleView | null;
  @ApiPropertyOptional({ nullable: true, type: UnitRef }) leadUnit: UnitRef | null;
  @ApiProperty({ type: [UnitRef] }) coUnits: UnitRef[];
  @ApiPropertyOptional({ nullable: true, type: Number, description: "the rule's working days, or the policy default" })
  rectificationWorkingDays: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the due an ASSIGN sent now would set' })
  rectificationDueAt: string | null;
}
