import { defineConfig } from 'vitest/config';

/**
 * The one vitest configuration every package uses. Workspace packages resolve
 * through the `source` export condition, so tests run on the TypeScript sources
 * without a build. Each run also writes a JSON report that `.ci/run` totals.
 */
export default defineConfig({
  resolve: { conditions: ['source', 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    passWithNoTests: true,
    testTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: '.vitest/results.json' }]],
  },
});
