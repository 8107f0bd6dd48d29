import { type BenchCase, convCases, matmulCases } from './cases.ts';
import type { Flags, Suite } from './flags.ts';
import { findMnist } from './mnist-files.ts';
import { runOurs } from './ours.ts';
import { runOursEpoch } from './ours-epoch.ts';
import { runOursTraining } from './ours-models.ts';
import { printTable, type Row, type TableSpec, type Unit } from './table.ts';
import { runTfjs, TFJS_BACKENDS } from './tfjs-reference.ts';
import { runTorch, type TorchReference } from './torch-reference.ts';
import { cnnCases, type EpochCase, lstmCases, mlpCases, xorCases } from './train-cases.ts';

export interface SuiteContext {
  flags: Flags;
  /** Thread counts torch runs with (1, 2 and ours). */
  torchThreads: number[];
}

const TITLES: Record<Suite, [string, Unit]> = {
  matmul: ['SGEMM: matmul([n, n], [n, n]), float32', 'GFLOP/s'],
  conv: [
    "mnist-cnn-bn convolutions (5×5 'same'): conv2d, conv2dBackwardInput, conv2dBackwardWeight",
    'GFLOP/s',
  ],
  mlp: ['MNIST MLP training, random data of MNIST shape', 'samples/s'],
  cnn: ['mnist-cnn-bn CNN training, random data of MNIST shape', 'samples/s'],
  lstm: ["lstm-weather's stacked LSTM training, random data of its shape", 'samples/s'],
  xor: ['XOR MLP training: per-op overhead', 'steps/s'],
  epoch: ['mnist-mlp: one epoch on the real MNIST training set (60 000 images)', 's/epoch'],
};

const log = (line: string) => process.stderr.write(`${line}\n`);

function casesOf(suite: Suite, ctx: SuiteContext): BenchCase[] | string {
  const quick = ctx.flags.quick;
  switch (suite) {
    case 'matmul':
      return matmulCases(ctx.flags);
    case 'conv':
      return convCases(ctx.flags);
    case 'mlp':
      return mlpCases(quick);
    case 'cnn':
      return cnnCases(quick);
    case 'lstm':
      return lstmCases(quick);
    case 'xor':
      return xorCases(quick);
    case 'epoch': {
      const found = findMnist(ctx.flags.data);
      if ('missing' in found) return found.missing;
      const c: EpochCase = {
        id: 'epoch-mnist-mlp',
        kind: 'epoch',
        label: `mnist-mlp 784-128-64-10, Adam lr 0.001, batch 64, shuffled${quick ? ', first 6 000 images (--quick)' : ''}`,
        batch: 64,
        lr: 1e-3,
        seed: 0,
        files: found.files,
        warmupSteps: 20,
        limit: quick ? 6000 : null,
      };
      return [c];
    }
  }
}

