/// <reference path="./webassembly.d.ts" />
import { afterAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '../backend-registry.js';
import { conv2d, conv2dBackwardInput, conv2dBackwardWeight } from '../conv.js';
import { matmul } from '../linalg.js';
import type { NDArray } from '../ndarray.js';
import { Generator, randint, randn } from '../random.js';
import { buildGemmModule } from './gemm-kernel.js';
import { MACRO, TASK_INTS, ThreadPool } from './thread-pool.js';
import { WasmBackend, wasmSimdSupported } from './wasm-backend.js';

const supported = wasmSimdSupported();
const g = (seed: number) => ({ generator: new Generator(seed) });

/** max |a − b| / max(1, max |b|): float32 GEMMs differ from the float64-accumulating reference by rounding only. */
function relErr(a: NDArray, b: NDArray): number {
  expect([...a.shape]).toEqual([...b.shape]);
  const x = a.dataSync();
  const y = b.dataSync();
  let err = 0;
  let scale = 1;
  for (let i = 0; i < x.length; i++) {
    err = Math.max(err, Math.abs(x[i]! - y[i]!));
    scale = Math.max(scale, Math.abs(y[i]!));
  }
  return err / scale;
}

describe.skipIf(!supported)('wasm backend matches the cpu reference', () => {
  const threaded = new WasmBackend();
  const single = new WasmBackend({ threads: 1, fma: false });
  afterAll(async () => {
    await threaded.dispose();
    await single.dispose();
  });

  it('generates valid modules with and without shared memory', () => {
    expect(WebAssembly.validate(buildGemmModule(1, 2, false))).toBe(true);
    expect(WebAssembly.validate(buildGemmModule(1, 2, true))).toBe(true);
  });

  it.each([
    ['tiny', 1, 1, 1],
    ['edges not multiple of the 4×8 tile', 5, 13, 7],
    ['MLP layer', 64, 784, 128],
    ['K above the 256 block (accumulating C)', 9, 600, 33],
    ['N above the 1024 block', 6, 300, 2100],
    ['short K, N above its widened block (K × N block ≤ 256 × 1024)', 6, 4, 70_001],
    ['tall and thin', 1000, 3, 2],
  ])('%s: [%i×%i]·[%i×…]', (_name, M, K, N) => {
    const a = randn([M, K], g(M));
    const b = randn([K, N], g(N));
    const ref = matmul(a.to(cpuBackend), b.to(cpuBackend));
    for (const be of [threaded, single])
      expect(relErr(matmul(a.to(be), b.to(be)), ref)).toBeLessThan(2e-6);
  });

  it('handles transposed, strided and broadcast-batch operands without copying them first', () => {
    const a = randn([3, 40, 70], g(1));
    const b = randn([50, 40], g(2)); // used transposed: [40, 50]ᵀ view
    const ref = matmul(a.to(cpuBackend).transpose(1, 2), b.to(cpuBackend).T);
    const got = matmul(a.to(threaded).transpose(1, 2), b.to(threaded).T);
    expect(got.shape).toEqual([3, 70, 50]);
    expect(relErr(got, ref)).toBeLessThan(2e-6);
    const sliced = randn([20, 30], g(3)).to(threaded).slice(1, 0, 30, 2); // column stride 2
    const w = randn([15, 9], g(4)).to(threaded);
    expect(relErr(matmul(sliced, w), matmul(sliced.to(cpuBackend), w.to(cpuBackend)))).toBeLessThan(
      2e-6,
    );
  });

  it('runs convolutions and their gradients (im2col + GEMM) like the reference', () => {
    const x = randn([8, 3, 14, 14], g(5));
    const w = randn([16, 3, 5, 5], g(6));
    const opts = { padding: 'same' as const };
    const yRef = conv2d(x.to(cpuBackend), w.to(cpuBackend), null, opts);
    const y = conv2d(x.to(threaded), w.to(threaded), null, opts);
    expect(relErr(y, yRef)).toBeLessThan(2e-6);
    const gy = randn(y.shape, g(7));
    expect(
      relErr(
        conv2dBackwardInput(gy.to(threaded), w.to(threaded), x.shape, opts),
        conv2dBackwardInput(gy.to(cpuBackend), w.to(cpuBackend), x.shape, opts),
      ),
    ).toBeLessThan(2e-6);
    expect(
      relErr(
        conv2dBackwardWeight(x.to(threaded), gy.to(threaded), w.shape, opts),
        conv2dBackwardWeight(x.to(cpuBackend), gy.to(cpuBackend), w.shape, opts),
      ),
    ).toBeLessThan(2e-6);
  });

  it('runs the fused implicit-im2col convolutions like the reference on every geometry', () => {
    // Stride, dilation, asymmetric 'same' padding, K blocks (C·kh·kw > 256), N blocks
    // (N·outH·outW > 1024), output rows narrower than a panel, and non-contiguous inputs.
    const cases = [
      { x: [2, 3, 9, 11], w: [5, 3, 3, 3], o: { padding: [1, 2] as [number, number] } },
      { x: [3, 4, 10, 7], w: [6, 4, 4, 2], o: { padding: 'same' as const } },
      { x: [2, 2, 13, 12], w: [3, 2, 3, 3], o: { stride: 2, padding: 1 } },
      { x: [2, 3, 12, 12], w: [4, 3, 3, 3], o: { dilation: 2, padding: 2 } },
      { x: [2, 1, 8, 9], w: [4, 1, 3, 3], o: { stride: [2, 3] as [number, number] } },
      { x: [9, 13, 9, 9], w: [7, 13, 5, 5], o: { padding: 'same' as const } },
      { x: [40, 2, 7, 7], w: [9, 2, 3, 3], o: { padding: 3 } },
      // large enough that the gather tasks and the products are split across the threads
      { x: [16, 16, 12, 12], w: [16, 16, 3, 3], o: { padding: 1 } },
      // split by columns (each thread gathers its own panels) with a partial last panel in
      // both orientations: 125 taps, and 1004 columns in the second N block
      { x: [12, 5, 13, 13], w: [32, 5, 5, 5], o: { padding: 'same' as const } },
    ];
    let seed = 20;
    for (const c of cases) {
      const x = randn(c.x, g(seed++));
      const w = randn(c.w, g(seed++));
      const bias = randn([c.w[0]!], g(seed++));
      const yRef = conv2d(x.to(cpuBackend), w.to(cpuBackend), bias.to(cpuBackend), c.o);
      expect(
        relErr(conv2d(x.to(threaded), w.to(threaded), bias.to(threaded), c.o), yRef),
      ).toBeLessThan(2e-6);
      const gy = randn(yRef.shape, g(seed++));
      const gi = conv2dBackwardInput(gy.to(threaded), w.to(threaded), x.shape, c.o);
      const giRef = conv2dBackwardInput(gy.to(cpuBackend), w.to(cpuBackend), x.shape, c.o);
      expect(relErr(gi, giRef)).toBeLessThan(2e-6);
      const gw = conv2dBackwardWeight(x.to(threaded), gy.to(threaded), w.shape, c.o);
      const gwRef = conv2dBackwardWeight(x.to(cpuBackend), gy.to(cpuBackend), w.shape, c.o);
      expect(relErr(gw, gwRef)).toBeLessThan(2e-6);
    }
    // a permuted (non-contiguous) input and gradient
    const xt = randn([5, 6, 3, 4], g(90)).permute(2, 3, 0, 1); // [3, 4, 5, 6]
    const w = randn([2, 4, 3, 3], g(91));
    const ref = conv2d(xt.to(cpuBackend), w.to(cpuBackend), null, { padding: 1 });
    expect(relErr(conv2d(xt.to(threaded), w.to(threaded), null, { padding: 1 }), ref)).toBeLessThan(
      2e-6,
    );
    const gyt = randn([5, 6, 3, 2], g(92)).permute(2, 3, 0, 1); // [3, 2, 5, 6]
    expect(
      relErr(
        conv2dBackwardWeight(xt.to(threaded), gyt.to(threaded), w.shape, { padding: 1 }),
        conv2dBackwardWeight(xt.to(cpuBackend), gyt.to(cpuBackend), w.shape, { padding: 1 }),
      ),
    ).toBeLessThan(2e-6);
  });

  it('runs products with more K blocks than one round of task lists holds', () => {
    // K = 300 000: over a thousand K blocks for each of the two threads' row bands. Small
    // integers keep every partial sum exact in float32, so the result must match exactly.
    const a = randint(-2, 3, [8, 300_000], g(40)).to('float32');
    const b = randint(-2, 3, [300_000, 8], g(41)).to('float32');
    const ref = matmul(a.to(cpuBackend), b.to(cpuBackend));
    expect([...matmul(a.to(threaded), b.to(threaded)).dataSync()]).toEqual([...ref.dataSync()]);
  });

  it('grows its memory for a large product and restarts the workers on the grown memory', () => {
    const be = new WasmBackend({ threads: 2 });
    const a = randn([700, 900], g(10));
    const b = randn([900, 800], g(11));
    const ref = matmul(a.to(cpuBackend), b.to(cpuBackend));
    expect(relErr(matmul(a.to(be), b.to(be)), ref)).toBeLessThan(2e-6);
    expect(relErr(matmul(a.to(be), b.to(be)), ref)).toBeLessThan(2e-6);
    void be.dispose();
  });

  it('a failing worker never leaves the caller waiting', async () => {
    const memory = new WebAssembly.Memory({ initial: 2, maximum: 4, shared: true });
    const module = new WebAssembly.Module(buildGemmModule(2, 4, true));
    const pool = new ThreadPool(1, module, memory);
    const control = (pool as unknown as { control: Int32Array }).control;
    // The caller claims list 0 first and holds it (up to 20 s) until a list has been finished
    // (control word 1 counts them), so the worker — not the caller — claims and runs list 1.
    const untilWorkerFinished = () => {
      const spin = new Int32Array(new SharedArrayBuffer(4));
      for (let i = 0; i < 2000 && Atomics.load(control, 1) < 1; i++) Atomics.wait(spin, 0, 0, 10);
    };
    // The worker's task points past the end of memory: its kernel traps.
    const tasks = new Int32Array(memory.buffer, 0, TASK_INTS);
    tasks.set([MACRO, 1 << 20, 1 << 20, 1 << 20, 1, 1, 1, 32, 0]);
    const lists = [
      { address: 0, count: 0 },
      { address: 0, count: 1 },
    ];
    const ran: number[] = [];
    const record = (i: number) => {
      ran.push(i);
      if (i === 0) untilWorkerFinished();
    };
    expect(pool.run(lists, record)).toBe(false);
    expect(ran).toEqual([0]);
    tasks.set([MACRO, 0, 0, 4096, 1, 1, 1, 32, 0]);
    expect(pool.run(lists, (i) => i === 0 && untilWorkerFinished())).toBe(true);
    await pool.close();
  });

  it('runs every list itself when no worker starts', () => {
    const memory = new WebAssembly.Memory({ initial: 2, maximum: 4, shared: true });
    const module = new WebAssembly.Module(buildGemmModule(2, 4, true));
    // No worker threads at all: as if they were descheduled, still booting or never woken.
    const pool = new ThreadPool(3, module, memory, { startWorkers: false });
    const lists = [0, 1, 0, 2].map((count) => ({ address: 0, count }));
    for (let round = 0; round < 3; round++) {
      const ran: number[] = [];
      expect(pool.run(lists, (i) => ran.push(i))).toBe(true);
      expect(ran).toEqual([0, 1, 2, 3]); // claimed in order, one at a time
    }
    expect(() =>
      pool.run(
        Array.from({ length: 64 }, () => lists[0]!),
        () => {},
      ),
    ).toThrow('ThreadPool.run: 64 lists, at most 63');
  });

  it('thousands of threaded products in a row give exactly the one-thread results', async () => {
    // Each product is large enough to be split over three threads (two workers): a lost or
    // doubled wake-up in the pool's protocol would hang here or corrupt a result.
    const three = new WasmBackend({ threads: 3, fma: false });
    const one = new WasmBackend({ threads: 1, fma: false });
    const gen = g(21);
    for (let trial = 0; trial < 40; trial++) {
      const m = 96 + 8 * (trial % 7);
      const a = randn([m, 160], gen);
      const b = randn([160, 144], gen);
      const ref = Array.from(matmul(a.to(one), b.to(one)).dataSync());
      const a3 = a.to(three);
      const b3 = b.to(three);
      for (let rep = 0; rep < 50; rep++) {
        const got = matmul(a3, b3).dataSync();
        let same = true;
        for (let i = 0; i < got.length; i++) if (got[i] !== ref[i]) same = false;
        expect(same).toBe(true);
      }
    }
    expect(three.threads).toBe(3);
    await three.dispose();
    await one.dispose();
  });

  it('redoes a product on one thread when a worker fails, and keeps working', () => {
    const be = new WasmBackend({ threads: 2 });
    const pool = (be as unknown as { pool: { run: () => boolean } }).pool;
    const realRun = pool.run.bind(pool);
    let failures = 0;
    pool.run = (...args: never[]) => {
      failures++;
      (realRun as (...a: never[]) => boolean)(...args);
      return false; // as if the worker's kernel had trapped
    };
    const a = randn([200, 300], g(12));
    const b = randn([300, 100], g(13));
    const ref = matmul(a.to(cpuBackend), b.to(cpuBackend));
    expect(relErr(matmul(a.to(be), b.to(be)), ref)).toBeLessThan(2e-6);
    expect(failures).toBe(1);
    expect(be.threads).toBe(1);
    expect(relErr(matmul(a.to(be), b.to(be)), ref)).toBeLessThan(2e-6);
  });

  it('leaves float64 and int32 products to the exact reference kernel', () => {
    const a = randn([5, 6], { ...g(8), dtype: 'float64' });
    const b = randn([6, 4], { ...g(9), dtype: 'float64' });
    const ref = matmul(a.to(cpuBackend), b.to(cpuBackend)).dataSync();
    expect(Array.from(matmul(a.to(threaded), b.to(threaded)).dataSync())).toEqual(Array.from(ref));
  });
});
