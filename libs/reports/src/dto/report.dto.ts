import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { IntRange, RegionCode } from '@rectify/core';
import { GROUP_BYS, type GroupBy } from '../progress-report.util.js';

export class ProgressReportQuery {
  @ApiPropertyOptional({ description: 'a date (the end of that day, Asia/Shanghai) or an ISO instant; default now; never in the future', example: '2025-06-30' })
  @IsOptional()
  @IsString()
  asOf?: string;

  @RegionCode({ optional: true })
  regionCode?: string;

  @ApiPropertyOptional({ enum: GROUP_BYS, default: 'unit' })
  @IsOptional()
  @IsIn(GROUP_BYS)
  groupBy?: GroupBy;
}

export class AssessmentQuery {
  @IntRange(2000, 2100, { description: 'the 考核 year (Asia/Shanghai calendar year)' })
  year: number;

  @RegionCode({ optional: true })
  regionCode?: string;

  @IntRange(1, 50, { optional: true, description: 'units on each of the 红榜 and 黑榜 (default 3)' })
  top?: number;
}

export class ProgressGroupView {
  @ApiProperty({ description: 'unit id, region code, source code or batch; "" for none (未交办 / 无批次)' }) key: string;
  @ApiProperty({ example: '南昌市生态环境局' }) name: string;
  @ApiProperty() total: number;
  @ApiProperty({ type: Object, description: 'cases by state at asOf' }) byState: Record<string, number>;
  @ApiProperty({ description: 'closed or in 回头看' }) closed: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'closed / (total − withdrawn)' }) completionRate: number | null;
  @ApiProperty({ description: "rectification due in asOf's month, still assigned or in progress" }) dueThisMonth: number;
  @ApiProperty({ description: 'the clock running at asOf was past its due' }) overdue: number;
  @ApiProperty({ type: Object, description: "cases by the highest escalation open at asOf ('0' 预警 … '3' 挂牌督办)" }) escalatedByLevel: Record<string, number>;
  @ApiProperty() extended: number;
  @ApiProperty() returned: number;
  @ApiProperty() rebounds: number;
}

export class ProgressReportView {
  @ApiProperty() asOf: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ enum: GROUP_BYS }) groupBy: string;
  @ApiProperty({ type: [ProgressGroupView] }) groups: ProgressGroupView[];
  @ApiProperty({ type: ProgressGroupView }) total: ProgressGroupView;
}

export class AssessmentUnitView {
  @ApiProperty() unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ description: 'the scorecards\' composite score 0–100 (scoreUnit: smoothed rates, weights SCORE_WEIGHTS; docs/ledger.md)' }) score: number;
  @ApiProperty({ description: 'measured work the score rests on; ranked from 2' }) scoredCases: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '1 = best; null: too little measured work that year (listed last, on neither list)' }) rank: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) rectificationOnTimeRate: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) acceptanceOnTimeRate: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) returnRate: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) reboundRate: number | null;
  @ApiProperty() assigned: number;
  @ApiProperty() rectified: number;
  @ApiProperty() overdue: number;
}

export class AssessmentView {
  @ApiProperty() year: number;
  @ApiProperty() regionCode: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() asOf: string;
  @ApiProperty({ type: Object, description: 'the weights of the composite score (SCORE_WEIGHTS: rectificationOnTime, acceptanceOnTime, notOverdue, noRebound, noReturn)' }) weights: Record<string, number>;
  @ApiProperty({ type: [AssessmentUnitView] }) items: AssessmentUnitView[];
  @ApiProperty({ type: [AssessmentUnitView], description: '红榜: best first' }) redList: AssessmentUnitView[];
  @ApiProperty({ type: [AssessmentUnitView], description: '黑榜: worst first' }) blackList: AssessmentUnitView[];
}