/** Runs one suite (ours, torch, tfjs in turn, minutes apart at most) and prints its table. */
export async function runSuite(suite: Suite, ctx: SuiteContext): Promise<TorchReference | null> {
  const [title, unit] = TITLES[suite];
  const cases = casesOf(suite, ctx);
  if (typeof cases === 'string') {
    console.log(`\n### ${title}\n\nSkipped: ${cases}.`);
    return null;
  }
  const seconds = new Map<string, Row['seconds']>(cases.map((c) => [c.id, {}]));
  const notes: string[] = [];
  for (const c of cases) {
    log(`ours: ${c.id} …`);
    if (c.kind === 'epoch') {
      const found = findMnist(ctx.flags.data);
      const r = await runOursEpoch(c, 'root' in found ? found.root : '');
      seconds.get(c.id)!.ours = r.seconds;
      notes.push(epochNote(imagesOf(c), 'ours', r));
    } else if (c.kind === 'train') seconds.get(c.id)!.ours = (await runOursTraining(c)).median;
    else seconds.get(c.id)!.ours = (await runOurs(c)).median;
  }
  log(`torch: ${cases.length} cases × threads ${ctx.torchThreads.join(', ')} …`);
  const torch = runTorch(cases, ctx.torchThreads);
  for (const c of cases) {
    for (const t of ctx.torchThreads) {
      const r = 'results' in torch ? torch.results[t]?.[c.id] : undefined;
      if (typeof r === 'object' && r !== undefined)
        notes.push(epochNote(imagesOf(c), `torch ${t} thr`, r));
      seconds.get(c.id)![`torch ${t}`] = typeof r === 'object' ? r.seconds : r;
    }
  }
  if ('unavailable' in torch) notes.push(`PyTorch reference unavailable: ${torch.unavailable}`);
  if (suite === 'cnn') {
    notes.push(
      'tfjs-cpu not run: PERF.md measured 0.45 samples/s for this CNN (over 2 min a step); tfjs-wasm is checked for the Conv2DBackpropFilter kernel it needs',
    );
  }
  const tfjsCases = suite === 'conv' || suite === 'epoch' ? [] : cases;
  for (const backend of tfjsCases.length > 0 ? TFJS_BACKENDS : []) {
    log(`tfjs-${backend}: ${tfjsCases.length} cases …`);
    const got = await runTfjs(tfjsCases, backend);
    for (const c of tfjsCases) {
      const r = got[c.id];
      seconds.get(c.id)![`tfjs-${backend}`] = typeof r === 'object' ? r.median : r;
    }
  }
  const rows: Row[] = cases.map((c) => ({
    label: labelOf(c),
    work: c.kind === 'matmul' || c.kind === 'conv' ? c.flops : c.kind === 'train' ? c.batch : 1,
    seconds: seconds.get(c.id)!,
  }));
  if (unit === 'steps/s') for (const r of rows) r.work = 1;
  const t = ctx.flags.threads;
  const spec: TableSpec = {
    title,
    unit,
    refs: [
      ...ctx.torchThreads.map((n) => ({ key: `torch ${n}`, heading: `torch ${n} thr` })),
      { key: 'tfjs-cpu', heading: 'tfjs-cpu' },
      { key: 'tfjs-wasm', heading: 'tfjs-wasm' },
    ],
    ratio: { key: `torch ${t}`, heading: `torch ${t} thr` },
  };
  printTable(spec, suite === 'conv' ? withConvTotals(cases, rows) : rows);
  if (notes.length > 0) console.log('');
  for (const n of notes) console.log(`- ${n}`);
  return 'unavailable' in torch ? null : torch;
}

function labelOf(c: BenchCase): string {
  if (c.kind === 'matmul') return `SGEMM n=${c.n}`;
  if (c.kind === 'conv') return `${c.layer} ${c.op}`;
  return c.label;
}

function epochNote(
  images: number,
  who: string,
  r: { seconds: number; loadSeconds: number; trainLoss: number; testAccuracy: number },
) {
  return `${who}: epoch ${r.seconds.toFixed(2)} s (${Math.round(images / r.seconds)} samples/s), mean train loss ${r.trainLoss.toFixed(3)}, test accuracy ${(100 * r.testAccuracy).toFixed(2)} % after the epoch; reading the IDX files took ${r.loadSeconds.toFixed(2)} s (not timed)`;
}

/** Adds per-layer and overall fwd+bwd rows (sums of the parts' times) to the conv rows. */
function withConvTotals(cases: readonly BenchCase[], rows: readonly Row[]): Row[] {
  const total = (label: string, parts: Row[]): Row => {
    const keys = new Set(parts.flatMap((p) => Object.keys(p.seconds)));
    const seconds: Row['seconds'] = {};
    for (const k of keys) {
      seconds[k] = parts.every((p) => typeof p.seconds[k] === 'number')
        ? parts.reduce((s, p) => s + (p.seconds[k] as number), 0)
        : undefined;
    }
    return { label, work: parts.reduce((s, p) => s + p.work, 0), seconds };
  };
  const out: Row[] = [];
  const layers = [...new Set(cases.map((c) => (c.kind === 'conv' ? c.layer : '')))];
  for (const layer of layers) {
    const parts = rows.filter((_, i) => {
      const c = cases[i]!;
      return c.kind === 'conv' && c.layer === layer;
    });
    out.push(...parts, total(`**${layer}: fwd + bwd**`, parts));
  }
  out.push(total('**all three layers: fwd + bwd**', [...rows]));
  return out;
}

const imagesOf = (c: BenchCase) => (c.kind === 'epoch' ? (c.limit ?? 60000) : 0);
