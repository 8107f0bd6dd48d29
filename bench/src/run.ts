/**
 * gradlab's benchmark suite: our kernels on the active backend against
 * PyTorch timed in the same run (see bench/README.md).
 *
 *   pnpm --filter @gradlab/bench bench [--only matmul|conv] [--quick]
 */
import { readFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, loadavg } from 'node:os';
import { getBackend } from '@gradlab/tensor';
import { type BenchCase, convCases, matmulCases } from './cases.ts';
import { runOurs } from './ours.ts';
import { gflops } from './timing.ts';
import { ompWaitPolicy, PYTHON, runTorch } from './torch-reference.ts';

/** Threads our backend uses: the cpu reference backend is single-threaded. */
const OUR_THREADS = 1;
/** PyTorch thread counts: ours, and 2 (the project machines' core count) for reference. */
const TORCH_THREADS = [OUR_THREADS, 2];
const SUITES = ['matmul', 'conv'] as const;
type Suite = (typeof SUITES)[number];

interface Flags {
  only: Suite | null;
  quick: boolean;
}

function parseFlags(argv: readonly string[]): Flags {
  const flags: Flags = { only: null, quick: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (arg === '--quick') flags.quick = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg.includes('=') ? arg.slice('--only='.length) : argv[++i];
      if (!SUITES.includes(value as Suite)) {
        fail(`--only: expected one of ${SUITES.join(', ')}, got '${value ?? ''}'`);
      }
      flags.only = value as Suite;
    } else if (arg === '--help' || arg === '-h') {
      console.log('usage: pnpm bench [--only matmul|conv] [--quick]');
      process.exit(0);
    } else fail(`unknown flag '${arg}' (usage: pnpm bench [--only matmul|conv] [--quick])`);
  }
  return flags;
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

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

const fmt = (x: number, digits = 3) =>
  x >= 100 ? x.toFixed(0) : x >= 1 ? x.toPrecision(digits) : x.toPrecision(2);

function ratioCell(ours: number, torch: number | undefined): string {
  if (torch === undefined) return '—';
  const r = ours / torch;
  return r >= 1 ? `${fmt(r)} (${fmt(r)}× faster)` : `${fmt(r)} (${fmt(1 / r)}× slower)`;
}

interface Row {
  label: string;
  flops: number;
  /** Median seconds: ours, then torch per thread count. */
  ours: number;
  torch: Record<string, number | undefined>;
}

function printTable(title: string, rows: readonly Row[]): void {
  const head = [
    'benchmark',
    'ours ms',
    'ours GFLOP/s',
    ...TORCH_THREADS.map((t) => `torch ${t} thr GFLOP/s`),
    ...TORCH_THREADS.map((t) => `ours/torch ${t} thr`),
  ];
  const lines = rows.map((r) => {
    const ours = gflops(r.flops, r.ours);
    const torch = TORCH_THREADS.map((t) => {
      const s = r.torch[t];
      return s === undefined ? undefined : gflops(r.flops, s);
    });
    return [
      r.label,
      fmt(r.ours * 1e3),
      fmt(ours),
      ...torch.map((g) => (g === undefined ? '—' : fmt(g))),
      ...torch.map((g) => ratioCell(ours, g)),
    ];
  });
  console.log(`\n### ${title}\n`);
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const l of lines) console.log(`| ${l.join(' | ')} |`);
}

/** Adds per-layer and overall fwd+bwd rows to the conv rows. */
function convRows(cases: readonly BenchCase[], rowOf: (c: BenchCase) => Row): Row[] {
  const rows: Row[] = [];
  const total = (label: string, parts: Row[]): Row => ({
    label,
    flops: parts.reduce((s, p) => s + p.flops, 0),
    ours: parts.reduce((s, p) => s + p.ours, 0),
    torch: Object.fromEntries(
      TORCH_THREADS.map((t) => [
        t,
        parts.every((p) => p.torch[t] !== undefined)
          ? parts.reduce((s, p) => s + p.torch[t]!, 0)
          : undefined,
      ]),
    ),
  });
  const all: Row[] = [];
  const layers = [...new Set(cases.map((c) => (c.kind === 'conv' ? c.layer : '')))];
  for (const layer of layers) {
    const parts = cases.filter((c) => c.kind === 'conv' && c.layer === layer).map(rowOf);
    rows.push(...parts, total(`**${layer}: fwd + bwd**`, parts));
    all.push(...parts);
  }
  rows.push(total('**all three layers: fwd + bwd**', all));
  return rows;
}

