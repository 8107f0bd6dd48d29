import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One file a loader needs: the names it may have (e.g. with and without `.gz`). */
export interface NeededFile {
  /** Accepted file names, in order of preference. */
  names: readonly string[];
}

/**
 * Finds the first existing file among `dir/sub/name` for every search dir,
 * sub-folder and name, in that order. `''` as a sub-folder means the search
 * dir itself.
 */
export function locateFile(
  dirs: readonly string[],
  subdirs: readonly string[],
  names: readonly string[],
): string | undefined {
  for (const dir of dirs) {
    for (const sub of subdirs) {
      for (const name of names) {
        const p = join(dir, sub, name);
        if (existsSync(p) && statSync(p).isFile()) return p;
      }
    }
  }
  return undefined;
}

/** The error a loader throws when its files are missing and cannot be downloaded. */
export class DataNotFoundError extends Error {
  /** The file names that were not found. */
  readonly missing: readonly string[];
  /** The folders searched. */
  readonly searched: readonly string[];

  constructor(
    loader: string,
    missing: readonly string[],
    searched: readonly string[],
    options: { subdir: string; sources?: readonly string[]; reason?: string },
  ) {
    const lines = [
      `${loader}: cannot find ${missing.join(', ')}.`,
      'Searched these folders (explicit root, then $GRADLAB_DATA, then the cache):',
      ...searched.map((d) => `  ${d}`),
      `Put the files in <data dir>/${options.subdir}/ (plain or .gz) and pass { root: '<data dir>' }, ` +
        `or set GRADLAB_DATA=<data dir> (in this repository: GRADLAB_DATA=../shared/data).`,
    ];
    if (options.sources && options.sources.length > 0) {
      lines.push(`They can be downloaded from: ${options.sources.join(', ')}`);
    }
    if (options.reason) lines.push(options.reason);
    super(lines.join('\n'));
    this.name = 'DataNotFoundError';
    this.missing = missing;
    this.searched = searched;
  }
}
