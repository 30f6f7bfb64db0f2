import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { ApiOp } from '@rectify/core';
import {
  CASE_EVENT_TYPES,
  CASE_STATES,
  CASE_TRANSITIONS,
  caseMermaid,
  CLOCK_LABELS,
  ClockName,
  clockOfState,
  EVENT_LABELS,
  EVENT_PERMISSIONS,
  labelOf,
  ROLES,
  STATE_LABELS,
} from '@rectify/workflows';

export class WorkflowQuery {
  @ApiPropertyOptional({ enum: ['json', 'mermaid'], default: 'json', description: 'mermaid: a stateDiagram-v2 as text/plain' })
  @IsOptional()
  @IsIn(['json', 'mermaid'])
  format?: 'json' | 'mermaid';
}

export class WorkflowStateView {
  @ApiProperty({ example: 'rectifying.inProgress' }) id: string;
  @ApiProperty({ example: '整改中' }) label: string;
  @ApiProperty({
    enum: Object.values(ClockName),
    enumName: 'ClockName',
    nullable: true,
    example: 'rectification',
    description: "the name of the clock this state runs (a case's running clock is `clock` of the case view, CaseClockView); null for final states",
  })
  clock: string | null;
  @ApiProperty({ type: String, nullable: true, example: '整改时限' }) clockLabel: string | null;
  @ApiProperty() final: boolean;
}

export class WorkflowEventView {
  @ApiProperty({ enum: CASE_EVENT_TYPES, example: 'ASSIGN' }) type: string;
  @ApiProperty({ example: '交办' }) label: string;
  @ApiProperty({ type: 'array', items: { type: 'string', enum: ROLES } }) roles: string[];
  @ApiPropertyOptional({ enum: ['lead', 'leadOrCo'], description: 'bureau users: how their unit must relate to the case' }) unit?: string;
  @ApiPropertyOptional({ description: 'true when the system (the sweep) also sends it' }) system?: boolean;
}

export class WorkflowTransitionView {
  @ApiProperty() from: string;
  @ApiProperty({ enum: CASE_EVENT_TYPES }) event: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [String], description: 'named guards that must hold' }) guards: string[];
  @ApiProperty({ type: 'array', items: { type: 'string', enum: ROLES } }) roles: string[];
  @ApiProperty({ type: String, nullable: true, enum: ['lead', 'leadOrCo'] }) unit: string | null;
}

export class WorkflowView {
  @ApiProperty({ enum: ['case'] }) id: 'case';
  @ApiProperty({ example: 'reported' }) initial: string;
  @ApiProperty({ type: [WorkflowStateView] }) states: WorkflowStateView[];
  @ApiProperty({ type: [WorkflowEventView] }) events: WorkflowEventView[];
  @ApiProperty({ type: [WorkflowTransitionView] }) transitions: WorkflowTransitionView[];
}

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('workflows')
export class WorkflowsController {
  @Get('case')
  @ApiOp({
    summary: 'The case workflow',
    description:
      'States, events, transitions and who may send each event, from the one machine that drives the engine; `?format=mermaid` returns the same as a Mermaid state diagram (text/plain).',
    okDescription: 'the workflow (JSON), or a Mermaid diagram with ?format=mermaid',
    extraModels: [WorkflowView],
    errors: [400],
    content: {
      'application/json': { schema: { $ref: getSchemaPath(WorkflowView) } },
      'text/plain': { schema: { type: 'string', example: 'stateDiagram-v2\n  [*] --> reported' } },
    },
  })
  describe(@Query() query: WorkflowQuery, @Res({ passthrough: true }) reply: FastifyReply): WorkflowView | string {
    if (query.format === 'mermaid') {
      void reply.header('content-type', 'text/plain; charset=utf-8');
      return caseMermaid();
    }
    return {
      id: 'case',
      initial: 'reported',
      states: [...CASE_STATES, 'closed', 'withdrawn']
        .filter((s, i, all) => all.indexOf(s) === i)
        .map((s) => {
          const clock = clockOfState(s) ?? null;
          return { id: s, label: labelOf(STATE_LABELS, s)!, clock, clockLabel: labelOf(CLOCK_LABELS, clock), final: s === 'withdrawn' };
        }),
      events: CASE_EVENT_TYPES.map((type) => ({ type, label: EVENT_LABELS[type], ...EVENT_PERMISSIONS[type] })),
      transitions: CASE_TRANSITIONS.map((t) => ({ from: t.from, event: t.event, to: t.to, guards: t.guards, roles: t.permission.roles, unit: t.permission.unit ?? null })),
    };
  }
}
