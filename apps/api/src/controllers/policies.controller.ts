import { Body, Controller, Delete, Get, Headers, Inject, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type AuthUser } from '@rectify/identity';
import { ApiOp } from '@rectify/core';
import { PolicyDto, PolicyRegionQuery, PolicyService, PolicyVersionPage, PolicyVersionsQuery, PolicyView } from '@rectify/policies';

@ApiTags('policies')
@ApiBearerAuth()
@Controller('policies')
export class PoliciesController {
  constructor(@Inject(PolicyService) private readonly policies: PolicyService) {}

  @Get()
  @ApiOperation({ summary: "A region's effective policy", description: 'For regionCode (default: your region): the nearest region up the tree with a policy of its own, and where each part comes from. Admins of that region.' })
  @ApiOkResponse({ type: PolicyView })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: not an admin of that region' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND: no such region' })
  async get(@CurrentUser() user: AuthUser, @Query() query: PolicyRegionQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const view = await this.policies.view(user, query.regionCode);
    void reply.header('ETag', `"${view.version}"`);
    return view;
  }

  @Get('versions')
  @ApiOp({
    summary: "A region's policy versions (版本记录)",
    description:
      'The versions regionCode (default: your region) saved of its own, newest first: the whole policy each time, who saved it and when, and the versions that dropped it to inherit again. Admins of that region. Versions are never changed or deleted; cases keep the version they started under.',
    ok: PolicyVersionPage,
    errors: [400, 403, 404],
  })
  versions(@CurrentUser() user: AuthUser, @Query() query: PolicyVersionsQuery) {
    return this.policies.versionHistory(user, query.regionCode, query.page, query.pageSize);
  }

  @Put()
  @ApiHeader({ name: 'If-Match', required: false, description: 'the version you last read, e.g. "3": 409 VERSION_CONFLICT if another admin saved since' })
  @ApiOperation({ summary: "Set a region's own policy", description: 'A whole policy for regionCode (default: your region) and its subtree, stored as a new version; clocks already running keep their ladder.' })
  @ApiOkResponse({ type: PolicyView })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED' })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: not an admin of that region' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND: no such region' })
  @ApiResponse({ status: 409, description: 'VERSION_CONFLICT: If-Match is not the version in force there' })
  async put(
    @CurrentUser() user: AuthUser,
    @Body() dto: PolicyDto,
    @Query() query: PolicyRegionQuery,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const view = await this.policies.replace(user, dto, ifMatch, query.regionCode);
    void reply.header('ETag', `"${view.version}"`);
    return view;
  }

  @Delete()
  @ApiOperation({ summary: 'Let a region inherit again', description: 'regionCode drops its own policy (recorded as a new version) and inherits from the region above.' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the version you last read for that region' })
  @ApiOkResponse({ type: PolicyView })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: not an admin of that region' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND: no such region, or it has no policy of its own' })
  @ApiResponse({ status: 409, description: 'VERSION_CONFLICT' })
  async inherit(
    @CurrentUser() user: AuthUser,
    @Query() query: PolicyRegionQuery,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const view = await this.policies.inherit(user, ifMatch, query.regionCode);
    void reply.header('ETag', `"${view.version}"`);
    return view;
  }
}
