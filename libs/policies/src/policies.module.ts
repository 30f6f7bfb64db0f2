import { Global, Module } from '@nestjs/common';
import { PolicyRepository } from './policy.repository.js';
import { PolicyService } from './policy.service.js';

@Global()
@Module({ providers: [PolicyService, PolicyRepository], exports: [PolicyService] })
export class PoliciesModule {}
