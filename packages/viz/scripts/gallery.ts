// Writes every figure type with example data as SVG and PNG into gallery/,
// plus a sample report.html. Run: pnpm --filter @gradlab/viz gallery
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImageInput } from '../src/index.js';
import {
  barChart,
  confusionMatrix,
  decisionRegions,
  heatmap,
  histogram,
  imageGrid,
  lineChart,
  Report,
  savePng,
  saveSvg,
  scatterPlot,
  subplots,
  surface3d,
} from '../src/index.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'gallery');
mkdirSync(out, { recursive: true });
const figures: Array<[string, string]> = [];
function write(name: string, svg: string): string {
  saveSvg(join(out, `${name}.svg`), svg);
  savePng(join(out, `${name}.png`), svg, { scale: 1.5 });
  figures.push([name, svg]);
  return svg;
}

// A small seeded generator (mulberry32) and a normal sampler, for example data only.
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
  return { next, normal };
}
const r = rng(42);
const range = (n: number, start = 0) => Array.from({ length: n }, (_, i) => start + i);
const linspace = (a: number, b: number, n: number) =>
  range(n).map((i) => a + ((b - a) * i) / (n - 1));

// 1. Line charts.
const epochs = range(50, 1);
write(
  'line-loss-log',
  lineChart({
    title: 'Training and test loss',
    xLabel: 'epoch',
    yLabel: 'cross-entropy loss',
    yScale: 'log',
    series: [
      {
        name: 'train',
        x: epochs,
        y: epochs.map((e) => 2.3 * Math.exp(-e / 7) + 0.004 + 0.01 * r.next()),
      },
      {
        name: 'test',
        x: epochs,
        y: epochs.map((e) => 2.3 * Math.exp(-e / 8) + 0.05 + 0.01 * r.next()),
        dash: true,
      },
    ],
  }),
);
write(
  'line-accuracy-markers',
  lineChart({
    title: 'Test accuracy per epoch (batch 64, lr 0.1)',
    xLabel: 'epoch',
    yLabel: 'accuracy',
    series: ['manual SGD', 'autograd SGD', 'autograd Adam'].map((name, k) => ({
      name,
      x: range(10, 1),
      y: range(10, 1).map(
        (e) => 0.98 - (0.3 - 0.08 * k) * Math.exp(-e / (2 + k)) - (k < 2 ? 0.08 : 0),
      ),
    })),
  }),
);
const days = range(730).map((d) => new Date(Date.UTC(1981, 0, 1) + d * 86_400_000));
const temps = days.map(
  (_, d) => 11 + 4 * Math.cos((2 * Math.PI * (d - 20)) / 365) + 1.5 * r.normal(),
);
write(
  'line-time-series',
  lineChart({
    title: 'Daily minimum temperature, actual vs predicted',
    xLabel: 'date',
    yLabel: 'temperature (°C)',
    series: [
      { name: 'actual', x: days, y: temps, strokeWidth: 1 },
      {
        name: 'predicted',
        x: days,
        y: days.map((_, d) => 11 + 4 * Math.cos((2 * Math.PI * (d - 20)) / 365)),
        strokeWidth: 2,
      },
    ],
  }),
);

