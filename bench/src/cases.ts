import type { Repeats } from './timing.ts';
import type { EpochCase, TrainCase } from './train-cases.ts';

/**
 * One benchmark case, described in plain data so that the same list drives our
 * timings and the PyTorch script (bench/py/torch_bench.py reads it as JSON).
 */
export type BenchCase = MatmulCase | ConvCase | TrainCase | EpochCase;

export interface MatmulCase extends Repeats {
  id: string;
  kind: 'matmul';
  /** Square SGEMM: [n, n] · [n, n], float32. */
  n: number;
  flops: number;
}

/** Which part of a convolution layer's training step is timed. */
export type ConvOp = 'forward' | 'backwardInput' | 'backwardWeight';

export interface ConvCase extends Repeats {
  id: string;
  kind: 'conv';
  op: ConvOp;
  /** Layer name, e.g. `conv2 32→32 14×14`. */
  layer: string;
  /** Input [N, C, H, W]. */
  x: [number, number, number, number];
  /** Weight [out, in, kh, kw]. */
  w: [number, number, number, number];
  /** Symmetric zero padding ('same' for odd kernels at stride 1). */
  padding: number;
  flops: number;
}

/** The three convolutions of LABS.md's `mnist-cnn-bn` (5×5 'same', stride 1). */
const CNN_LAYERS: { layer: string; c: number; out: number; hw: number }[] = [
  { layer: 'conv1 1→32 28×28', c: 1, out: 32, hw: 28 },
  { layer: 'conv2 32→32 14×14', c: 32, out: 32, hw: 14 },
  { layer: 'conv3 32→64 7×7', c: 32, out: 64, hw: 7 },
];

export interface SuiteOptions {
  quick: boolean;
}

export function matmulCases({ quick }: SuiteOptions): MatmulCase[] {
  const plan: [number, Repeats][] = quick
    ? [
        [128, { warmup: 2, repeats: 3 }],
        [512, { warmup: 1, repeats: 1 }],
      ]
    : [
        [128, { warmup: 5, repeats: 15 }],
        [512, { warmup: 2, repeats: 7 }],
        // ≈ 2 s a run on the reference cpu backend (4 s on tfjs-cpu): keep the repeats few.
        [1024, { warmup: 1, repeats: 5 }],
      ];
  return plan.map(([n, r]) => ({ id: `matmul-${n}`, kind: 'matmul', n, flops: 2 * n ** 3, ...r }));
}

export function convCases({ quick }: SuiteOptions): ConvCase[] {
  // The course trains with batch 64; --quick keeps the shapes but uses batch 8.
  const batch = quick ? 8 : 64;
  // Eight warm-up runs: a fresh process runs the first half-dozen calls of a case in V8's
  // baseline tiers (≈ 25 ms against ≈ 3 ms for conv1's forward), which one warm-up left in
  // the median.
  const r: Repeats = quick ? { warmup: 1, repeats: 1 } : { warmup: 8, repeats: 5 };
  const ops: ConvOp[] = ['forward', 'backwardInput', 'backwardWeight'];
  return CNN_LAYERS.flatMap(({ layer, c, out, hw }) =>
    ops.map((op): ConvCase => {
      const k = 5;
      // Each of the three ops is one GEMM of the same size: 2·N·out·in·k²·H·W flops.
      const flops = 2 * batch * out * c * k * k * hw * hw;
      return {
        id: `${layer.split(' ')[0]}-${op}`,
        kind: 'conv',
        op,
        layer: `${layer} (batch ${batch})`,
        x: [batch, c, hw, hw],
        w: [out, c, k, k],
        padding: (k - 1) / 2,
        flops,
        ...r,
      };
    }),
  );
}
