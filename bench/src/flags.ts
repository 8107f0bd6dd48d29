/** Command-line flags of the benchmark runner (see bench/README.md). */
export const SUITES = ['matmul', 'conv', 'mlp', 'cnn', 'lstm', 'xor', 'epoch'] as const;
export type Suite = (typeof SUITES)[number];

export interface Flags {
  only: Suite | null;
  quick: boolean;
  backend: 'wasm' | 'cpu' | 'gpu';
  /** Threads of our wasm backend (the cpu backend is single-threaded). */
  threads: number;
  /** MNIST directory for the `epoch` benchmark (else $GRADLAB_DATA, ../shared/data, the cache). */
  data: string | null;
  /** gpu.js mode of `--backend gpu` ('auto': WebGPU, else WebGL / headless-gl). */
  gpuMode: (typeof GPU_MODES)[number];
  /** Every gpu kernel result through a promise, as under WebGPU (checks that path without a GPU). */
  gpuAsync: boolean;
}

export const GPU_MODES = [
  'auto',
  'webgpu',
  'webgl2',
  'webgl',
  'headlessgl',
  'webasm',
  'cpu',
] as const;

const USAGE =
  'usage: pnpm bench [--only matmul|conv|mlp|cnn|lstm|xor|epoch] [--quick] [--backend wasm|cpu|gpu] [--threads N] [--data DIR] [--gpu-mode auto|webgpu|webgl2|webgl|headlessgl|webasm|cpu] [--gpu-async]';

export function parseFlags(argv: readonly string[]): Flags {
  const flags: Flags = {
    only: null,
    quick: false,
    backend: 'wasm',
    threads: 2,
    data: null,
    gpuMode: 'auto',
    gpuAsync: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split('=', 2) : [arg];
    const value = () => inline ?? argv[++i] ?? '';
    switch (name) {
      case '--quick':
        flags.quick = true;
        break;
      case '--only': {
        const v = value();
        if (!SUITES.includes(v as Suite))
          fail(`--only: expected one of ${SUITES.join(', ')}, got '${v}'`);
        flags.only = v as Suite;
        break;
      }
      case '--backend': {
        const v = value();
        if (v !== 'wasm' && v !== 'cpu' && v !== 'gpu')
          fail(`--backend: expected wasm, cpu or gpu, got '${v}'`);
        flags.backend = v;
        break;
      }
      case '--threads': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 64)
          fail(`--threads: expected an integer 1..64, got '${v}'`);
        flags.threads = n;
        break;
      }
      case '--data':
        flags.data = value();
        if (!flags.data) fail('--data: expected a directory');
        break;
      case '--gpu-mode': {
        const v = value();
        if (!GPU_MODES.includes(v as Flags['gpuMode']))
          fail(`--gpu-mode: expected one of ${GPU_MODES.join(', ')}, got '${v}'`);
        flags.gpuMode = v as Flags['gpuMode'];
        break;
      }
      case '--gpu-async':
        flags.gpuAsync = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        fail(`unknown flag '${arg}' (${USAGE})`);
    }
  }
  if ((flags.gpuMode !== 'auto' || flags.gpuAsync) && flags.backend !== 'gpu')
    fail('--gpu-mode and --gpu-async apply to --backend gpu only');
  if (flags.backend !== 'wasm') flags.threads = 1;
  return flags;
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}