// 2. Scatter plots.
write(
  'scatter-perceptron',
  scatterPlot({
    title: 'EEG toy set and the learned separating line',
    x: [2, 1, 2, 4, 5, 4],
    y: [3, 4, 4, 2, 1, 3],
    labels: [0, 0, 0, 1, 1, 1],
    classNames: ['+1', '−1'],
    xLabel: 'electrode 1',
    yLabel: 'electrode 2',
    lines: [{ name: 'w·x + b = 0', x: [0, 6], y: [-0.5, 6.7], dash: true }],
  }),
);
const iris = range(150).map((i) => {
  const c = Math.floor(i / 50);
  return {
    c,
    x: [5.0, 5.9, 6.6][c]! + 0.4 * r.normal(),
    y: [1.5, 4.3, 5.5][c]! + 0.35 * r.normal(),
  };
});
write(
  'scatter-classes',
  scatterPlot({
    title: 'Iris: sepal length vs petal length',
    x: iris.map((p) => p.x),
    y: iris.map((p) => p.y),
    labels: iris.map((p) => p.c),
    classNames: ['setosa', 'versicolor', 'virginica'],
    xLabel: 'sepal length (cm)',
    yLabel: 'petal length (cm)',
  }),
);
const truth = range(200).map(() => -10 + 20 * r.next());
write(
  'scatter-predicted-vs-true',
  scatterPlot({
    title: 'Predicted vs true',
    x: truth.map((t) => 3 * t * t + 2 * t + 1),
    y: truth.map((t) => 3 * t * t + 2 * t + 1 + 10 * r.normal()),
    xLabel: 'true y',
    yLabel: 'predicted y',
    lines: [{ name: 'ideal', x: [0, 330], y: [0, 330], color: '#d62728', dash: true }],
  }),
);

// 3. Decision regions.
const xor = (a: number, b: number) => {
  const h1 = Math.tanh(4 * a + 4 * b - 2);
  const h2 = Math.tanh(4 * a + 4 * b - 6);
  return 1 / (1 + Math.exp(-(4 * h1 - 4 * h2 - 3)));
};
write(
  'decision-regions-probability',
  decisionRegions({
    title: 'XOR: P(class 1) and the decision boundary',
    fn: xor,
    xRange: [-0.5, 1.5],
    yRange: [-0.5, 1.5],
    points: { x: [0, 0, 1, 1], y: [0, 1, 0, 1], labels: [0, 1, 1, 0] },
    classNames: ['0', '1'],
    xLabel: 'x₁',
    yLabel: 'x₂',
  }),
);
write(
  'decision-regions-classes',
  decisionRegions({
    title: 'Three-class decision regions',
    fn: (a, b) => (a + 0.3 * b < 5.4 ? 0 : a - 0.1 * b < 6.25 ? 1 : 2),
    xRange: [3.8, 8.0],
    yRange: [0, 7.5],
    resolution: 160,
    points: { x: iris.map((p) => p.x), y: iris.map((p) => p.y), labels: iris.map((p) => p.c) },
    classNames: ['setosa', 'versicolor', 'virginica'],
    xLabel: 'sepal length (cm)',
    yLabel: 'petal length (cm)',
  }),
);

// 4. Heatmaps and confusion matrices.
write(
  'heatmap-weights',
  heatmap({
    title: 'Layer 1 weights (after training)',
    values: range(4).map(() => range(6).map(() => 0.8 * r.normal())),
    center: 0,
    xLabel: 'input',
    yLabel: 'hidden unit',
    xLabels: ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'],
    yLabels: ['h1', 'h2', 'h3', 'h4'],
    colorBarLabel: 'weight',
  }),
);
write(
  'heatmap-large',
  heatmap({
    title: 'Weight matrix 64 × 32 (no annotations)',
    values: range(32).map((i) =>
      range(64).map((j) => Math.sin(i / 4) * Math.cos(j / 7) + 0.2 * r.normal()),
    ),
    center: 0,
    xLabel: 'input feature',
    yLabel: 'unit',
  }),
);
const cifar = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];
const yTrue: number[] = [];
const yPred: number[] = [];
for (let i = 0; i < 3000; i++) {
  const t = i % 10;
  yTrue.push(t);
  yPred.push(r.next() < 0.72 ? t : r.next() < 0.5 ? (t + 1) % 10 : Math.floor(r.next() * 10));
}
write(
  'confusion-matrix',
  confusionMatrix({ yTrue, yPred, classNames: cifar, title: 'CIFAR-10 test set' }),
);
write(
  'confusion-matrix-normalized',
  confusionMatrix({
    matrix: [
      [1012, 20],
      [15, 1013],
    ],
    classNames: ['3', '7'],
    normalize: true,
    title: '3 vs 7 (threshold 0.9)',
  }),
);

