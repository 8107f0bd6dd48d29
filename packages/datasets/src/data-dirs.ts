import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where a loader looks for its files and where it downloads them. */
export interface DataDirOptions {
  /**
   * A data directory searched first. It holds the usual sub-folders (`mnist/`,
   * `cifar10/`, `csv/`…); a folder that holds the files directly works too.
   */
  root?: string;
}

/**
 * The per-user cache directory: `$XDG_CACHE_HOME/gradlab`, else
 * `~/.cache/gradlab`. Downloads land here unless a `root` is given.
 */
export function cacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return xdg ? join(xdg, 'gradlab') : join(homedir(), '.cache', 'gradlab');
}

/**
 * The directories a loader searches, in order: the explicit `root`, then
 * `$GRADLAB_DATA`, then {@link cacheDir}. Duplicates are removed.
 */
export function dataSearchDirs(options: DataDirOptions = {}): string[] {
  const dirs: string[] = [];
  if (options.root) dirs.push(resolve(options.root));
  const env = process.env.GRADLAB_DATA;
  if (env) dirs.push(resolve(env));
  dirs.push(cacheDir());
  return [...new Set(dirs)];
}
