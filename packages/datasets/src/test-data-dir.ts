import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Test helper: the real data directory, `$GRADLAB_DATA` when set, else
 * `../shared/data` beside the checkout (`../../../shared/data` from the package).
 */
export const sharedDataDir = process.env.GRADLAB_DATA
  ? resolve(process.env.GRADLAB_DATA)
  : resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'data');

/** True when `sub` (e.g. `mnist`) exists under the real data directory. */
export function hasSharedData(sub: string): boolean {
  return existsSync(resolve(sharedDataDir, sub));
}

/** The reason shown in the names of tests skipped for lack of data. */
export function skipNote(sub: string): string {
  if (hasSharedData(sub)) return '';
  const note = ` [skipped: ${resolve(sharedDataDir, sub)} not found; set GRADLAB_DATA]`;
  console.warn(`@gradlab/datasets tests:${note}`);
  return note;
}
