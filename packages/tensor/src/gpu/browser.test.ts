/**
 * The gpu backend in a browser: the golden cases (every op against PyTorch)
 * run on gpu.js's WebGL2 and WebGPU modes in headless Chromium, whose
 * SwiftShader gives both without a GPU. WebGL2 is the GPU path most browsers
 * have, and the only place our kernels compile to GLSL, so this is its check.
 *
 * Needs Chromium (Debian: `apt-get install chromium`, which CI does; another
 * binary through GRADLAB_CHROMIUM); skipped, saying so, where there is none.
 * The page is this package's source bundled with esbuild (Node built-ins
 * stubbed: the backends use them only under Node) plus gpu.js's browser build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserGoldenResult } from './test-browser-entry.js';

const require = createRequire(import.meta.url);

const chromium = [
  process.env.GRADLAB_CHROMIUM,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].find((p): p is string => !!p && existsSync(p));

/**
 * Resolves `node:*` imports to an empty module, as Vite does for a browser
 * build: the package must load with nothing there, its Node-only paths
 * never running in a page.
 */
const stubNodeBuiltins: Plugin = {
  name: 'stub-node-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'node-stub' }, () => ({
      contents: 'module.exports = {};',
      loader: 'js',
    }));
  },
};

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./test-browser-entry.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    conditions: ['source'],
    plugins: [stubNodeBuiltins],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

// biome-ignore lint/suspicious/noExplicitAny: playwright-core's types are loaded with it, lazily
let browser: any;
let server: Server | undefined;
let origin = '';

beforeAll(async () => {
  if (!chromium) return;
  const files: Record<string, [type: string, body: string]> = {
    '/': [
      'text/html',
      '<!doctype html><script src="gpu.js"></script><script src="bundle.js"></script>',
    ],
    '/gpu.js': [
      'text/javascript',
      readFileSync(require.resolve('gpu.js/dist/gpu-browser.js'), 'utf8'),
    ],
    '/bundle.js': ['text/javascript', await bundle()],
    '/cases.json': [
      'application/json',
      readFileSync(new URL('../../../../scripts/golden/tensor-ops.json', import.meta.url), 'utf8'),
    ],
  };
  server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (!file) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', file[0]);
    res.end(file[1]);
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  // localhost is a secure context, which WebGPU needs.
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const { chromium: launcher } = await import('playwright-core');
  browser = await launcher.launch({
    executablePath: chromium,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--enable-unsafe-webgpu',
      '--enable-features=Vulkan',
      '--use-vulkan=swiftshader',
      '--use-webgpu-adapter=swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

/**
 * Runs `fn(arg)` in a fresh page of the bundle and returns its result with the
 * page's uncaught errors (which also go into the message when `fn` fails).
 */
async function inPage<A, T>(
  fn: (arg: A) => T | Promise<T>,
  arg: A,
): Promise<{ value: T; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e: Error) => errors.push(e.message));
  try {
    await page.goto(`${origin}/`);
    return { value: (await page.evaluate(fn, arg)) as T, errors };
  } catch (e) {
    throw new Error(
      `${(e as Error).message}${errors.length ? `\npage errors: ${errors.join('; ')}` : ''}`,
    );
  } finally {
    await page.close();
  }
}

/** What the bundle puts on the page's global object (test-browser-entry.ts). */
interface PageGlobals {
  gradlab: {
    runGolden: (mode: string, cases: unknown, gpujs: unknown) => Promise<BrowserGoldenResult>;
    smoke: () => unknown;
  };
  GPU: unknown;
}

/** Runs the golden cases in a fresh page on `mode`. */
async function goldenInPage(mode: string): Promise<BrowserGoldenResult> {
  const run = await inPage(async (m: string) => {
    const w = globalThis as unknown as PageGlobals;
    const cases = await (await fetch('/cases.json')).json();
    return w.gradlab.runGolden(m, cases, w.GPU);
  }, mode);
  return run.value;
}

describe.skipIf(!chromium)(
  `gpu backend in a browser (headless Chromium, SwiftShader)${chromium ? '' : ' — skipped: no Chromium here (apt-get install chromium, or set GRADLAB_CHROMIUM)'}`,
  () => {
    it('the package loads in a page with Node built-ins empty (as bundlers leave them) and computes on wasm', async () => {
      const { value, errors } = await inPage(
        () => (globalThis as unknown as PageGlobals).gradlab.smoke(),
        undefined,
      );
      expect(errors).toEqual([]);
      expect(value).toEqual({ backend: 'wasm', sum: 15, matmul: [5, 14, 14, 50] });
    });

    it.each(['webgl2', 'webgpu'])(
      'every golden case agrees with PyTorch on gpu.js %s mode',
      async (mode) => {
        const result = await goldenInPage(mode);
        expect(result.mode).toBe(mode);
        expect(result.ran).toBeGreaterThan(400);
        expect(result.failures.map((f) => `${f.name}: ${f.problem}`)).toEqual([]);
      },
      300_000,
    );
  },
);
