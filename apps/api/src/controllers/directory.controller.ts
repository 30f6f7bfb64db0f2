import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiOp } from '@rectify/core';
import {
  CreateRegionDto,
  CreateUnitDto,
  CreateUserDto,
  CurrentUser,
  IdentityService,
  RegionQueryDto,
  RegionView,
  UnitQueryDto,
  UnitView,
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
    ok: [RegionView],
    errors: [400],
  })
  regions(@Query() query: RegionQueryDto) {
    return this.identity.listRegions(query.parentCode);
  }

  @Post('regions')
  @ApiOp({
    summary: 'Create a region',
    description: 'Admin only. A child sits one or more levels below its parent (nation → province → city → county). 409 DUPLICATE when the code exists.',
    ok: RegionView,
    status: 201,
    errors: [400, 403, 409, 413],
  })
  createRegion(@CurrentUser() user: AuthUser, @Body() dto: CreateRegionDto) {
    return this.identity.createRegion(user, dto);
  }

  @Get('units')
  @ApiOp({
    summary: 'List units (责任单位)',
    description: 'Responsible units ordered by region and name; `regionCode` includes the units of its whole subtree.',
    ok: [UnitView],
    errors: [400],
  })
  units(@Query() query: UnitQueryDto) {
    return this.identity.listUnits(query.regionCode);
  }

  @Post('units')
  @ApiOp({
    summary: 'Create a unit',
    description: 'Admin only. A unit name is unique within its region (409 DUPLICATE).',
    ok: UnitView,
    status: 201,
    errors: [400, 403, 409, 413],
  })
  createUnit(@CurrentUser() user: AuthUser, @Body() dto: CreateUnitDto) {
    return this.identity.createUnit(user, dto);
  }

  @Get('users')
  @ApiOp({
    summary: 'List users',
    description: 'Admin only. A page of users ordered by username (`{items, total, page, pageSize}`, like every list).',
    ok: UserPage,
    errors: [400, 403],
  })
  users(@CurrentUser() user: AuthUser, @Query() query: UserQueryDto) {
    return this.identity.listUsers(user, query);
  }

  @Post('users')
  @ApiOp({
    summary: 'Create a user',
    description: 'Admin only. Bureau users need `unitId` (a unit of their region). 409 DUPLICATE on a taken username, with `existingId`.',
    ok: UserResponse,
    status: 201,
    errors: [400, 403, 409, 413],
  })
  createUser(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto) {
    return this.identity.createUser(user, dto);
  }
}
