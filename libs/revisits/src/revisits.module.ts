import { Module } from '@nestjs/common';
import { CasesModule } from '@rectify/cases';
import { DeadlinesModule } from '@rectify/deadlines';
import { IdentityModule } from '@rectify/identity';

@Module({ imports: [CasesModule, DeadlinesModule, IdentityModule], providers: [], exports: [] })
export class RevisitsModule {}
