import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuthGuard } from './auth.guard.js';
import { IdentityRepository } from './identity.repository.js';
import { IdentityService } from './identity.service.js';
import { JurisdictionService } from './jurisdiction.service.js';
import { RegionTreeService } from './region-tree.service.js';
import { TokenService } from './token.service.js';

@Module({
  imports: [JwtModule.register({})],
  providers: [IdentityRepository, IdentityService, RegionTreeService, JurisdictionService, TokenService, AuthGuard],
  exports: [IdentityService, RegionTreeService, JurisdictionService, TokenService, AuthGuard, IdentityRepository],
})
export class IdentityModule {}
