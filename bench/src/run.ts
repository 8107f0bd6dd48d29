/**
 * gradlab's benchmark suite: our kernels and training loops on the chosen
 * backend against PyTorch and TensorFlow.js timed in the same run (see
 * bench/README.md).
 *
 *   pnpm --filter @gradlab/bench bench [--only matmul|conv|mlp|cnn|xor|epoch] [--quick]
 *                                      [--backend wasm|cpu] [--threads N] [--data DIR]
 */
import { readFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, loadavg } from 'node:os';
import {
  type Backend,
  createGpuBackend,
  GpuBackend,
  GpuUnavailableError,
  getBackend,
  setBackend,
  WasmBackend,
} from '@gradlab/tensor';
import { type Flags, parseFlags, SUITES } from './flags.ts';
import { runSuite } from './suites.ts';
import { loadTfjs } from './tfjs-reference.ts';
import { now } from './timing.ts';
import { ompWaitPolicy, PYTHON, runTorch } from './torch-reference.ts';

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1]!.trim();
  } catch {
    // not Linux: fall through
  }
  return cpus()[0]?.model ?? 'unknown';
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * The gpu backend (on a real adapter unless --gpu-mode names a CPU-side mode),
 * or null after a clear skip message. Timings wait for the device by reading
 * results back, with `await` (WebGPU's read-back is asynchronous).
 */
async function gpuOrSkip(flags: Flags): Promise<Backend | null> {
  try {
    return setBackend(await createGpuBackend({ mode: flags.gpuMode, asyncMode: flags.gpuAsync }));
  } catch (e) {
    if (!(e instanceof GpuUnavailableError)) throw e;
    console.log(`bench: --backend gpu skipped: ${e.message}`);
  }
  return null;
}

async function main(): Promise<void> {
  const started = now();
  const flags = parseFlags(process.argv.slice(2));
  const backend =
    flags.backend === 'gpu'
      ? await gpuOrSkip(flags)
      : flags.backend === 'wasm'
        ? setBackend(new WasmBackend({ threads: flags.threads }))
        : setBackend('cpu');
  if (!backend) return;
  const threads = backend instanceof WasmBackend ? backend.threads : 1;
  if (threads !== flags.threads) flags.threads = threads;
  const torchThreads = [...new Set([1, 2, threads])].sort((a, b) => a - b);
  const suites = flags.only ? [flags.only] : SUITES;

  console.log('## gradlab benchmarks\n');
  console.log(`- date: ${new Date().toISOString()}`);
  const args = process.argv.slice(2).join(' ');
  console.log(`- command: node ${process.execArgv.join(' ')} src/run.ts ${args}`.trimEnd());
  console.log(`- machine: ${cpuModel()}, ${availableParallelism()} logical CPUs (${arch()})`);
  console.log(`- load average before: ${load()}`);
  if (loadavg()[0]! > 0.5) {
    console.log(
      '- **warning: the machine is busy (load average > 0.5); the figures, 2-thread ones above all, are not clean**',
    );
  }
  console.log(`- node ${process.version}, V8 ${process.versions.v8}`);
  // scripts/tuned-malloc.mjs sets this (pnpm bench goes through it); torch's process inherits it.
  console.log(
    `- GLIBC_TUNABLES: ${process.env.GLIBC_TUNABLES ?? "unset (glibc's default malloc thresholds)"}`,
  );
  const fma =
    backend instanceof WasmBackend
      ? backend.fma
        ? ', relaxed-SIMD FMA'
        : ', SIMD mul+add'
      : backend instanceof GpuBackend
        ? ` (gpu.js ${backend.mode} mode${backend.readsAsync ? ', results through promises' : ''})`
        : '';
  console.log(
    `- ours: @gradlab/tensor backend '${getBackend().name}'${fma}, ${threads} thread${threads > 1 ? 's' : ''}, float32; ratio column: ours ÷ torch at ${threads} thread${threads > 1 ? 's' : ''}`,
  );

  const torch = runTorch([], torchThreads);
  if ('unavailable' in torch) {
    console.log(`- PyTorch reference: unavailable (${torch.unavailable})`);
  } else {
    const got = torchThreads.map((t) => `${t} → ${torch.threads[t] ?? '?'}`).join(', ');
    console.log(
      `- PyTorch ${torch.version} (${PYTHON}), threads: torch.set_num_threads(n) → get_num_threads(): ${got}; OMP_WAIT_POLICY=${ompWaitPolicy()}; mkldnn ${torch.mkldnn ? 'on' : 'off'}`,
    );
    console.log(`- torch BLAS config: ${torch.blasConfig}; loaded: ${torch.blasLibrary}`);
  }
  if (suites.some((s) => s !== 'conv' && s !== 'epoch')) {
    const tf = await loadTfjs();
    if ('unavailable' in tf) console.log(`- TensorFlow.js: ${tf.unavailable}`);
    else {
      const wasm =
        'threads' in tf.info.wasm ? `${tf.info.wasm.threads} thread` : tf.info.wasm.unavailable;
      console.log(
        `- TensorFlow.js ${tf.info.version} (bench devDependency): cpu backend (plain JS); wasm backend: ${wasm}`,
      );
    }
  }
  if (flags.quick) console.log('- --quick: short budgets, matmul up to n = 512, conv at batch 8');
  console.log(
    '- training benchmarks use random inputs and labels of the real shapes; figures are medians after warm-up',
  );

  for (const suite of suites) await runSuite(suite, { flags, torchThreads });

  console.log(
    `\nratio = ours ÷ torch at ${threads} thread${threads > 1 ? 's' : ''} as a speed ratio (torch's time ÷ ours; 1 = parity).`,
  );
  console.log(`\n- load average after: ${load()}; whole run ${(now() - started).toFixed(0)} s`);
  if (backend instanceof WasmBackend) await backend.dispose();
  process.exit(0);
}

// tfjs-backend-wasm's Emscripten glue rethrows unhandled errors with its whole minified
// source; report errors here instead.
main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
