import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CreateRegionDto,
  CreateUnitDto,
  CreateUserDto,
  CurrentUser,
  IdentityService,
  RegionQueryDto,
  ResetPasswordDto,
  UnitQueryDto,
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
  @ApiOperation({ summary: 'Users of your subtree', description: "Admins only: the users of the caller's region and below (a national admin: everyone), by username, paged." })
  @ApiOkResponse({ type: UserPage })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: not an admin, or regionCode outside your subtree' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND: no such region' })
  users(@CurrentUser() user: AuthUser, @Query() query: UserQueryDto) {
    return this.identity.listUsers(user, query);
  }

  @Post('users')
  @ApiOperation({ summary: 'Create a user', description: 'Admins only, in their own subtree.' })
  @ApiResponse({ status: 201, type: UserResponse, description: 'created' })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: not an admin, or the region is outside your subtree' })
  @ApiResponse({ status: 409, description: 'DUPLICATE: the username is taken' })
  createUser(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto) {
    return this.identity.createUser(user, dto);
  }

  @Get('users/:id')
  @ApiOperation({ summary: 'One user', description: 'Admins only; a user outside your subtree is 404.' })
  @ApiOkResponse({ type: UserResponse })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: not an admin' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND' })
  user(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.identity.getUser(user, id);
  }

  @Patch('users/:id')
  @ApiOperation({ summary: 'Change a user', description: "Display name, role, region, unit. A change of role, region or unit ends the user's sessions at once." })
  @ApiOkResponse({ type: UserResponse })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED' })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: not an admin, a region outside your subtree, or your own role or region' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND' })
  updateUser(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: UpdateUserDto) {
    return this.identity.updateUser(user, id, dto);
  }

  @Post('users/:id/password')
  @HttpCode(200)
  @ApiOperation({ summary: "Reset a user's password", description: "Admins of the user's region; the user's sessions end at once." })
  @ApiOkResponse({ type: UserResponse })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: the new password is not acceptable' })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: not an admin' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND' })
  resetPassword(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: ResetPasswordDto) {
    return this.identity.resetPassword(user, id, dto);
  }

  @Post('users/:id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable a user', description: 'The user cannot log in and every token of theirs is refused at once.' })
  @ApiOkResponse({ type: UserResponse })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: not an admin, or your own account' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND' })
  disableUser(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.identity.setDisabled(user, id, true);
  }

  @Post('users/:id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled user', description: 'They log in again (old tokens stay refused).' })
  @ApiOkResponse({ type: UserResponse })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: not an admin' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND' })
  enableUser(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.identity.setDisabled(user, id, false);
  }
}
