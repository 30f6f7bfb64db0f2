import { Module } from '@nestjs/common';
import { CasesModule } from '@rectify/cases';
import { IdentityModule } from '@rectify/identity';

@Module({ imports: [CasesModule, IdentityModule], providers: [], exports: [] })
export class AssignmentModule {}
