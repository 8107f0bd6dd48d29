// Totals the vitest JSON reports written by every package's test run
// (packages/*/.vitest/results.json) and prints one plain line:
//   N passed, N failed, N skipped
// Exits 1 when any test failed or when no report was found at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
for (const pkg of readdirSync(join(root, 'packages'))) {
  const file = join(root, 'packages', pkg, '.vitest', 'results.json');
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  reports++;
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  // A suite that failed to load (syntax error, missing import) has no tests but is a failure.
  failed += (r.testResults ?? []).filter(
    (s) => s.status === 'failed' && s.assertionResults.length === 0,
  ).length;
}
if (reports === 0) failed += 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
