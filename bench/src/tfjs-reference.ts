import type { BenchCase, MatmulCase } from './cases.ts';
import { type Repeats, type Timing, throughput, time } from './timing.ts';
import type { TrainCase } from './train-cases.ts';

type Tf = typeof import('@tensorflow/tfjs');
export type TfjsBackend = 'cpu' | 'wasm';
export const TFJS_BACKENDS: readonly TfjsBackend[] = ['cpu', 'wasm'];

/** A timing, or why there is none (a string shown in the table cell). */
export type TfjsResult = Timing | string;

export interface TfjsInfo {
  version: string;
  /** Threads the wasm backend reports, or why it did not load. */
  wasm: { threads: number } | { unavailable: string };
}

let loaded: Promise<{ tf: Tf; info: TfjsInfo } | { unavailable: string }> | null = null;

/**
 * Loads @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm (devDependencies of
 * this package only) once. tfjs prints a banner suggesting tfjs-node on stdout;
 * it is swallowed so the Markdown output stays clean.
 */
export function loadTfjs(): Promise<{ tf: Tf; info: TfjsInfo } | { unavailable: string }> {
  loaded ??= (async () => {
    const log = console.log;
    const warn = console.warn;
    console.log = console.warn = () => {};
    try {
      const tf = await import('@tensorflow/tfjs');
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      await tf.setBackend('cpu');
      let wasmInfo: TfjsInfo['wasm'];
      try {
        if (!(await tf.setBackend('wasm'))) throw new Error('setBackend returned false');
        await tf.ready();
        wasmInfo = { threads: wasm.getThreadsCount() };
      } catch (e) {
        wasmInfo = { unavailable: `tfjs wasm backend did not load (${(e as Error).message})` };
      }
      return { tf, info: { version: tf.version.tfjs, wasm: wasmInfo } };
    } catch (e) {
      return { unavailable: `@tensorflow/tfjs not loadable (${(e as Error).message})` };
    } finally {
      console.log = log;
      console.warn = warn;
    }
  })();
  return loaded;
}

/** Times the cases on one tfjs backend; a case tfjs cannot run gets the reason instead. */
export async function runTfjs(
  cases: readonly BenchCase[],
  backend: TfjsBackend,
): Promise<Record<string, TfjsResult>> {
  const lib = await loadTfjs();
  const out: Record<string, TfjsResult> = {};
  if ('unavailable' in lib) {
    // The reason is in the header (run.ts); a table cell says only that there is no figure.
    for (const c of cases) out[c.id] = 'tfjs not loadable';
    return out;
  }
  const { tf, info } = lib;
  if (backend === 'wasm' && 'unavailable' in info.wasm) {
    for (const c of cases) out[c.id] = info.wasm.unavailable;
    return out;
  }
  const { log, warn } = console;
  console.log = console.warn = () => {}; // the tfjs-node banner, printed on first use
  try {
    await tf.setBackend(backend);
    for (const c of cases) {
      if (c.kind === 'matmul') out[c.id] = await tfMatmul(tf, c, backend);
      else if (c.kind === 'train') out[c.id] = await tfTrain(tf, c, backend);
      else out[c.id] = 'not measured';
    }
  } finally {
    console.log = log;
    console.warn = warn;
  }
  return out;
}

async function tfMatmul(tf: Tf, c: MatmulCase, backend: TfjsBackend): Promise<Timing> {
  const a = tf.randomNormal([c.n, c.n], 0, 1, 'float32', 1);
  const b = tf.randomNormal([c.n, c.n], 0, 1, 'float32', 2);
  const once = () => {
    const product = tf.matMul(a, b);
    product.dataSync();
    product.dispose();
  };
  // tfjs-cpu needs ≈ 4 s for n = 1024: fewer repeats for the big cases there.
  const r: Repeats =
    backend === 'cpu' && c.n >= 512
      ? { warmup: 1, repeats: Math.min(c.repeats, 3) }
      : { warmup: c.warmup, repeats: c.repeats };
  const timing = await time(once, r);
  tf.dispose([a, b]);
  return timing;
}

async function tfTrain(tf: Tf, c: TrainCase, backend: TfjsBackend): Promise<TfjsResult> {
  if (c.model === 'cnn') {
    if (!tf.getKernel('Conv2DBackpropFilter', backend)) {
      return `cannot train (no Conv2DBackpropFilter kernel in tfjs-${backend})`;
    }
    return 'not run (too slow)';
  }
  if (c.model === 'lstm') return 'not run (no LSTM in this reference)';
  const sizes = c.model === 'mlp' ? [784, 128, 10] : [2, 4, 1];
  const act = c.model === 'mlp' ? tf.relu : tf.sigmoid;
  const params = sizes
    .slice(1)
    .flatMap((n, i) => [
      tf.variable(tf.randomNormal([sizes[i]!, n], 0, Math.sqrt(2 / sizes[i]!), 'float32', i)),
      tf.variable(tf.zeros([n])),
    ]);
  const forward = (x: import('@tensorflow/tfjs').Tensor2D) => {
    let h = x;
    for (let l = 0; l < params.length; l += 2) {
      h = h.matMul(params[l] as never).add(params[l + 1]!) as typeof x;
      if (l + 2 < params.length || c.model === 'xor') h = act(h);
    }
    return h;
  };
  let x: import('@tensorflow/tfjs').Tensor2D;
  let y: import('@tensorflow/tfjs').Tensor2D;
  if (c.model === 'mlp') {
    x = tf.randomNormal([c.batch, 784], 0, 1, 'float32', 7) as never;
    const labels = Int32Array.from({ length: c.batch }, (_, i) => (i * 7) % 10);
    y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10) as never;
  } else {
    x = tf.tensor2d([0, 0, 0, 1, 1, 0, 1, 1], [4, 2]);
    y = tf.tensor2d([0, 1, 1, 0], [4, 1]);
  }
  const optimizer = c.optimizer === 'sgd' ? tf.train.sgd(c.lr) : tf.train.adam(c.lr);
  const loss = () =>
    c.model === 'mlp'
      ? tf.losses.softmaxCrossEntropy(y, forward(x))
      : tf.losses.meanSquaredError(y, forward(x));
  const timing = await throughput(
    () => tf.tidy(() => void optimizer.minimize(loss as () => never, false)),
    c.budget,
  );
  optimizer.dispose();
  tf.dispose([x, y, ...params]);
  return timing;
}