// 5. Image grids.
const SEGMENTS: Record<string, number[][]> = {
  a: [[6, 5, 21, 5]],
  b: [[21, 5, 21, 14]],
  c: [[21, 14, 21, 23]],
  d: [[6, 23, 21, 23]],
  e: [[6, 14, 6, 23]],
  f: [[6, 5, 6, 14]],
  g: [[6, 14, 21, 14]],
};
const DIGITS = [
  'abcdef',
  'bc',
  'abged',
  'abgcd',
  'fgbc',
  'afgcd',
  'afgedc',
  'abc',
  'abcdefg',
  'abcdfg',
];
function digit(d: number, jitter: number): Float32Array {
  const img = new Float32Array(28 * 28);
  const segs = [...DIGITS[d]!].flatMap((s) => SEGMENTS[s]!);
  if (d === 7) segs.splice(1, 2, [21, 5, 11, 23]);
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      let best = 99;
      for (const [x1, y1, x2, y2] of segs) {
        const dx = x2! - x1!;
        const dy = y2! - y1!;
        const t = Math.max(
          0,
          Math.min(1, ((x - x1! - jitter) * dx + (y - y1!) * dy) / (dx * dx + dy * dy)),
        );
        best = Math.min(best, Math.hypot(x - jitter - (x1! + t * dx), y - (y1! + t * dy)));
      }
      img[y * 28 + x] = Math.max(0, Math.min(1, 1.8 - best));
    }
  }
  return img;
}
const digits: ImageInput[] = range(16).map((i) => ({
  data: digit(i % 10, (i % 3) - 1),
  height: 28,
  width: 28,
}));
write(
  'image-grid-predictions',
  imageGrid({
    title: 'Sample predictions',
    images: digits,
    cols: 8,
    titles: range(16).map((i) => `pred ${i === 5 ? 6 : i % 10} / true ${i % 10}`),
    titleColors: range(16).map((i) => (i === 5 ? '#d62728' : '#222222')),
  }),
);
write(
  'image-grid-templates',
  imageGrid({
    title: 'Weight rows of the linear classifier as 28×28 templates',
    images: range(10).map((d) => {
      const img = digit(d, 0);
      return { data: img.map((v, k) => v - 0.35 + 0.1 * Math.sin(k)), height: 28, width: 28 };
    }),
    titles: range(10).map(String),
    cols: 5,
    cmap: 'bwr',
    range: 'symmetric',
  }),
);
const rgb: ImageInput[] = range(8).map((k) => {
  const data = new Float32Array(3 * 32 * 32);
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) {
      const i = y * 32 + x;
      data[i] = x / 31;
      data[1024 + i] = y / 31;
      data[2048 + i] = (k / 7) * (1 - Math.hypot(x - 16, y - 16) / 23);
    }
  }
  return { data, height: 32, width: 32, channels: 3 as const };
});
write(
  'image-grid-rgb',
  imageGrid({
    title: 'RGB tiles (red → right, green → down)',
    images: rgb,
    titles: range(8).map((k) => `blue ${k}/7`),
    cols: 4,
  }),
);

// 6. The five neuron surfaces, on the same axis ranges.
const ws = linspace(-6, 6, 41);
const bs = linspace(-6, 6, 41);
const sig = (v: number) => 1 / (1 + Math.exp(-v));
const grid = (f: (w: number, b: number) => number) => bs.map((b) => ws.map((w) => f(w, b)));
const target = 0.5;
const surfaces = [
  ['surface-output', 'Neuron output σ(w + b)', 'ŷ', grid((w, b) => sig(w + b))],
  ['surface-l2-loss', 'L2 loss (ŷ − y)²', 'loss', grid((w, b) => (sig(w + b) - target) ** 2)],
  [
    'surface-l2-grad',
    '∂L2/∂w',
    'gradient',
    grid((w, b) => 2 * (sig(w + b) - target) * sig(w + b) * (1 - sig(w + b))),
  ],
  [
    'surface-ce-loss',
    'Cross-entropy loss',
    'loss',
    grid((w, b) => -(target * Math.log(sig(w + b)) + (1 - target) * Math.log(1 - sig(w + b)))),
  ],
  ['surface-ce-grad', '∂CE/∂w', 'gradient', grid((w, b) => sig(w + b) - target)],
] as const;
const surfaceSvgs = surfaces.map(([name, title, zLabel, z]) =>
  write(name, surface3d({ title, x: ws, y: bs, z, xLabel: 'weight w', yLabel: 'bias b', zLabel })),
);
write(
  'surface-view-colorbar',
  surface3d({
    title: 'Same surface, elevation 20°, azimuth 35°',
    x: ws,
    y: bs,
    z: surfaces[1][3],
    xLabel: 'weight w',
    yLabel: 'bias b',
    zLabel: 'loss',
    elevation: 20,
    azimuth: 35,
    colorBar: true,
    cmap: 'magma',
  }),
);

