/**
 * Jest runs in native ESM mode (NestJS 12 is ESM-only), with @swc/jest for the
 * TypeScript transform: it honours decorator metadata and is fast on 2 cores.
 * Type checking is a separate step (`npm run typecheck`).
 */
const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};

export default {
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/src'], testMatch: ['**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      slowTestThreshold: 30,
      testTimeout: 30_000,
    },
  ],
};
