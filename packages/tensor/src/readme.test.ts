import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../test-support/readme-example.js';

it('the README example runs as written', async () => {
  const logs = await runReadmeExample(new URL('../README.md', import.meta.url), {
    '@gradlab/tensor': '../index.js',
  });
  expect(logs).toHaveLength(3);
  const sums = logs[0]![0] as number[];
  for (const s of sums) expect(s).toBeCloseTo(1, 5);
  expect(String(logs[1]![0])).toMatch(/^array\(\[\d, \d, \d, \d\], shape=\[4\], dtype=int32\)$/);
  expect(logs[2]![0]).toEqual([1, 8, 28, 28]);
});
