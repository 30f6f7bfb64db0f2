import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError } from '@rectify/core';
import { CASE_STATES, CASE_TRANSITIONS, caseMermaid, CASE_EVENT_TYPES, clockOfState, EVENT_PERMISSIONS } from '@rectify/workflows';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('workflows')
export class WorkflowsController {
  @Get('case')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'mermaid'] })
  describe(@Query('format') format: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    if (format !== undefined && format !== 'json' && format !== 'mermaid') throw DomainError.validation('format must be json or mermaid');
    if (format === 'mermaid') {
      void reply.header('content-type', 'text/plain; charset=utf-8');
      return caseMermaid();
    }
    return {
      id: 'case',
      initial: 'reported',
      states: [...CASE_STATES, 'closed', 'withdrawn']
        .filter((s, i, all) => all.indexOf(s) === i)
        .map((s) => ({ id: s, clock: clockOfState(s), final: s === 'withdrawn' })),
      events: CASE_EVENT_TYPES.map((type) => ({ type, ...EVENT_PERMISSIONS[type] })),
      transitions: CASE_TRANSITIONS.map((t) => ({ from: t.from, event: t.event, to: t.to, guards: t.guards, roles: t.permission.roles, unit: t.permission.unit ?? null })),
    };
  }
}
