import { Global, Module } from '@nestjs/common';
import { IdentityModule } from '@rectify/identity';
import { PolicyRepository } from './policy.repository.js';
import { PolicyService } from './policy.service.js';

@Global()
@Module({ imports: [IdentityModule], providers: [PolicyService, PolicyRepository], exports: [PolicyService] })
export class PoliciesModule {}
