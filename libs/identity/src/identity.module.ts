import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuthGuard } from './auth.guard.js';
import { IdentityRepository } from './identity.repository.js';
import { IdentityService } from './identity.service.js';
import { JurisdictionService } from './jurisdiction.service.js';
import { RegionTreeService } from './region-tree.service.js';
import { LoginThrottle } from './login-throttle.js';
import { TokenService } from './token.service.js';
import { UserSessionCache } from './user-session.cache.js';

@Module({
  imports: [JwtModule.register({})],
  providers: [IdentityRepository, IdentityService, RegionTreeService, JurisdictionService, TokenService, UserSessionCache, LoginThrottle, AuthGuard],
  exports: [IdentityService, RegionTreeService, JurisdictionService, TokenService, UserSessionCache, AuthGuard, IdentityRepository],
})
export class IdentityModule {}
