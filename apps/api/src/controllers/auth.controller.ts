import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiOp } from '@rectify/core';
import { CurrentUser, IdentityService, LoginDto, LoginResponse, Public, UserResponse, type AuthUser } from '@rectify/identity';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(@Inject(IdentityService) private readonly identity: IdentityService) {}

  @Public()
  @Post('auth/login')
  @ApiOp({
    summary: 'Log in',
    description: 'Exchanges a username and password for a bearer token (send it as `Authorization: Bearer <accessToken>`). 401 on a wrong username or password.',
    ok: LoginResponse,
    errors: [400, 401, 413],
    public: true,
  })
  login(@Body() dto: LoginDto): Promise<LoginResponse> {
    return this.identity.login(dto.username, dto.password);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOp({ summary: 'The caller', description: 'The user the bearer token belongs to.', ok: UserResponse })
  me(@CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.identity.me(user);
  }
}