// 7. Bars and histograms.
write(
  'bar-chart-grouped',
  barChart({
    title: 'Final accuracy per optimizer',
    categories: ['SGD', 'SGD + momentum', 'RMSprop', 'Adam'],
    series: [
      { name: 'train', values: [0.912, 0.968, 0.975, 0.981] },
      { name: 'test', values: [0.905, 0.955, 0.962, 0.973] },
    ],
    yLabel: 'accuracy',
  }),
);
write(
  'bar-chart-time',
  barChart({
    title: 'Training time',
    categories: ['batch GD', 'SGD (batch 1)', 'mini-batch 32'],
    series: [{ values: [52.3, 1043, 48.1] }],
    yLabel: 'seconds',
  }),
);
write(
  'histogram',
  histogram({
    title: 'Weights before and after training',
    series: [
      { name: 'initial', values: range(2000).map(() => 0.1 * r.normal()) },
      { name: 'trained', values: range(2000).map(() => 0.25 * r.normal() + 0.05) },
    ],
    bins: 40,
    xLabel: 'weight value',
  }),
);

// 8. Subplots.
const steps = [0, 1000, 2000, 3000];
const sub = subplots(
  steps.map((s) =>
    decisionRegions({
      title: `step ${s}`,
      fn: (a, b) => sig((s / 3000) * 6 * (xor(a, b) - 0.5) + (1 - s / 3000) * (a - 0.5)),
      xRange: [-0.5, 1.5],
      yRange: [-0.5, 1.5],
      resolution: 60,
      points: { x: [0, 0, 1, 1], y: [0, 1, 0, 1], labels: [0, 1, 1, 0] },
      width: 300,
      height: 280,
      legendPosition: 'none',
    }),
  ),
  { cols: 4, title: 'XOR decision regions during training' },
);
write('subplots-xor', sub);
write(
  'subplots-surfaces',
  subplots(surfaceSvgs.slice(0, 3), { cols: 3, title: 'Neuron surfaces' }),
);

// 9. A report with everything inline.
const report = new Report({
  title: 'Gallery report <demo> & "escaping"',
  subtitle: 'lab: gallery · seed 42',
})
  .section('Aim')
  .text(
    'Show every figure type of @gradlab/viz in one self-contained page.\n\nText like <b>this</b> stays text.',
  )
  .section('Procedure')
  .table(
    [
      { key: 'epochs', value: 50 },
      { key: 'lr', value: 0.1 },
      { key: 'optimizer', value: 'Adam' },
    ],
    { caption: 'Configuration' },
  )
  .code(
    'const loss = crossEntropy(model(x), y);\nloss.backward();\nif (a < b && c > d) optimizer.step();',
    'ts',
    'train.ts',
  )
  .section('Data and Results')
  .metrics({ test_accuracy: 0.9731, final_loss: 0.0123, epochs: 50, best_epoch: 37 });
for (const [name, svg] of figures.slice(0, 8)) report.figure(svg, name);
report
  .section('Analysis and Inferences')
  .list([
    'The loss fell from 2.30 to 0.012 (−99.5 %).',
    'The best test epoch was 37; the train/test gap was 0.8 points.',
  ]);
report.save(join(out, 'report.html'));
console.log(`wrote ${figures.length} figures (SVG + PNG) and report.html to ${out}`);
