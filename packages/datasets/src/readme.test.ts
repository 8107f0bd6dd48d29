import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runReadmeExample } from '../../../test-support/readme-example.js';
import { hasSharedData, sharedDataDir, skipNote } from './test-data-dir.js';

beforeAll(() => {
  vi.stubEnv('GRADLAB_DATA', sharedDataDir);
  vi.stubEnv('GRADLAB_OFFLINE', '1');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

it.skipIf(!hasSharedData('mnist'))(
  `the README example runs as written${skipNote('mnist')}`,
  async () => {
    const logs = await runReadmeExample(new URL('../README.md', import.meta.url), {
      '@gradlab/datasets': '../index.js',
    });
    expect(logs).toEqual([
      [938, [64, 1, 28, 28], 'int32'],
      [[30, 4], [120]],
    ]);
  },
);
