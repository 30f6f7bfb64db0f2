export * from './database.js';
export * from './database.module.js';
export * from './database-url.js';
export * from './database-errors.js';
export * from './sql-executor.js';
export * from './data-source.factory.js';
export { MIGRATIONS } from './migrations/index.js';
export { refreshSqliteStatistics } from './planner-statistics.js';
export { caseSearchCondition, indexCaseSearch, searchBody, searchQuery, searchTokens } from './case-search.js';
