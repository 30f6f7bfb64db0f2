import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  CreateRegionDto,
  CreateUnitDto,
  CreateUserDto,
  CurrentUser,
  IdentityService,
  RegionQueryDto,
  UnitQueryDto,
  type AuthUser,
} from '@rectify/identity';

@ApiTags('directory')
@ApiBearerAuth()
@Controller()
export class DirectoryController {
  constructor(@Inject(IdentityService) private readonly identity: IdentityService) {}

  @Get('regions')
  regions(@Query() query: RegionQueryDto) {
    return this.identity.listRegions(query.parentCode);
  }

  @Post('regions')
  createRegion(@CurrentUser() user: AuthUser, @Body() dto: CreateRegionDto) {
    return this.identity.createRegion(user, dto);
  }

  @Get('units')
  units(@Query() query: UnitQueryDto) {
    return this.identity.listUnits(query.regionCode);
  }

  @Post('units')
  createUnit(@CurrentUser() user: AuthUser, @Body() dto: CreateUnitDto) {
    return this.identity.createUnit(user, dto);
  }

  @Get('users')
  users(@CurrentUser() user: AuthUser) {
    return this.identity.listUsers(user);
  }

  @Post('users')
  createUser(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto) {
    return this.identity.createUser(user, dto);
  }
}
