import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/** Progress of one download, as given to a {@link ProgressCallback}. */
export interface DownloadProgress {
  url: string;
  file: string;
  received: number;
  /** Total bytes when the server sent a Content-Length, else undefined. */
  total: number | undefined;
}

export type ProgressCallback = (p: DownloadProgress) => void;

export interface DownloadFileOptions {
  /** Expected md5 (hex) of the downloaded bytes; the file is kept only when it matches. */
  md5?: string;
  /** `true` (default when stderr is a terminal): a progress bar on stderr; or a callback. */
  progress?: boolean | ProgressCallback;
  /** Cancels the download; the partial file is removed. */
  signal?: AbortSignal;
  /** Who is asking, for error messages (default `downloadFile`). */
  caller?: string;
}

/**
 * Downloads `url` to `dest` atomically: the bytes go to a temporary
 * `dest.<pid>.part` file beside it, the md5 is checked, and only then is it
 * renamed to `dest`. A failure, a checksum mismatch, an abort or Ctrl-C
 * removes the partial file, so `dest` is either absent or complete.
 */
export async function downloadFile(
  url: string,
  dest: string,
  options: DownloadFileOptions = {},
): Promise<void> {
  const caller = options.caller ?? 'downloadFile';
  mkdirSync(dirname(dest), { recursive: true });
  const part = `${dest}.${process.pid}.part`;
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    controller.abort(new Error('interrupted (Ctrl-C)'));
  };
  process.once('SIGINT', onSigint);
  const report = progressReporter(options.progress, url, basename(dest));
  try {
    let res: Response;
    try {
      res = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    } catch (e) {
      throw new Error(`${caller}: cannot download ${url}: ${describe(e)}`);
    }
    if (!res.ok || !res.body) {
      throw new Error(`${caller}: cannot download ${url}: HTTP ${res.status} ${res.statusText}`);
    }
    const lengthHeader = res.headers.get('content-length');
    const total = lengthHeader ? Number(lengthHeader) : undefined;
    const hash = createHash('md5');
    const file = await open(part, 'w');
    let received = 0;
    try {
      const reader = res.body.getReader();
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (e) {
          throw new Error(
            `${caller}: download of ${url} failed after ${received} bytes: ${describe(e)}`,
          );
        }
        if (chunk.done) break;
        hash.update(chunk.value);
        await file.write(chunk.value);
        received += chunk.value.length;
        report?.({ url, file: basename(dest), received, total });
      }
      await file.sync();
    } finally {
      await file.close();
    }
    if (total !== undefined && received !== total) {
      throw new Error(
        `${caller}: download of ${url} is incomplete: got ${received} of ${total} bytes`,
      );
    }
    const md5 = hash.digest('hex');
    if (options.md5 && md5 !== options.md5.toLowerCase()) {
      throw new Error(
        `${caller}: checksum mismatch for ${url}: md5 ${md5}, expected ${options.md5} (the file was not kept)`,
      );
    }
    renameSync(part, dest);
  } catch (e) {
    rmSync(part, { force: true });
    if (interrupted) {
      process.removeListener('SIGINT', onSigint);
      // Re-raise so the process stops as the user asked, now that nothing is half-written.
      process.kill(process.pid, 'SIGINT');
    }
    throw e;
  } finally {
    process.removeListener('SIGINT', onSigint);
    options.signal?.removeEventListener('abort', onAbort);
    report?.done?.();
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${e.message} (${cause.message})` : e.message;
  }
  return String(e);
}

type Reporter = ProgressCallback & { done?: () => void };

function progressReporter(
  option: boolean | ProgressCallback | undefined,
  url: string,
  name: string,
): Reporter | undefined {
  if (typeof option === 'function') return option;
  const enabled = option ?? Boolean(process.stderr.isTTY);
  if (!enabled) return undefined;
  const start = Date.now();
  let last = 0;
  const draw = (p: DownloadProgress, final = false) => {
    const now = Date.now();
    if (!final && now - last < 100) return;
    last = now;
    const mb = (n: number) => (n / 1e6).toFixed(1);
    const rate = p.received / 1e6 / Math.max((now - start) / 1000, 1e-3);
    let bar = '';
    if (p.total) {
      const frac = Math.min(p.received / p.total, 1);
      const width = 24;
      const filled = Math.round(frac * width);
      bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ${mb(p.received)}/${mb(p.total)} MB`;
    } else {
      bar = `${mb(p.received)} MB`;
    }
    process.stderr.write(`\r${name} ${bar} ${rate.toFixed(1)} MB/s`);
  };
  let lastP: DownloadProgress | undefined;
  process.stderr.write(`downloading ${url}\n`);
  const reporter: Reporter = (p) => {
    lastP = p;
    draw(p);
  };
  reporter.done = () => {
    if (lastP) draw(lastP, true);
    process.stderr.write('\n');
  };
  return reporter;
}
