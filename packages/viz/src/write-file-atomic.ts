import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file atomically: the data goes to a temporary file in the same
 * folder, which is then renamed over the target, so readers never see a
 * half-written file. Missing parent folders are created. (Node only.)
 *
 * @param path - target file
 * @param data - text (written as UTF-8) or bytes
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  if (typeof path !== 'string' || path.length === 0) {
    throw new Error(
      `writeFileAtomic: path must be a non-empty string, got ${JSON.stringify(path)}`,
    );
  }
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
