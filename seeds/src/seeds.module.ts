import { Module } from '@nestjs/common';
import { CasesModule } from '@rectify/cases';
import { DeadlinesModule } from '@rectify/deadlines';
import { IdentityModule } from '@rectify/identity';
import { DemoSeeder } from './demo-seeder.service.js';

@Module({ imports: [IdentityModule, CasesModule, DeadlinesModule], providers: [DemoSeeder], exports: [DemoSeeder] })
export class SeedsModule {}
