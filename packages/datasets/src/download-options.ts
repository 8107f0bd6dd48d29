import type { DataDirOptions } from './data-dirs.js';
import type { ProgressCallback } from './download-file.js';

/** Options every file-backed loader accepts. */
export interface DownloadOptions extends DataDirOptions {
  /**
   * Download missing files from the dataset's canonical location into `root`
   * (when given) or the cache. Default `true`, unless `GRADLAB_OFFLINE` is set
   * to a non-empty value other than `0`.
   */
  download?: boolean;
  /** Base URLs tried instead of the canonical ones (a local mirror; tests use this). */
  mirrors?: readonly string[];
  /** Download progress: `true` for a bar on stderr (default when stderr is a terminal), or a callback. */
  progress?: boolean | ProgressCallback;
}

/** Whether downloads are on for these options. */
export function downloadEnabled(options: DownloadOptions): boolean {
  if (options.download !== undefined) return options.download;
  const offline = process.env.GRADLAB_OFFLINE;
  return !offline || offline === '0';
}
