import { Body, Controller, Get, Headers, Inject, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { ApiOp } from '@rectify/core';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type AuthUser } from '@rectify/identity';
import { PolicyDto, PolicyService, PolicyView } from '@rectify/policies';

@ApiTags('policies')
@ApiBearerAuth()
@Controller('policies')
export class PoliciesController {
  constructor(@Inject(PolicyService) private readonly policies: PolicyService) {}

  @Get()
  @ApiOp({
    summary: 'The policy in force',
    description: 'Admin only. Deadlines, the escalation ladder, extensions, revisits and assignment limits; the ETag is its version.',
    ok: PolicyView,
    errors: [403],
  })
  async get(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply) {
    const view = await this.policies.view(user);
    void reply.header('ETag', `"${view.version}"`);
    return view;
  }

  @Put()
  @ApiHeader({ name: 'If-Match', required: false, description: 'the version you last read, e.g. "3": 409 VERSION_CONFLICT if another admin saved since' })
  @ApiOp({
    summary: 'Replace the policy',
    description: 'Admin only. Saves a new version (policies are never edited in place); with If-Match, 409 VERSION_CONFLICT when another admin saved since.',
    ok: PolicyView,
    errors: [400, 403, 409, 413],
  })
  async put(
    @CurrentUser() user: AuthUser,
    @Body() dto: PolicyDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const view = await this.policies.replace(user, dto, ifMatch);
    void reply.header('ETag', `"${view.version}"`);
    return view;
  }
}
