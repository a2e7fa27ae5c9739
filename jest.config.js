/**
 * Jest runs in native ESM mode (NestJS 12 is ESM-only), with ts-jest in
 * transpile-only mode: type checking is its own step (`npm run typecheck`), so
 * tests start fast on 2 cores. Decorator metadata is emitted as Nest needs it.
 */
const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};

export default {
  testTimeout: 30_000,
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/src'], testMatch: ['**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      slowTestThreshold: 30,
    },
    {
      ...shared,
      displayName: 'kafka',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.kafka-spec.ts'],
      slowTestThreshold: 60,
    },
  ],
};
