import { Body, Controller, Get, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ChangePasswordDto, CurrentUser, IdentityService, LoginDto, LoginResponse, Public, UserResponse, type AuthUser } from '@rectify/identity';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(@Inject(IdentityService) private readonly identity: IdentityService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in', description: 'A bearer token for the user. Repeated failures lock the username and the client address for a while (docs/administration.md).' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED' })
  @ApiResponse({ status: 401, description: 'UNAUTHORIZED: wrong username or password, or the account is disabled' })
  @ApiResponse({ status: 429, description: 'TOO_MANY_REQUESTS: locked out after repeated failures; Retry-After says for how many seconds' })
  login(@Body() dto: LoginDto, @Ip() address: string): Promise<LoginResponse> {
    return this.identity.login(dto.username, dto.password, address);
  }

  @ApiBearerAuth()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Log out', description: 'Ends every session of the caller: all their tokens stop working, on every instance.' })
  @ApiNoContentResponse({ description: 'logged out' })
  @ApiResponse({ status: 401, description: 'UNAUTHORIZED' })
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.identity.logout(user);
  }

  @ApiBearerAuth()
  @Post('auth/password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your password', description: 'The current password is required. Every session of the caller ends: log in again with the new one.' })
  @ApiNoContentResponse({ description: 'changed' })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: the current password is wrong, or the new one is not acceptable' })
  @ApiResponse({ status: 401, description: 'UNAUTHORIZED' })
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.identity.changePassword(user, dto);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'The caller' })
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.identity.me(user);
  }
}
