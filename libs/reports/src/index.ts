export * from './reports.module.js';
export * from './reports.service.js';
export * from './report-workbook.js';
export * from './progress-report.util.js';
export * from './assessment-weights.js';
export * from './assessment.util.js';
export * from './dto/report.dto.js';
