import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs the first ```ts block of a package README as a module, with the
 * package imports pointed at the local sources, and returns what it logged.
 * Used by each package's readme test so the README example is kept true.
 */
export async function runReadmeExample(
  readmeUrl: URL,
  imports: Record<string, string>,
): Promise<unknown[][]> {
  const readme = readFileSync(readmeUrl, 'utf8');
  const match = /```ts\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error(`runReadmeExample: no \`\`\`ts block in ${readmeUrl.pathname}`);
  let code = match[1]!;
  for (const [from, to] of Object.entries(imports))
    code = code.replaceAll(`from '${from}'`, `from '${to}'`);
  const dir = mkdtempSync(join(dirname(fileURLToPath(readmeUrl)), 'src', '.readme-'));
  const logs: unknown[][] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => logs.push(args);
  try {
    writeFileSync(join(dir, 'example.ts'), code);
    await import(join(dir, 'example.ts'));
  } finally {
    console.log = original;
    rmSync(dir, { recursive: true, force: true });
  }
  return logs;
}
