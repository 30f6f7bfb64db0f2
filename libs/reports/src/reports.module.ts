import { Module } from '@nestjs/common';
import { AssignmentModule } from '@rectify/assignment';
import { CalendarModule } from '@rectify/calendar';
import { IdentityModule } from '@rectify/identity';
import { ProgressReportRepository } from './progress-report.repository.js';
import { ReportsService } from './reports.service.js';

/** 月调度 · 季督导 · 年考核 reports. */
@Module({
  imports: [AssignmentModule, IdentityModule, CalendarModule],
  providers: [ProgressReportRepository, ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
