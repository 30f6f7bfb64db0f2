/**
 * The demo data set (SEED=demo): regions, units, users and cases reproducing the workloads of
 * SPEC §1. Pure data: no Nest, no database; the seeder in the application loads it.
 */
export {
  DEMO_REGIONS,
  DEMO_PROVINCES,
  NATION_CODE,
  buildDemoRegions,
  demoProvinceCodeOf,
  type DemoRegion,
  type DemoRegionLevel,
  type DemoProvinceKey,
} from './demo-regions.js';
export { DEMO_UNITS, buildDemoUnits, type DemoUnit } from './demo-units.js';
export { DEMO_PASSWORD, DEMO_USERS, buildDemoUsers, type DemoRole, type DemoUser } from './demo-users.js';
export {
  DEMO_CASES,
  DEMO_TARGETS,
  buildDemoCases,
  demoCaseCounts,
  demoTargetCounts,
  type DemoCase,
  type DemoCaseCount,
  type DemoSeverity,
  type DemoTarget,
} from './demo-cases.js';
export { DEMO_TIMELINE_DAYS, demoStepsTo, demoTimeline, type DemoStep, type DemoTimeline, type TimedDemoStep } from './demo-timeline.js';
