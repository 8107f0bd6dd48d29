import { join, resolve } from 'node:path';
import { cacheDir, dataSearchDirs } from './data-dirs.js';
import { downloadFile } from './download-file.js';
import { type DownloadOptions, downloadEnabled } from './download-options.js';
import { DataNotFoundError, locateFile } from './locate-files.js';

/** A file of a dataset, with where to download it from. */
export interface RemoteFile {
  /** The canonical file name (used for the download). */
  name: string;
  /** Other accepted names, e.g. the uncompressed one. */
  aliases?: readonly string[];
  /** Base URLs, tried in order; the file's URL is base + name. */
  mirrors: readonly string[];
  /** The published md5, when there is one. */
  md5?: string;
}

/** A dataset's files and where they live under a data directory. */
export interface DatasetFiles {
  /** Sub-folders tried under each data directory (`''` is the directory itself). */
  subdirs: readonly string[];
  /** Where downloads go under the chosen directory. */
  downloadSubdir: string;
  files: readonly RemoteFile[];
}

/**
 * Finds every file of a dataset along the search path (see `dataSearchDirs`)
 * and downloads the missing ones when allowed. Returns the paths in the order
 * of `spec.files`; throws {@link DataNotFoundError} listing the missing files
 * and the folders searched when they cannot be had.
 */
export async function ensureFiles(
  loader: string,
  spec: DatasetFiles,
  options: DownloadOptions = {},
): Promise<string[]> {
  const dirs = dataSearchDirs(options);
  const find = (f: RemoteFile) => locateFile(dirs, spec.subdirs, [f.name, ...(f.aliases ?? [])]);
  const found = spec.files.map(find);
  const missing = spec.files.filter((_, i) => found[i] === undefined);
  if (missing.length === 0) return found as string[];
  const searched = dirs.flatMap((d) => spec.subdirs.map((s) => join(d, s)));
  const sources = missing.map((f) => (options.mirrors ?? f.mirrors)[0] + f.name);
  if (!downloadEnabled(options)) {
    throw new DataNotFoundError(
      loader,
      missing.map((f) => f.name),
      searched,
      {
        subdir: spec.downloadSubdir,
        sources,
        reason: 'Downloading is off (download: false or GRADLAB_OFFLINE).',
      },
    );
  }
  const target = join(options.root ? resolve(options.root) : cacheDir(), spec.downloadSubdir);
  for (const f of missing) {
    const errors: string[] = [];
    let ok = false;
    for (const base of options.mirrors ?? f.mirrors) {
      try {
        await downloadFile(base + f.name, join(target, f.name), {
          md5: f.md5,
          progress: options.progress,
          caller: loader,
        });
        ok = true;
        break;
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    if (!ok) {
      throw new DataNotFoundError(
        loader,
        missing.map((m) => m.name),
        searched,
        {
          subdir: spec.downloadSubdir,
          sources,
          reason: `Downloading failed (no network?):\n  ${errors.join('\n  ')}`,
        },
      );
    }
  }
  return spec.files.map((f, i) => found[i] ?? join(target, f.name));
}
