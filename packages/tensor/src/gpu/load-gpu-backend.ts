import type { Backend } from '../backend.js';
import { backendByName, listBackends, registerBackend } from '../backend-registry.js';
import { isNode } from '../wasm/node-require.js';
import { GpuBackend } from './gpu-backend.js';
import { type GpuJsInstance, KernelRunner } from './kernel-runner.js';

/** gpu.js modes the backend can run its kernels in. */
export type GpuMode = 'webgpu' | 'webgl2' | 'webgl' | 'headlessgl' | 'webasm' | 'cpu';

export interface GpuBackendOptions {
  /**
   * Where the kernels run. Default 'auto': WebGPU where an adapter answers,
   * else WebGL2/WebGL in a browser or headless-gl in Node where it is built.
   * 'webasm' and 'cpu' run the very same kernels on the CPU through gpu.js
   * (slow; for testing the kernels on machines without a GPU).
   */
  mode?: 'auto' | GpuMode;
  /** The gpu.js module, for bundlers or setups where `import('gpu.js')` cannot find it. */
  gpujs?: unknown;
  /**
   * Make every kernel call resolve through a promise, as WebGPU always does
   * (only `await x.data()` reads back then). For testing that path without a GPU.
   */
  asyncMode?: boolean;
  /**
   * Bytes of kernel outputs after which the backend asks for a full garbage
   * collection (default 1 GiB; `Infinity` never). Device arrays are freed
   * when the arrays holding them are collected, and V8 neither sees device
   * memory nor runs the finalizers that free it before a full collection.
   * Applies on a GPU (and with `asyncMode`); needs `globalThis.gc` — in Node
   * it is turned on for this (`--expose-gc`), in browsers only where exposed.
   */
  memoryBudget?: number;
}

/** Thrown by {@link createGpuBackend} when gpu.js or a GPU adapter is missing. */
export class GpuUnavailableError extends Error {
  constructor(reason: string) {
    super(`gpu backend unavailable: ${reason}`);
    this.name = 'GpuUnavailableError';
  }
}

interface GpuJsModule {
  /** gpu.js's one WebGPU device, shared by all its instances (2.24+). */
  WebGPUContext?: { destroy(): Promise<void> };
  GPU: (new (settings: {
    mode: string;
  }) => GpuJsInstance) & {
    isWebGPUAvailable(): Promise<boolean>;
    readonly isWebGL2Supported: boolean;
    readonly isWebGLSupported: boolean;
    readonly isHeadlessGLSupported: boolean;
  };
}

async function importGpuJs(given: unknown): Promise<GpuJsModule> {
  if (given) return given as GpuJsModule;
  const name = 'gpu.js'; // a variable: the package is optional and bundlers must not require it
  try {
    const m = (await import(/* @vite-ignore */ name)) as GpuJsModule & { default?: GpuJsModule };
    return m.GPU ? m : (m.default as GpuJsModule);
  } catch (e) {
    throw new GpuUnavailableError(
      `the optional package gpu.js is not installed or did not load (${(e as Error).message.split('\n')[0]}); install it with \`npm install gpu.js\``,
    );
  }
}

/** In Node, gives gpu.js a `navigator.gpu` from the `webgpu` package (Dawn) that gpu.js depends on. */
async function provideNodeWebGpu(): Promise<string | null> {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (!isNode || nav?.gpu) return null;
  try {
    if (process.platform === 'linux' && !(await hasVulkanLoader())) {
      return 'WebGPU: the Vulkan loader (libvulkan.so.1) is not installed';
    }
    const { createRequire } = await import('node:module');
    const { pathToFileURL } = await import('node:url');
    const here = createRequire(import.meta.url);
    let path: string;
    try {
      path = createRequire(here.resolve('gpu.js')).resolve('webgpu');
    } catch {
      path = here.resolve('webgpu');
    }
    const webgpu = (await import(pathToFileURL(path).href)) as {
      create(flags: string[]): unknown;
      globals: Record<string, unknown>;
    };
    Object.assign(globalThis, webgpu.globals);
    const gpu = webgpu.create([]);
    if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
    else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
    return null;
  } catch (e) {
    return `the webgpu package did not load (${(e as Error).message.split('\n')[0]})`;
  }
}

