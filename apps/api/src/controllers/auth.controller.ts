import { Body, Controller, Get, Inject, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiOp } from '@rectify/core';
import { ChangePasswordDto, CurrentUser, IdentityService, LoginDto, LoginResponse, Public, UserResponse, type AuthUser } from '@rectify/identity';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(@Inject(IdentityService) private readonly identity: IdentityService) {}

  @Public()
  @Post('auth/login')
  @ApiOp({
    summary: 'Log in',
    description:
      'A bearer token for the user (send it as `Authorization: Bearer <accessToken>`). 401 on a wrong username or password or a disabled account; ' +
      'repeated failures lock the username and the client address for a while (429 with Retry-After; docs/administration.md).',
    ok: LoginResponse,
    errors: [400, 401, 413, 429],
    public: true,
  })
  login(@Body() dto: LoginDto, @Ip() address: string): Promise<LoginResponse> {
    return this.identity.login(dto.username, dto.password, address);
  }

  @ApiBearerAuth()
  @Post('auth/logout')
  @ApiOp({ summary: 'Log out', description: 'Ends every session of the caller: all their tokens stop working, on every instance.', status: 204, errors: [413] })
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.identity.logout(user);
  }

  @ApiBearerAuth()
  @Post('auth/password')
  @ApiOp({
    summary: 'Change your password',
    description: 'The current password is required (400 when it is wrong or the new one is not acceptable). Every session of the caller ends: log in again with the new one.',
    status: 204,
    errors: [400, 413],
  })
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.identity.changePassword(user, dto);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOp({ summary: 'The caller', description: 'The user the bearer token belongs to.', ok: UserResponse })
  me(@CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.identity.me(user);
  }
}
