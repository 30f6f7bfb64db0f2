import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiOp, pageOf, WHOLE_LIST_PAGE_SIZE } from '@rectify/core';
import {
  CreateRegionDto,
  CreateUnitDto,
  CreateUserDto,
  CurrentUser,
  IdentityService,
  RegionQueryDto,
  RegionPage,
  RegionView,
  ResetPasswordDto,
  UnitQueryDto,
  UnitPage,
  UnitView,
  UpdateUserDto,
  UserPage,
  UserQueryDto,
  UserResponse,
  type AuthUser,
} from '@rectify/identity';

@ApiTags('directory')
@ApiBearerAuth()
@Controller()
export class DirectoryController {
  constructor(@Inject(IdentityService) private readonly identity: IdentityService) {}

  @Get('regions')
  @ApiOp({
    summary: 'List regions (行政区划)',
    description: 'The region tree as a flat list ordered by code; `parentCode` gives the children of one region.',
    ok: RegionPage,
    errors: [400, 404],
  })
  async regions(@Query() query: RegionQueryDto): Promise<RegionPage> {
    return pageOf(await this.identity.listRegions(query.parentCode), query, WHOLE_LIST_PAGE_SIZE);
  }

  @Post('regions')
  @ApiOp({
    summary: 'Create a region',
    description: 'Admins, in their subtree. A child sits below its parent (nation → province → city → county). 409 DUPLICATE when the code exists.',
    ok: RegionView,
    status: 201,
    errors: [400, 403, 404, 409, 413],
  })
  createRegion(@CurrentUser() user: AuthUser, @Body() dto: CreateRegionDto) {
    return this.identity.createRegion(user, dto);
  }

  @Get('units')
  @ApiOp({
    summary: 'List units (责任单位)',
    description: 'Responsible units ordered by region and name; `regionCode` includes the units of its whole subtree.',
    ok: UnitPage,
    errors: [400, 404],
  })
  async units(@Query() query: UnitQueryDto): Promise<UnitPage> {
    return pageOf(await this.identity.listUnits(query.regionCode), query, WHOLE_LIST_PAGE_SIZE);
  }

  @Post('units')
  @ApiOp({
    summary: 'Create a unit',
    description: 'Admins, in their subtree. A unit name is unique within its region (409 DUPLICATE).',
    ok: UnitView,
    status: 201,
    errors: [400, 403, 404, 409, 413],
  })
  createUnit(@CurrentUser() user: AuthUser, @Body() dto: CreateUnitDto) {
    return this.identity.createUnit(user, dto);
  }

  @Get('users')
  @ApiOp({
    summary: 'Users of your subtree',
    description: "Admins only: the users of the caller's region and below (a national admin: everyone), by username, paged.",
    ok: UserPage,
    errors: [403, 404],
  })
  users(@CurrentUser() user: AuthUser, @Query() query: UserQueryDto) {
    return this.identity.listUsers(user, query);
  }

  @Post('users')
  @ApiOp({
    summary: 'Create a user',
    description: 'Admins only, in their own subtree.',
    ok: UserResponse,
    status: 201,
    errors: [400, 403, 404, 409, 413],
  })
  createUser(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto) {
    return this.identity.createUser(user, dto);
  }

  @Get('users/:id')
  @ApiOp({
    summary: 'One user',
    description: 'Admins only; a user outside your subtree is 404.',
    ok: UserResponse,
    errors: [403, 404],
  })
  user(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.identity.getUser(user, id);
  }

  @Patch('users/:id')
  @ApiOp({
    summary: 'Change a user',
    description: "Display name, role, region, unit. A change of role, region or unit ends the user's sessions at once.",
    ok: UserResponse,
    errors: [400, 403, 404, 413],
  })
  updateUser(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: UpdateUserDto) {
    return this.identity.updateUser(user, id, dto);
  }

  @Post('users/:id/password')
  @ApiOp({
    summary: "Reset a user's password",
    description: "Admins of the user's region; the user's sessions end at once.",
    ok: UserResponse,
    errors: [400, 403, 404, 413],
  })
  resetPassword(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: ResetPasswordDto) {
    return this.identity.resetPassword(user, id, dto);
  }

  @Post('users/:id/disable')
  @ApiOp({
    summary: 'Disable a user',
    description: 'The user cannot log in and every token of theirs is refused at once.',
    ok: UserResponse,
    errors: [403, 404, 413],
  })
  disableUser(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.identity.setDisabled(user, id, true);
  }

  @Post('users/:id/enable')
  @ApiOp({
    summary: 'Enable a disabled user',
    description: 'They log in again (old tokens stay refused).',
    ok: UserResponse,
    errors: [403, 404, 413],
  })
  enableUser(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.identity.setDisabled(user, id, false);
  }
}
