import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../test-support/readme-example.js';

it('the README example runs as written and gives the worked values', async () => {
  const logs = await runReadmeExample(new URL('../README.md', import.meta.url), {
    '@gradlab/autograd': '../index.js',
  });
  expect(logs).toEqual([[49, [28], [14]]]);
});
