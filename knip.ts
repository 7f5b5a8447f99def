import type { KnipConfig } from 'knip';

/**
 * Unused files, exports and dependencies (`pnpm knip`, run in CI after the typecheck). Knip's
 * plugins find the entry points of each tool themselves: vitest (the unit and integration test
 * files of vitest.config.ts), drizzle-kit (packages/db's config), tsx (package scripts), biome.
 * An export used only by tests counts as used: the test files are entries.
 */
const config: KnipConfig = {
  // An export also used in its own file is part of a module's surface on purpose (a type a
  // caller may name, a helper its unit test reaches through the module): not worth a report.
  ignoreExportsUsedInFile: true,
  // Found on the PATH (the Kafka launcher's java; kubectl for infra/k8s, from .ci/run), not installed through a package.
  ignoreBinaries: ['java', 'kubectl'],
  workspaces: {
    '.': {
      entry: ['bench/*.ts'],
      project: ['bench/**/*.ts', '*.ts'],
    },
    'packages/*': {},
    // One-off generators run by hand (`tsx scripts/…`), as their READMEs say.
    'packages/domain': {
      entry: ['scripts/*.ts'],
      project: ['src/**/*.ts', 'scripts/**/*.ts'],
      // The types opencc-js itself lacks.
      ignoreDependencies: ['@types/opencc-js'],
    },
    'packages/matching': {
      entry: ['scripts/*.ts'],
      project: ['src/**/*.ts', 'scripts/**/*.ts'],
    },
    // pino loads its pretty transport by name, in a worker thread.
    'packages/runtime': { ignoreDependencies: ['pino-pretty'] },
    'services/*': {},
    'services/query-api': {
      // The web page's scripts, served as static files from src/web/ (index.html loads app.js).
      entry: ['src/web/app.js'],
      project: ['src/**/*.{ts,js}'],
    },
    'infra/*': {},
    test: {
      entry: ['integration/**/*.test.ts', 'static/**/*.test.ts', 'fixtures/*.ts', 'reporters/*.ts'],
      project: ['**/*.ts'],
    },
  },
};

export default config;
