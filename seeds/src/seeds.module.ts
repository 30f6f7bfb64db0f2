import { Module } from '@nestjs/common';
import { CasesModule } from '@rectify/cases';
import { IdentityModule } from '@rectify/identity';
import { DemoSeeder } from './demo-seeder.service.js';

@Module({ imports: [IdentityModule, CasesModule], providers: [DemoSeeder], exports: [DemoSeeder] })
export class SeedsModule {}
