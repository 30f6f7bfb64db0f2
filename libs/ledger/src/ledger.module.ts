import { Module } from '@nestjs/common';
import { CalendarModule } from '@rectify/calendar';
import { CasesModule } from '@rectify/cases';
import { IdentityModule } from '@rectify/identity';
import { CaseExportService } from './case-export.service.js';
import { ImportRepository } from './import.repository.js';
import { ImportService } from './import.service.js';

/** 台账: ledger import (dry run, commit through the engine) and export. */
@Module({
  imports: [CasesModule, IdentityModule, CalendarModule],
  providers: [ImportRepository, ImportService, CaseExportService],
  exports: [ImportService, CaseExportService],
})
export class LedgerModule {}
