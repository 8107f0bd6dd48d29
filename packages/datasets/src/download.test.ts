import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCifar10 } from './cifar10.js';
import { type DownloadProgress, downloadFile } from './download-file.js';
import { ensureFiles } from './ensure-files.js';
import { DataNotFoundError } from './locate-files.js';
import { loadMnist } from './mnist.js';
import { idxImages, idxLabels, tempDir } from './test-fixtures.js';

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

describe('downloads from a local HTTP server (127.0.0.1 only)', () => {
  const { dir, cleanup } = tempDir();
  const images = gzipSync(idxImages(5, 4, 4, (i, p) => (i * 16 + p) % 256));
  const labels = gzipSync(idxLabels([0, 1, 2, 3, 4]));
  const files: Record<string, Uint8Array> = {
    '/files/train-images-idx3-ubyte.gz': images,
    '/files/train-labels-idx1-ubyte.gz': labels,
    '/big.bin': new Uint8Array(200_000).fill(7),
  };
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = req.url ?? '';
      if (url === '/broken.bin') {
        // promises 100 000 bytes, sends 1000, then drops the connection
        res.writeHead(200, { 'content-length': '100000' });
        res.write(new Uint8Array(1000));
        setTimeout(() => res.destroy(), 20);
        return;
      }
      if (url === '/slow.bin') {
        res.writeHead(200, { 'content-length': '100000' });
        res.write(new Uint8Array(1000)); // and never finishes
        return;
      }
      const body = files[url];
      if (!body) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-length': String(body.length) }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    cleanup();
  });

  const noPart = (d: string) => !existsSync(d) || readdirSync(d).every((f) => !f.endsWith('.part'));

  it('writes the file atomically and verifies its md5; progress is reported', async () => {
    const dest = join(dir, 'a', 'big.bin');
    const seen: DownloadProgress[] = [];
    await downloadFile(`${base}/big.bin`, dest, {
      md5: md5(files['/big.bin']!),
      progress: (p) => seen.push(p),
    });
    expect(readFileSync(dest).length).toBe(200_000);
    expect(seen.at(-1)).toMatchObject({ received: 200_000, total: 200_000, file: 'big.bin' });
    expect(noPart(join(dir, 'a'))).toBe(true);
  });

  it('a checksum mismatch keeps nothing', async () => {
    const dest = join(dir, 'b', 'big.bin');
    await expect(
      downloadFile(`${base}/big.bin`, dest, { md5: '0'.repeat(32), progress: false }),
    ).rejects.toThrow(
      /checksum mismatch for http:\/\/127.0.0.1:\d+\/big.bin: md5 [0-9a-f]{32}, expected 0{32}/,
    );
    expect(existsSync(dest)).toBe(false);
    expect(noPart(join(dir, 'b'))).toBe(true);
  });

  it('a connection dropped half-way leaves no half-written file', async () => {
    const dest = join(dir, 'c', 'broken.bin');
    await expect(downloadFile(`${base}/broken.bin`, dest, { progress: false })).rejects.toThrow(
      /broken.bin/,
    );
    expect(existsSync(dest)).toBe(false);
    expect(noPart(join(dir, 'c'))).toBe(true);
  });

  it('an abort (as on Ctrl-C) removes the partial file', async () => {
    const dest = join(dir, 'd', 'slow.bin');
    const controller = new AbortController();
    const p = downloadFile(`${base}/slow.bin`, dest, {
      signal: controller.signal,
      progress: () => controller.abort(new Error('stop')),
    });
    await expect(p).rejects.toThrow();
    expect(existsSync(dest)).toBe(false);
    expect(noPart(join(dir, 'd'))).toBe(true);
  });

  it('HTTP errors name the URL and status', async () => {
    await expect(
      downloadFile(`${base}/missing.bin`, join(dir, 'e', 'x'), { progress: false }),
    ).rejects.toThrow(/cannot download http:\/\/127.0.0.1:\d+\/missing.bin: HTTP 404/);
  });

  it('ensureFiles downloads what is missing into root, then finds it there', async () => {
    vi.stubEnv('GRADLAB_DATA', '');
    const root = join(dir, 'root');
    const spec = {
      subdirs: ['mnist'],
      downloadSubdir: 'mnist',
      files: [
        {
          name: 'train-images-idx3-ubyte.gz',
          mirrors: [`${base}/nowhere/`, `${base}/files/`],
          md5: md5(images),
        },
        { name: 'train-labels-idx1-ubyte.gz', mirrors: [`${base}/files/`], md5: md5(labels) },
      ],
    };
    try {
      const paths = await ensureFiles('test', spec, { root, progress: false });
      expect(paths).toEqual([
        join(root, 'mnist', 'train-images-idx3-ubyte.gz'),
        join(root, 'mnist', 'train-labels-idx1-ubyte.gz'),
      ]);
      // the downloaded fixture is a valid MNIST folder now
      const ds = await loadMnist({ root, download: false });
      expect(ds.images.shape).toEqual([5, 1, 4, 4]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('loadMnist tries the mirror and checks the published md5 (fixture bytes fail it, nothing kept)', async () => {
    vi.stubEnv('GRADLAB_DATA', '');
    vi.stubEnv('XDG_CACHE_HOME', join(dir, 'cache'));
    const root = join(dir, 'mirror-root');
    try {
      const p = loadMnist({ root, mirrors: [`${base}/files/`], progress: false });
      await expect(p).rejects.toBeInstanceOf(DataNotFoundError);
      await expect(p).rejects.toThrow(
        /Downloading failed[\s\S]*checksum mismatch[\s\S]*expected f68b3c2dcbeaaa9fbdd348bbdeb94873/,
      );
      expect(noPart(join(root, 'mnist'))).toBe(true);
      expect(existsSync(join(root, 'mnist', 'train-images-idx3-ubyte.gz'))).toBe(false);
      const c = loadCifar10({ root, mirrors: [`${base}/files/`], progress: false });
      await expect(c).rejects.toThrow(/loadCifar10: cannot find data_batch_1.bin[\s\S]*HTTP 404/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('GRADLAB_OFFLINE turns downloads off', async () => {
    vi.stubEnv('GRADLAB_DATA', '');
    vi.stubEnv('GRADLAB_OFFLINE', '1');
    vi.stubEnv('XDG_CACHE_HOME', join(dir, 'cache'));
    try {
      await expect(
        loadMnist({ root: join(dir, 'off'), mirrors: [`${base}/files/`] }),
      ).rejects.toThrow(/Downloading is off/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
