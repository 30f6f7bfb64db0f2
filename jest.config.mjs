// Jest in ESM mode (NestJS 12 is ESM-only): ts-jest transpiles each file on its own
// (isolatedModules) and the aliases map to the libraries' sources.
const aliases = ['core', 'config', 'database', 'identity', 'policies', 'calendar', 'cases', 'deadlines', 'revisits', 'assignment', 'notifications', 'webhooks', 'ledger', 'reports', 'attachments', 'comments'];
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/workflows', '<rootDir>/seeds', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.browser-spec.ts'],
  moduleNameMapper: {
    ...Object.fromEntries(aliases.map((a) => [`^@rectify/${a}$`, `<rootDir>/libs/${a}/src/index.ts`])),
    '^@rectify/workflows$': '<rootDir>/workflows/src/index.ts',
    '^@rectify/seeds$': '<rootDir>/seeds/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  testTimeout: 60000,
  maxWorkers: 2,
  // the default summary, then every skipped test with its reason (test/support/requirements.ts)
  reporters: ['default', '<rootDir>/test/support/skip-reporter.mjs'],
};
