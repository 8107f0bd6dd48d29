import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('the README example runs as written', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
  const dir = mkdtempSync(join(new URL('.', import.meta.url).pathname, '.readme-'));
  const file = join(dir, 'example.ts');
  const logs: unknown[][] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => logs.push(args);
  try {
    writeFileSync(file, code.replace("from '@gradlab/tensor'", "from '../index.js'"));
    await import(file);
  } finally {
    console.log = original;
    rmSync(dir, { recursive: true, force: true });
  }
  expect(logs).toHaveLength(3);
  const sums = logs[0]![0] as number[];
  for (const s of sums) expect(s).toBeCloseTo(1, 5);
  expect(String(logs[1]![0])).toMatch(/^array\(\[\d, \d, \d, \d\], shape=\[4\], dtype=int32\)$/);
  expect(logs[2]![0]).toEqual([1, 8, 28, 28]);
});
