import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EpochCase } from './train-cases.ts';

const NAMES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/**
 * Finds MNIST's four IDX files (`.gz` or raw) under `mnist/` (or directly) in
 * `--data` when given, else in order: `$GRADLAB_DATA`, `../shared/data` beside
 * the checkout (as the labs' tests do), the gradlab cache. Never downloads.
 */
export function findMnist(
  dataFlag: string | null,
): { root: string; files: EpochCase['files'] } | { missing: string } {
  const checkout = fileURLToPath(new URL('../../', import.meta.url));
  const roots = dataFlag
    ? [dataFlag]
    : [
        process.env.GRADLAB_DATA,
        join(checkout, '..', 'shared', 'data'),
        join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'gradlab'),
      ].filter((d): d is string => !!d);
  for (const root of roots) {
    for (const dir of [join(root, 'mnist'), root]) {
      const files = Object.fromEntries(
        Object.entries(NAMES).map(([k, n]) => [
          k,
          [`${n}.gz`, n].map((f) => join(dir, f)).find((f) => existsSync(f)),
        ]),
      ) as Record<keyof typeof NAMES, string | undefined>;
      if (Object.values(files).every((f) => f !== undefined)) {
        return { root: resolve(root), files: files as EpochCase['files'] };
      }
    }
  }
  return { missing: `MNIST IDX files not found under ${roots.map((r) => resolve(r)).join(', ')}` };
}
