import { Body, Controller, Get, Headers, Inject, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type AuthUser } from '@rectify/identity';
import { PolicyDto, PolicyService, PolicyView } from '@rectify/policies';

@ApiTags('policies')
@ApiBearerAuth()
@Controller('policies')
export class PoliciesController {
  constructor(@Inject(PolicyService) private readonly policies: PolicyService) {}

  @Get()
  @ApiOkResponse({ type: PolicyView })
  async get(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply) {
    const view = await this.policies.view(user);
    void reply.header('ETag', `"${view.version}"`);
    return view;
  }

  @Put()
  @ApiHeader({ name: 'If-Match', required: false, description: 'the version you last read, e.g. "3": 409 VERSION_CONFLICT if another admin saved since' })
  @ApiOkResponse({ type: PolicyView })
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
