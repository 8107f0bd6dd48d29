/**
 * scripts/tuned-malloc.mjs, which `pnpm --filter labs start` and the bench go through: the child
 * gets glibc's malloc tunables (unless told otherwise), its arguments, and its exit status.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const launcher = fileURLToPath(new URL('../../../../scripts/tuned-malloc.mjs', import.meta.url));
const labsDir = fileURLToPath(new URL('../..', import.meta.url));
const entry = join(mkdtempSync(join(tmpdir(), 'tuned-malloc-')), 'entry.ts');
writeFileSync(
  entry,
  'const args: string[] = process.argv.slice(2);\nconsole.log(JSON.stringify({ tunables: process.env.GLIBC_TUNABLES ?? null, args }));\nprocess.exit(Number(args[0] ?? 0));\n',
);

function launch(args: string[], env: Record<string, string | undefined> = {}) {
  const merged = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
  const r = spawnSync(process.execPath, [launcher, ...args], {
    cwd: labsDir, // where tsx resolves, as under `pnpm --filter labs start`
    env: merged,
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('scripts/tuned-malloc.mjs', () => {
  it('runs the entry through tsx with the malloc tunables, passing arguments and the exit status', () => {
    const r = launch([entry, '3', '--flag'], {
      GLIBC_TUNABLES: undefined,
      GRADLAB_MALLOC: undefined,
    });
    expect(r.status).toBe(3);
    expect(JSON.parse(r.out)).toEqual({
      tunables: 'glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824',
      args: ['3', '--flag'],
    });
  });
  it('keeps a GLIBC_TUNABLES already set, and GRADLAB_MALLOC=default leaves malloc alone', () => {
    const kept = launch([entry], { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' });
    expect(JSON.parse(kept.out).tunables).toBe('glibc.malloc.arena_max=2');
    const off = launch([entry], { GLIBC_TUNABLES: undefined, GRADLAB_MALLOC: 'default' });
    expect(JSON.parse(off.out).tunables).toBeNull();
  });
  it('says how to call it when the entry is missing', () => {
    const r = launch([]);
    expect(r.status).toBe(2);
    expect(r.err).toContain('usage: node scripts/tuned-malloc.mjs <entry.ts> [args…]');
  });
});
