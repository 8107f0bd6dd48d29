import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('the README example runs as written and writes its SVG, PNG and report', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code).toBeDefined();
  const out = mkdtempSync(join(tmpdir(), 'viz-readme-'));
  const index = fileURLToPath(new URL('./index.ts', import.meta.url));
  const source = code!
    .replaceAll("from '@gradlab/viz'", `from '${index}'`)
    .replaceAll("'runs/demo/", `'${out}/`);
  const dir = mkdtempSync(join(fileURLToPath(new URL('.', import.meta.url)), '.readme-'));
  try {
    writeFileSync(join(dir, 'example.ts'), source);
    await import(join(dir, 'example.ts'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect(readFileSync(join(out, 'loss.svg'), 'utf8')).toContain('<svg');
  expect(existsSync(join(out, 'loss.png'))).toBe(true);
  expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('Figure 2. Confusion matrix');
});
