import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../test-support/readme-example.js';

it('the README example runs as written and prints a summary', async () => {
  const logs = await runReadmeExample(new URL('../README.md', import.meta.url), {
    '@gradlab/nn': '../index.js',
  });
  expect(logs).toHaveLength(1);
  expect(String(logs[0]![0])).toContain('Total params: 131');
});
