import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/reporters/summary-line.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          // Pure tests first, then the integration tests with their services.
          sequence: { groupOrder: 0 },
          include: [
            'packages/*/src/**/*.test.ts',
            'services/*/src/**/*.test.ts',
            'infra/*/src/**/*.test.ts',
            'test/static/**/*.test.ts',
          ],
          environment: 'node',
          // Property tests run hundreds of cases: on a machine shared with other work (CI may be)
          // five seconds is not enough for some; a pure test that hangs still fails.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: [
            'test/integration/**/*.test.ts',
            'services/*/test/**/*.test.ts',
            'packages/*/test/**/*.test.ts',
          ],
          environment: 'node',
          globalSetup: ['./packages/testkit/src/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Files share one broker and one PostgreSQL; two workers keep the 2-core machines busy
          // without starving the broker.
          maxWorkers: 2,
        },
      },
    ],
  },
});
