import { Module } from '@nestjs/common';
import { CasesModule } from '@rectify/cases';
import { IdentityModule } from '@rectify/identity';
import { SweepRegistry } from './sweep-registry.js';

@Module({
  imports: [CasesModule, IdentityModule],
  providers: [SweepRegistry],
  exports: [SweepRegistry],
})
export class DeadlinesModule {}