function main(): void {
  const flags = parseFlags(process.argv.slice(2));
  const suites = flags.only ? [flags.only] : SUITES;
  const cases: BenchCase[] = [
    ...(suites.includes('matmul') ? matmulCases(flags) : []),
    ...(suites.includes('conv') ? convCases(flags) : []),
  ];

  console.log('## gradlab benchmarks\n');
  console.log(`- date: ${new Date().toISOString()}`);
  const args = process.argv.slice(2).join(' ');
  console.log(`- command: node ${process.execArgv.join(' ')} src/run.ts ${args}`.trimEnd());
  console.log(`- machine: ${cpuModel()}, ${availableParallelism()} logical CPUs (${arch()})`);
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(`- load average before: ${load()}`);
  if (loadavg()[0]! > 0.5) {
    console.log(
      '- **warning: the machine is busy (load average > 0.5); 2-thread figures in particular will be low**',
    );
  }
  console.log(`- node ${process.version}, V8 ${process.versions.v8}`);
  console.log(
    `- ours: @gradlab/tensor, backend '${getBackend().name}', ${OUR_THREADS} thread, float32`,
  );
  if (flags.quick) console.log('- --quick: fewer repeats, matmul up to n = 512, conv at batch 8');

  const ours = new Map<string, number>();
  for (const c of cases) {
    process.stderr.write(`ours: ${c.id} …\n`);
    ours.set(c.id, runOurs(c).median);
  }
  process.stderr.write(`torch: ${cases.length} cases × threads ${TORCH_THREADS.join(', ')} …\n`);
  const torch = runTorch(cases, TORCH_THREADS);
  if ('unavailable' in torch) {
    console.log(`- PyTorch reference: unavailable (${torch.unavailable}); ours only`);
  } else {
    const got = TORCH_THREADS.map((t) => `${t} → ${torch.threads[t] ?? '?'}`).join(', ');
    console.log(
      `- PyTorch ${torch.version} (${PYTHON}), torch.set_num_threads(n) → get_num_threads(): ${got}; OMP_WAIT_POLICY=${ompWaitPolicy()}; mkldnn ${torch.mkldnn ? 'on' : 'off'}`,
    );
    console.log(`- torch BLAS config: ${torch.blasConfig}`);
    console.log(`- torch BLAS loaded: ${torch.blasLibrary}`);
  }
  const rowOf = (c: BenchCase): Row => ({
    label: c.kind === 'matmul' ? `SGEMM n=${c.n}` : `${c.layer} ${c.op}`,
    flops: c.flops,
    ours: ours.get(c.id)!,
    torch: Object.fromEntries(
      TORCH_THREADS.map((t) => [t, 'results' in torch ? torch.results[t]?.[c.id] : undefined]),
    ),
  });

  console.log(`- load average after: ${load()}`);
  const mm = cases.filter((c) => c.kind === 'matmul');
  if (mm.length > 0) printTable('SGEMM: matmul([n, n], [n, n]), float32', mm.map(rowOf));
  const conv = cases.filter((c) => c.kind === 'conv');
  if (conv.length > 0) {
    printTable(
      "mnist-cnn-bn convolutions (5×5 'same'): conv2d, conv2dBackwardInput, conv2dBackwardWeight",
      convRows(conv, rowOf),
    );
  }
  console.log(
    '\nours/torch = our GFLOP/s ÷ torch GFLOP/s (1 = parity); medians of the timed runs after warm-up.',
  );
}

main();
