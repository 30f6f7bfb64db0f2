import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { ApiOp, DomainError, IntRange } from '@rectify/core';
import {
  CASE_EVENT_TYPES,
  caseDefinition,
  caseDefinitions,
  CLOCK_LABELS,
  ClockName,
  EVENT_LABELS,
  EVENT_PERMISSIONS,
  labelOf,
  PROCEDURES,
  ROLES,
  STATE_LABELS,
  type CaseDefinition,
} from '@rectify/workflows';

export class WorkflowQuery {
  @ApiPropertyOptional({ enum: ['json', 'mermaid'], default: 'json', description: 'mermaid: a stateDiagram-v2 as text/plain' })
  @IsOptional()
  @IsIn(['json', 'mermaid'])
  format?: 'json' | 'mermaid';
}

export class ProcedureWorkflowQuery extends WorkflowQuery {
  @IntRange(1, 1_000_000, { optional: true, description: 'a version of the definition; the latest without it' })
  version?: number;
}

export class ProcedureParam {
  @ApiProperty({ enum: PROCEDURES, example: 'warningFilm' })
  @IsIn(PROCEDURES)
  procedure: string;
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
  @ApiProperty({ enum: PROCEDURES, example: 'standard' }) procedure: string;
  @ApiProperty({ type: 'integer', example: 1 }) version: number;
  @ApiProperty({ example: '一般问题' }) label: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'listed but not yet startable' }) reserved: boolean;
  @ApiProperty({ example: 'reported' }) initial: string;
  @ApiProperty({ type: [WorkflowStateView] }) states: WorkflowStateView[];
  @ApiProperty({ type: [WorkflowEventView] }) events: WorkflowEventView[];
  @ApiProperty({ type: [WorkflowTransitionView] }) transitions: WorkflowTransitionView[];
}

export class WorkflowVersionView {
  @ApiProperty({ type: 'integer', example: 1 }) version: number;
  @ApiProperty({ type: 'integer', example: 12, description: 'leaf states of this version' }) states: number;
  @ApiProperty({ type: 'integer', example: 28 }) transitions: number;
}

export class WorkflowDefinitionView {
  @ApiProperty({ enum: PROCEDURES, example: 'inspection' }) procedure: string;
  @ApiProperty({ example: '督察问题' }) label: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: 'integer', example: 1, description: 'the version new cases start on' }) latestVersion: number;
  @ApiProperty({ description: 'listed but not yet startable' }) reserved: boolean;
  @ApiProperty({ type: [WorkflowVersionView], description: 'every registered version, oldest first; running cases may be on any' }) versions: WorkflowVersionView[];
}

const MERMAID_CONTENT = {
  'application/json': { schema: { $ref: getSchemaPath(WorkflowView) } },
  'text/plain': { schema: { type: 'string', example: 'stateDiagram-v2\n  [*] --> reported' } },
} as const;

function workflowView(definition: CaseDefinition, format: WorkflowQuery['format'], reply: FastifyReply): WorkflowView | string {
  const { model } = definition;
  if (format === 'mermaid') {
    void reply.header('content-type', 'text/plain; charset=utf-8');
    return model.mermaid();
  }
  return {
    id: 'case',
    procedure: definition.procedure,
    version: definition.version,
    label: definition.label,
    description: definition.description,
    reserved: definition.reserved ?? false,
    // Read off the definition's own machine (its start, its final states, the events its transitions take),
    // so that a definition with states or events of its own is described as it runs.
    initial: model.initialState,
    states: model.states.map((s) => {
      const clock = model.clockOf(s);
      return { id: s, label: labelOf(STATE_LABELS, s) ?? s, clock, clockLabel: labelOf(CLOCK_LABELS, clock), final: model.finalStates.includes(s) };
    }),
    events: CASE_EVENT_TYPES.filter((type) => model.transitions.some((t) => t.event === type)).map((type) => ({ type, label: EVENT_LABELS[type], ...EVENT_PERMISSIONS[type] })),
    transitions: model.transitions.map((t) => ({ from: t.from, event: t.event, to: t.to, guards: t.guards, roles: t.permission.roles, unit: t.permission.unit ?? null })),
  };
}

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('workflows')
export class WorkflowsController {
  @Get()
  @ApiOp({
    summary: 'The workflow definitions',
    description:
      'Every procedure of the family (docs/procedures.md) with its registered versions. A case starts on the latest version of the procedure its source maps to (policy `procedures.bySource`) and keeps that version until it ends.',
    ok: [WorkflowDefinitionView],
  })
  list(): WorkflowDefinitionView[] {
    return caseDefinitions().map(({ procedure, versions }) => {
      const latest = versions.at(-1)!;
      return {
        procedure,
        label: latest.label,
        description: latest.description,
        latestVersion: latest.version,
        reserved: latest.reserved ?? false,
        versions: versions.map((d) => ({ version: d.version, states: d.model.states.length, transitions: d.model.transitions.length })),
      };
    });
  }

  @Get('case')
  @ApiOp({
    summary: 'The case workflow (alias of `standard`)',
    description:
      'The latest `standard` definition, as `GET /workflows/standard`: states, events, transitions and who may send each event; `?format=mermaid` returns the same as a Mermaid state diagram (text/plain). Kept for clients written before the family existed.',
    okDescription: 'the workflow (JSON), or a Mermaid diagram with ?format=mermaid',
    extraModels: [WorkflowView],
    errors: [400],
    content: MERMAID_CONTENT,
  })
  describe(@Query() query: WorkflowQuery, @Res({ passthrough: true }) reply: FastifyReply): WorkflowView | string {
    return workflowView(caseDefinition('standard')!, query.format, reply);
  }

  @Get(':procedure')
  @ApiOp({
    summary: 'One workflow definition',
    description:
      'The definition of `procedure` at `?version=` (the latest without it), generated from the machine the engine runs: states, events, transitions, guards and who may send each event; `?format=mermaid` returns it as a Mermaid state diagram (text/plain). 404 when the procedure has no such version.',
    okDescription: 'the definition (JSON), or a Mermaid diagram with ?format=mermaid',
    extraModels: [WorkflowView],
    errors: [400, 404],
    content: MERMAID_CONTENT,
  })
  describeProcedure(@Param() params: ProcedureParam, @Query() query: ProcedureWorkflowQuery, @Res({ passthrough: true }) reply: FastifyReply): WorkflowView | string {
    const definition = caseDefinition(params.procedure, query.version);
    if (!definition) throw DomainError.notFound(`workflow ${params.procedure} version ${query.version}`);
    return workflowView(definition, query.format, reply);
  }
}
