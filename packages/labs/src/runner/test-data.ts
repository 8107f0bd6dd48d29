import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataSearchDirs } from '@gradlab/datasets';

/**
 * For tests, as .ci/run does: when GRADLAB_DATA is not set, use the
 * `../shared/data` folder beside the checkout if there is one.
 */
export function useSharedData(): void {
  const shared = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data');
  if (!process.env.GRADLAB_DATA && existsSync(shared)) process.env.GRADLAB_DATA = shared;
}

/**
 * For tests that need a dataset folder (`mnist`, `cifar10`…): whether it is
 * found in the data search path (after {@link useSharedData}), and the note a
 * skipped suite appends to its title so the skip says why.
 */
export function dataFolder(folder: string): { present: boolean; skipNote: string } {
  useSharedData();
  const present = dataSearchDirs().some((d) => existsSync(join(d, folder)));
  return {
    present,
    skipNote: present ? '' : ` [skipped: no ${folder}/ data folder found; set GRADLAB_DATA]`,
  };
}