/**
 * Whether libvulkan.so.1, which Dawn needs on Linux, is where the dynamic
 * loader looks: on LD_LIBRARY_PATH, in the usual library folders, or named in
 * the loader's cache (/etc/ld.so.cache, which lists every library ldconfig
 * found, wherever the distribution keeps it).
 */
async function hasVulkanLoader(): Promise<boolean> {
  const { existsSync, readFileSync } = await import('node:fs');
  try {
    if (readFileSync('/etc/ld.so.cache').includes('libvulkan.so.1')) return true;
  } catch {
    // no cache (musl, or a minimal image): the folders below decide
  }
  const dirs = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`,
    '/usr/lib64',
    '/usr/lib',
    '/lib64',
    '/lib',
    '/usr/local/lib',
  ];
  return dirs.some((d) => existsSync(`${d}/libvulkan.so.1`));
}

/** What the WebGPU adapter here says of itself. */
export interface WebGpuAdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  /**
   * A software adapter (SwiftShader, Mesa's lavapipe) that runs on the CPU:
   * right, but slower than the wasm backend, so `mode: 'auto'` passes it by.
   */
  isFallbackAdapter: boolean;
}

interface AdapterLike {
  info?: Partial<WebGpuAdapterInfo>;
  isFallbackAdapter?: boolean;
}

/**
 * The WebGPU adapter the gpu backend would use here (in Node through the
 * `webgpu` package that gpu.js brings), or `null` with the reason why there is
 * none. Starts nothing that stays: for checking what a machine offers.
 */
export async function findWebGpuAdapter(): Promise<
  { adapter: WebGpuAdapterInfo; reason?: undefined } | { adapter: null; reason: string }
> {
  const missing = await provideNodeWebGpu();
  if (missing) return { adapter: null, reason: missing };
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } })
    .navigator?.gpu;
  if (!gpu) return { adapter: null, reason: 'WebGPU: not available (no navigator.gpu)' };
  let found: AdapterLike | null = null;
  try {
    found = (await gpu.requestAdapter()) as AdapterLike | null;
  } catch (e) {
    return { adapter: null, reason: `WebGPU: requestAdapter failed (${(e as Error).message})` };
  }
  if (!found) return { adapter: null, reason: 'WebGPU: no adapter answered' };
  const info = found.info ?? {};
  return {
    adapter: {
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      description: info.description ?? '',
      isFallbackAdapter: info.isFallbackAdapter ?? found.isFallbackAdapter ?? false,
    },
  };
}

type Found = { adapter: WebGpuAdapterInfo; reason?: undefined } | { adapter: null; reason: string };

/**
 * The adapter gpu.js's WebGPU device was opened on, or why there is none.
 * A software adapter is passed by unless `software` (before its device is
 * opened: a device keeps a Node process alive until destroyed).
 */
async function openWebGpu(m: GpuJsModule, software: boolean): Promise<Found> {
  const found = await findWebGpuAdapter();
  if (!found.adapter) return found;
  if (found.adapter.isFallbackAdapter && !software) {
    return {
      adapter: null,
      reason: `WebGPU: only a software adapter answered (${found.adapter.description || found.adapter.architecture}), which runs on the CPU, slower than the CPU backends (ask for mode 'webgpu' to use it anyway)`,
    };
  }
  let opened = false;
  try {
    opened = await m.GPU.isWebGPUAvailable();
  } catch {
    opened = false;
  }
  return opened ? found : { adapter: null, reason: 'WebGPU: no device could be opened' };
}

/** The best GPU mode here (with the WebGPU adapter, when it is that), or why there is none. */
async function pickMode(
  m: GpuJsModule,
): Promise<{ mode: GpuMode; adapter: WebGpuAdapterInfo | null } | string> {
  const webgpu = await openWebGpu(m, false);
  if (webgpu.adapter) return { mode: 'webgpu', adapter: webgpu.adapter };
  if (!isNode && m.GPU.isWebGL2Supported) return { mode: 'webgl2', adapter: null };
  if (!isNode && m.GPU.isWebGLSupported) return { mode: 'webgl', adapter: null };
  if (isNode && m.GPU.isHeadlessGLSupported) return { mode: 'headlessgl', adapter: null };
  return `${webgpu.reason}; ${isNode ? 'headless-gl: not built' : 'WebGL: not available'}`;
}

/**
 * Loads gpu.js (an optional peer dependency, imported only here) and builds a
 * gpu backend, or throws {@link GpuUnavailableError} saying what is missing.
 */
export async function createGpuBackend(options: GpuBackendOptions = {}): Promise<GpuBackend> {
  const m = await importGpuJs(options.gpujs);
  const wanted = options.mode ?? 'auto';
  let mode: GpuMode;
  let adapter: WebGpuAdapterInfo | null = null;
  if (wanted === 'auto') {
    const picked = await pickMode(m);
    if (typeof picked === 'string')
      throw new GpuUnavailableError(`no GPU adapter found (${picked})`);
    ({ mode, adapter } = picked);
  } else if (wanted === 'webgpu') {
    const found = await openWebGpu(m, true);
    if (!found.adapter) throw new GpuUnavailableError(`no WebGPU adapter found (${found.reason})`);
    mode = wanted;
    adapter = found.adapter;
  } else {
    if (!['webgl2', 'webgl', 'headlessgl', 'webasm', 'cpu'].includes(wanted)) {
      throw new GpuUnavailableError(`no GPU adapter found (${wanted})`);
    }
    mode = wanted;
  }
  const gpu = new m.GPU({ mode });
  const onDevice = (mode !== 'cpu' && mode !== 'webasm') || options.asyncMode === true;
  const budget = options.memoryBudget ?? 2 ** 30;
  if (!(budget > 0)) throw new Error(`createGpuBackend: memoryBudget must be > 0, got ${budget}`);
  const collect = onDevice && Number.isFinite(budget) ? await findGc() : null;
  return new GpuBackend(
    new KernelRunner(gpu, options.asyncMode ?? false, collect ? { budget, collect } : undefined),
    mode,
    adapter,
    mode === 'webgpu' ? holdWebGpuDevice(m) : undefined,
  );
}

/** Live gpu backends on WebGPU: they share gpu.js's one device. */
let webGpuHolders = 0;

/** Counts a backend on gpu.js's WebGPU device; its release destroys the device after the last one. */
function holdWebGpuDevice(m: GpuJsModule): () => Promise<void> {
  webGpuHolders++;
  return async () => {
    webGpuHolders--;
    if (webGpuHolders === 0) await m.WebGPUContext?.destroy();
  };
}

/** A full garbage collection, where the platform offers one. */
async function findGc(): Promise<(() => void) | null> {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return () => exposed();
  if (!isNode) return null;
  try {
    const v8 = await import('node:v8');
    const vm = await import('node:vm');
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? () => gc() : null;
  } catch {
    return null;
  }
}

/** Fallback messages already shown (each is said once). */
const warned = new Set<string>();

/**
 * What `--backend gpu` does: creates the gpu backend and registers it as
 * 'gpu' (or takes the one already registered, so a program has one GPU
 * context). Where there is no GPU (or gpu.js is not installed) it says so once,
 * through `log`, and returns the fast CPU backend ('wasm', else 'cpu') instead.
 */
export async function loadGpuBackend(
  options: GpuBackendOptions & {
    log?: (message: string) => void;
    /**
     * The caller reads values synchronously (`item()`, `dataSync()`), which
     * WebGPU cannot serve: a WebGPU-only machine then falls back too.
     */
    syncReads?: boolean;
  } = {},
): Promise<Backend> {
  try {
    const registered = listBackends().includes('gpu') ? backendByName('gpu') : undefined;
    const reuse = registered instanceof GpuBackend && !registered.disposed;
    const backend = reuse ? registered : await createGpuBackend(options);
    if (options.syncReads && backend.readsAsync) {
      if (backend !== registered) await backend.dispose();
      throw new GpuUnavailableError(
        `the GPU here is reached through ${backend.mode === 'webgpu' ? 'WebGPU' : `gpu.js's ${backend.mode} mode with asyncMode`}, which reads results back only asynchronously (await x.data()), while this program reads them synchronously (item(), dataSync())`,
      );
    }
    registerBackend(backend);
    return backend;
  } catch (e) {
    if (!(e instanceof GpuUnavailableError)) throw e;
    const fallback = backendByName(listBackends().includes('wasm') ? 'wasm' : 'cpu');
    const message = `gpu: ${e.message.replace('gpu backend unavailable: ', '')}. Falling back to the '${fallback.name}' backend (CPU): the same results, without GPU acceleration. See "GPU backend" in @gradlab/tensor's README.`;
    if (!warned.has(message)) {
      warned.add(message);
      (options.log ?? console.warn)(message);
    }
    return fallback;
  }
}
