/**
 * The gpu backend beyond the golden suite (golden.test.ts runs every op case
 * on it): the asynchronous read-back path WebGPU uses, gpu.js's webasm mode,
 * writes through strided views, the kernel cache, and the fallback message
 * where there is no GPU. Kernels run through gpu.js's CPU-side modes here,
 * and the maths that WGSL leaves loose (NaN, infinities, sin/cos accuracy)
 * also on WebGPU where an adapter answers (CI provides SwiftShader's).
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  arange,
  clamp,
  conv2d,
  cpuBackend,
  createGpuBackend,
  findWebGpuAdapter,
  Generator,
  type GpuBackend,
  loadGpuBackend,
  matmul,
  maximum,
  maxPool2dWithIndices,
  minimum,
  NDArray,
  oneHot,
  pow,
  prefetch,
  randn,
  setBackend,
} from '../index.js';
import { mismatch } from '../test-golden.js';

const webgpu = await findWebGpuAdapter();

afterAll(() => {
  setBackend('cpu');
});

/** Max |a − b| over two arrays' values. */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('gpu backend, asynchronous results (as under WebGPU)', () => {
  it('chains ops on pending results and reads them back with data()', async () => {
    const gpu = await createGpuBackend({ mode: 'cpu', asyncMode: true });
    const host = randn([6, 5], { generator: new Generator(1) }).to(cpuBackend);
    const x = host.to(gpu);
    const y = matmul(x, x.T).relu().sum(1);
    const want = matmul(host, host.T).relu().sum(1).dataSync();
    expect(() => y.dataSync()).toThrow(/reads results back asynchronously; use `await x.data\(\)`/);
    expect(maxDiff(await y.data(), want)).toBeLessThan(1e-4);
    // In-place writes through a view queue behind the reads that came before them.
    const z = x.clone();
    const before = z.sum();
    z.narrow(1, 1, 2).fill_(3);
    expect((await z.data())[1]).toBe(3);
    expect(maxDiff(await before.data(), [host.sum().item()])).toBeLessThan(1e-4);
  });

  it('serves synchronous reads after prefetch, until the array is next written', async () => {
    const gpu = await createGpuBackend({ mode: 'cpu', asyncMode: true });
    const host = arange(12).reshape(3, 4).int();
    const x = host.to(gpu).mul(2);
    const y = x.add(1);
    expect(() => x.dataSync()).toThrow(/await prefetch\(\[x\]\)/);
    await prefetch([x, x.T, host]); // one read for x's storage; the host array needs none
    expect(x.dtype).toBe('int32');
    expect(Array.from(x.dataSync())).toEqual(Array.from(host.mul(2).dataSync()));
    // A strided view over the prefetched storage is packed from the host copy.
    expect(x.T.toArray()).toEqual(host.mul(2).T.toArray());
    expect(x.select(1, 2).toArray()).toEqual([4, 12, 20]);
    expect(() => y.sum().item()).toThrow(/asynchronously/); // not prefetched
    x.narrow(0, 0, 1).fill_(-1); // a write: the host copy is stale now
    expect(() => x.dataSync()).toThrow(/asynchronously/);
    expect(Array.from(await x.data()).slice(0, 5)).toEqual([-1, -1, -1, -1, 8]);
  });

  it('moves host data to the device once and keeps serving its synchronous reads', async () => {
    const gpu = (await createGpuBackend({ mode: 'cpu', asyncMode: true })) as GpuBackend;
    const host = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const x = NDArray.fromTypedArray(host, [2, 3], gpu);
    const storage = x.storage as unknown as { value: unknown; hostCopy?: Float32Array };
    expect(storage.value).toBe(host); // not uploaded before a kernel needs it
    const doubled = x.mul(2);
    expect(storage.value).not.toBe(host); // now the device copy (a promise in asyncMode)
    expect(storage.hostCopy).toBe(host);
    expect(Array.from(x.dataSync())).toEqual([1, 2, 3, 4, 5, 6]); // served by the host copy
    expect(x.select(1, 2).toArray()).toEqual([3, 6]);
    expect(Array.from(await x.sum(0).data())).toEqual([5, 7, 9]); // a second kernel reads the device copy
    expect(Array.from(await doubled.data())).toEqual([2, 4, 6, 8, 10, 12]);
    x.add_(1);
    expect(() => x.dataSync()).toThrow(/asynchronously/); // written: the host copy is stale
    expect(Array.from(await x.data())).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('asks for a garbage collection every memoryBudget bytes of outputs, so finalizers free them', async () => {
    const chain = async (memoryBudget: number) => {
      const gpu = (await createGpuBackend({
        mode: 'cpu',
        asyncMode: true,
        memoryBudget,
      })) as GpuBackend;
      let y = randn([64, 64], { generator: new Generator(4), backend: cpuBackend }).to(gpu);
      for (let i = 0; i < 40; i++) y = y.mul(1.001); // 40 outputs of 16 KiB, all but the last garbage
      await y.data();
      await new Promise((r) => setTimeout(r, 20)); // finalizers run in a later task
      return gpu.memory;
    };
    const valve = await chain(64 * 1024);
    expect(valve.collections).toBeGreaterThanOrEqual(9); // 640 KiB made, one per 64 KiB
    expect(valve.liveBytes).toBeLessThanOrEqual(64 * 1024 + 2 * 16384);
    const none = await chain(Number.POSITIVE_INFINITY);
    expect(none.collections).toBe(0);
    expect(none.liveBytes).toBeGreaterThan(30 * 16384); // nothing asked V8 to collect them
  });

  it('one-hot encodes on the device without reading the indices back', async () => {
    const gpu = await createGpuBackend({ mode: 'cpu', asyncMode: true });
    const labels = NDArray.fromTypedArray(Int32Array.from([2, 0, 3, 1, 2]), [5], cpuBackend);
    const dev = labels.to(gpu).add(0); // a kernel result: pending, so a synchronous read would throw
    const got = oneHot(dev, 4);
    expect(got.onHost).toBe(false);
    expect(got.dtype).toBe('float32');
    expect(got.shape).toEqual([5, 4]);
    expect(Array.from(await got.data())).toEqual(Array.from(oneHot(labels, 4).dataSync()));
  });
});

/** Inputs where GPU maths is looser than JavaScript's: NaN, ±∞, ±0, negatives, large arguments. */
const SPECIAL = [
  Number.NaN,
  Infinity,
  -Infinity,
  0,
  -0,
  -1,
  1,
  -2.5,
  0.5,
  1e-30,
  88,
  89,
  -104,
  9.5,
  -20,
];
const WIDE = Array.from({ length: 64 }, (_, i) => (i - 32) * 97.31 + 0.123);

const UNARY: [string, (x: NDArray) => NDArray][] = [
  ['exp', (x) => x.exp()],
  ['expm1', (x) => x.expm1()],
  ['log', (x) => x.log()],
  ['log1p', (x) => x.log1p()],
  ['sqrt', (x) => x.sqrt()],
  ['rsqrt', (x) => x.rsqrt()],
  ['tanh', (x) => x.tanh()],
  ['sigmoid', (x) => x.sigmoid()],
  ['relu', (x) => x.relu()],
  ['sign', (x) => x.sign()],
  ['erf', (x) => x.erf()],
  ['sin', (x) => x.sin()],
  ['cos', (x) => x.cos()],
  ['clamp', (x) => clamp(x, -1, 2)],
  ['pow 0.5', (x) => pow(x, 0.5)],
  ['pow 3', (x) => pow(x, 3)],
  ['maximum', (x) => maximum(x, x.flip(0))],
  ['minimum', (x) => minimum(x, x.flip(0))],
];

describe.each([
  ['gpu.js cpu mode', 'cpu'],
  [`WebGPU (${webgpu.adapter?.description ?? webgpu.reason})`, 'webgpu'],
] as const)('gpu backend maths on %s', (_label, mode) => {
  const skip = mode === 'webgpu' && !webgpu.adapter;
  it.skipIf(skip).each(UNARY)(
    '%s keeps NaN, infinities and float32 accuracy like the cpu backend',
    async (_name, op) => {
      const gpu = await createGpuBackend({ mode });
      for (const values of [SPECIAL, WIDE]) {
        const x = NDArray.fromTypedArray(Float32Array.from(values), [values.length], cpuBackend);
        const want = op(x).dataSync();
        const got = await op(x.to(gpu)).data();
        // The same NaN-ness and infinities, finite values within 2e-6 (relative past 1).
        expect(mismatch(Array.from(got), Array.from(want), 'float32', 2e-6)).toBeNull();
      }
      await gpu.dispose();
    },
  );
});

describe('gpu backend in gpu.js webasm mode', () => {
  it('runs matmul, conv2d and max pooling like the cpu backend', async () => {
    const gpu = await createGpuBackend({ mode: 'webasm' });
    const g = new Generator(2);
    const x = randn([2, 3, 7, 7], { generator: g, backend: cpuBackend });
    const w = randn([4, 3, 3, 3], { generator: g, backend: cpuBackend });
    const ref = conv2d(x, w, undefined, { padding: 1, stride: 2 });
    const got = conv2d(x.to(gpu), w.to(gpu), undefined, { padding: 1, stride: 2 });
    expect(got.backend.name).toBe('gpu');
    expect(maxDiff(got.dataSync(), ref.dataSync())).toBeLessThan(1e-4);
    const p = maxPool2dWithIndices(x.to(gpu), 2);
    const q = maxPool2dWithIndices(x, 2);
    expect(Array.from(p.indices.dataSync())).toEqual(Array.from(q.indices.dataSync()));
    expect(p.indices.dtype).toBe('int32');
    const a = randn([33, 17], { generator: g, backend: cpuBackend });
    expect(
      maxDiff(matmul(a.to(gpu), a.T.to(gpu)).dataSync(), matmul(a, a.T).dataSync()),
    ).toBeLessThan(1e-4);
  });
});

describe('gpu backend in gpu.js cpu mode', () => {
  it('writes through strided views, keeps dtypes, and compiles each geometry once', async () => {
    const gpu = (await createGpuBackend({ mode: 'cpu' })) as GpuBackend;
    const a = arange(24).to(gpu).reshape(2, 3, 4).int();
    expect(a.dtype).toBe('int32');
    const t = a.clone();
    t.permute(2, 0, 1).select(0, 1).fill_(-1);
    const host = arange(24).reshape(2, 3, 4).int();
    host.permute(2, 0, 1).select(0, 1).fill_(-1);
    expect(Array.from(t.dataSync())).toEqual(Array.from(host.dataSync()));
    expect(t.dataSync()).toBeInstanceOf(Int32Array);
    expect(a.gt(5).dataSync()).toBeInstanceOf(Uint8Array);
    const y = randn([8, 8], { backend: gpu, generator: new Generator(3) });
    y.exp().sum();
    const compiled = gpu.kernelsCompiled;
    for (let i = 0; i < 3; i++) y.exp().sum();
    expect(gpu.kernelsCompiled).toBe(compiled);
  });

  it('refuses float64 with a clear error, but converts float64 input', async () => {
    const gpu = await createGpuBackend({ mode: 'cpu' });
    expect(() => NDArray.empty([2], 'float64', gpu)).toThrow(
      /float64 arrays cannot be computed on the GPU/,
    );
    const d = NDArray.fromTypedArray(new Float64Array([1.5, 2.5]), [2], gpu);
    expect(Array.from(d.float().mul(2).dataSync())).toEqual([3, 5]);
  });
});

describe('loadGpuBackend', () => {
  it('explains the fallback once when no GPU adapter answers', async () => {
    const messages: string[] = [];
    const log = (m: string) => messages.push(m);
    const first = await loadGpuBackend({ log });
    if (first.name === 'gpu') return; // a machine with a GPU: nothing to fall back from
    await loadGpuBackend({ log });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^gpu: no GPU adapter found .*Falling back to the '(wasm|cpu)' backend/,
    );
    expect(messages[0]).not.toMatch(/\n\s+at /);
    expect(['wasm', 'cpu']).toContain(first.name);
    // A software WebGPU adapter (SwiftShader, in CI) runs on the CPU: 'auto' says so and passes it by.
    if (webgpu.adapter?.isFallbackAdapter)
      expect(messages[0]).toMatch(/only a software adapter answered/);
  });

  it.skipIf(!webgpu.adapter)(
    'in Node a program on WebGPU exits once its backend is disposed (Dawn holds it open while a device lives)',
    async () => {
      const { execFile } = await import('node:child_process');
      const { fileURLToPath } = await import('node:url');
      const index = fileURLToPath(new URL('../index.ts', import.meta.url));
      const script = `const t = await import(${JSON.stringify(index)});
        const a = await t.createGpuBackend({ mode: 'webgpu' });
        const b = await t.createGpuBackend({ mode: 'webgpu' });
        const x = await t.arange(4).to(a).mul(3).data();
        await a.dispose(); // b still holds the device
        const y = await t.arange(3).to(b).add(1).data();
        await b.dispose();
        console.log([...x, ...y].join(','));`;
      const args = ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script];
      const out = await new Promise<{ code: number | null; stdout: string }>((done) => {
        const child = execFile(process.execPath, args, { timeout: 60_000 }, (_e, stdout) =>
          done({ code: child.exitCode, stdout }),
        );
      });
      expect(out.stdout.trim()).toBe('0,3,6,9,1,2,3');
      expect(out.code).toBe(0); // killed by the timeout, it would be null
    },
    90_000,
  );

  it.skipIf(!webgpu.adapter)('mode webgpu takes the adapter there is and names it', async () => {
    const gpu = (await createGpuBackend({ mode: 'webgpu' })) as GpuBackend;
    expect(gpu.mode).toBe('webgpu');
    expect(gpu.readsAsync).toBe(true);
    expect(gpu.adapter).toEqual(webgpu.adapter);
    const x = arange(6).to(gpu).mul(2);
    expect(() => x.dataSync()).toThrow(/asynchronously/);
    expect(Array.from(await x.data())).toEqual([0, 2, 4, 6, 8, 10]);
    await gpu.dispose();
    expect(gpu.disposed).toBe(true);
  });
});
