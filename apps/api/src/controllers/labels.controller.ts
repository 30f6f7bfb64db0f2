import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiOp } from '@rectify/core';
import { LABEL_TABLES } from '@rectify/workflows';

const TABLE = { type: 'object', additionalProperties: { type: 'string' } } as const;

/** Every label table (identifier → Chinese), as docs/api.md "Labels" describes. */
export class LabelsView {
  @ApiProperty({ ...TABLE, example: { reported: '待交办', 'rectifying.awaitingVerification': '待验收' }, description: 'states and stateDetails' })
  states: Record<string, string>;
  @ApiProperty({ ...TABLE, example: { central_inspection: '中央生态环境保护督察' } }) sources: Record<string, string>;
  @ApiProperty({ ...TABLE, example: { water: '水' } }) categories: Record<string, string>;
  @ApiProperty({ ...TABLE, example: { major: '较重' } }) severities: Record<string, string>;
  @ApiProperty({ ...TABLE, example: { rectification: '整改时限' } }) clocks: Record<string, string>;
  @ApiProperty({ ...TABLE, example: { unit: '责任单位' }, description: 'whose clock it is (clock.owner)' }) clockOwners: Record<string, string>;
  @ApiProperty({ ...TABLE, example: { overdue: '超期' } }) clockStatuses: Record<string, string>;
  @ApiProperty({ ...TABLE, example: { 0: '预警', 3: '挂牌督办' }, description: 'escalation levels, keyed by level' }) escalationLevels: Record<string, string>;
  @ApiProperty({ ...TABLE, example: { ASSIGN: '交办' } }) events: Record<string, string>;
  @ApiProperty({ ...TABLE, example: { bureau: '责任单位' } }) roles: Record<string, string>;
  @ApiProperty({ ...TABLE, example: { photo: '照片' } }) evidenceKinds: Record<string, string>;
  @ApiProperty({ ...TABLE, example: { duplicate: '重复交办' } }) returnReasons: Record<string, string>;
  @ApiProperty({ ...TABLE, example: { open: '待处理' } }) escalationStatuses: Record<string, string>;
  @ApiProperty({ ...TABLE, example: { passed: '未反弹' } }) revisitStatuses: Record<string, string>;
  @ApiProperty({ ...TABLE, example: { campaign: '双随机抽查' } }) revisitOrigins: Record<string, string>;
}

@ApiTags('labels')
@ApiBearerAuth()
@Controller('labels')
export class LabelsController {
  @Get()
  @ApiOp({
    summary: 'Chinese labels of every identifier',
    description:
      'States, sources, categories, severities, clocks, clock statuses, escalation levels, events, roles, evidence kinds, return reasons and revisit/escalation statuses: identifier → Chinese, for UIs and exports.',
    ok: LabelsView,
  })
  labels(): LabelsView {
    return LABEL_TABLES;
  }
}
