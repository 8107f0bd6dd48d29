/**
 * Lab: four optimisers on one noisy quadratic.
 *
 * y = 3x² + 2x + 1 + noise(σ = 10) on 1000 points in [−10, 10], split 80/20 at
 * random, is fitted by a 1-16-8-1 ReLU MLP for 400 epochs of mini-batches of
 * 64 — once with plain SGD (lr 1e-3), SGD with momentum 0.9, RMSprop (1e-3)
 * and Adam (1e-3). All four start from the same initial weights and see the
 * batches in the same order, so the optimiser is the only difference.
 */
import { noGrad, Tensor } from '@gradlab/autograd';
import { DataLoader, makeQuadratic, StandardScaler, trainTestSplit } from '@gradlab/datasets';
import { Linear, type Module, mseLoss, ReLU, Sequential, saveModule } from '@gradlab/nn';
import { Adam, type Optimizer, RMSprop, SGD } from '@gradlab/optim';
import { Generator, linspace, type NDArray } from '@gradlab/tensor';
import { evaluate, fit, type History } from '../../lib/train.js';
import type { LabContext, LabDefinition } from '../../runner/lab.js';
import { fitsFigure, lossFigure, predictedVsTrueFigure } from './figures.js';

/** The four optimisers of the lab, each built on a model's parameters. */
export const OPTIMIZERS: readonly {
  name: string;
  key: string;
  make: (params: ReturnType<Module['parameters']>) => Optimizer;
}[] = [
  { name: 'SGD (lr 1e-3)', key: 'sgd', make: (p) => new SGD(p, { lr: 1e-3 }) },
  {
    name: 'SGD + momentum 0.9',
    key: 'sgd_momentum',
    make: (p) => new SGD(p, { lr: 1e-3, momentum: 0.9 }),
  },
  { name: 'RMSprop (lr 1e-3)', key: 'rmsprop', make: (p) => new RMSprop(p, { lr: 1e-3 }) },
  { name: 'Adam (lr 1e-3)', key: 'adam', make: (p) => new Adam(p, { lr: 1e-3 }) },
];

/** The 1-16-8-1 ReLU MLP, initialised from `generator`. */
export function polyMlp(generator: Generator): Sequential {
  return new Sequential(
    new Linear(1, 16, { generator }),
    new ReLU(),
    new Linear(16, 8, { generator }),
    new ReLU(),
    new Linear(8, 1, { generator }),
  );
}

/** One optimiser's outcome, in the units of y. */
export interface OptimizerResult {
  name: string;
  key: string;
  history: History;
  /** Train and test MSE per epoch, in y's original units. */
  trainMse: number[];
  testMse: number[];
  seconds: number;
  model: Module;
}

/** First epoch (1-based) whose value is ≤ `target`, or null. */
export function firstEpochBelow(values: readonly number[], target: number): number | null {
  const i = values.findIndex((v) => v <= target);
  return i < 0 ? null : i + 1;
}

async function run(ctx: LabContext): Promise<void> {
  const { seed, epochs } = ctx.config;
  const batchSize = Number(ctx.config.batchSize);
  const noise = Number(ctx.config.noise);
  const scale = ctx.config.scale !== false;
  const n = Number(ctx.config.samples);

  const data = makeQuadratic({ nSamples: n, noise, seed });
  const [xTrainRaw, xTestRaw, yTrainRaw, yTestRaw] = trainTestSplit([data.features, data.targets], {
    testSize: 0.2,
    seed: seed + 1,
  }) as [NDArray, NDArray, NDArray, NDArray];
  // Standardise x and y with the training split's statistics: the MSE is then
  // about 1 at the start instead of ~10⁴, so lr 1e-3 neither explodes nor kills the ReLUs.
  const xScaler = new StandardScaler().fit(xTrainRaw);
  const yScaler = new StandardScaler().fit(yTrainRaw);
  const sx = (a: NDArray) => (scale ? xScaler.transform(a) : a);
  const sy = (a: NDArray) => (scale ? yScaler.transform(a) : a);
  const toY = scale ? yScaler.scale![0]! ** 2 : 1; // scaled MSE → MSE in y's units
  const [xTrain, xTest, yTrain, yTest] = [sx(xTrainRaw), sx(xTestRaw), sy(yTrainRaw), sy(yTestRaw)];
  ctx.log(
    `Data: ${n} points, y = 3x² + 2x + 1 + N(0, ${noise}²); ${xTrain.shape[0]} train / ${xTest.shape[0]} test` +
      (scale ? '; x and y standardised on the training split' : '; raw (unscaled) values'),
  );

  const reference = polyMlp(new Generator(seed + 2));
  const initial = Object.fromEntries(
    Object.entries(reference.stateDict()).map(([k, v]) => [k, v.clone()]),
  );
  const testLoader = new DataLoader([xTest, yTest], { batchSize: 256 });
  const results: OptimizerResult[] = [];
  for (const opt of OPTIMIZERS) {
    const model = polyMlp(new Generator(seed + 2));
    model.loadStateDict(initial); // the same start for every optimiser
    const bar = ctx.progress(opt.name, epochs);
    const t0 = performance.now();
    const history = await fit({
      model,
      optimizer: opt.make(model.parameters()),
      loss: (out, target) => mseLoss(out, target),
      // The same seed: every optimiser sees the same batches in the same order.
      train: new DataLoader([xTrain, yTrain], { batchSize, shuffle: true, seed: seed + 3 }),
      val: testLoader,
      epochs,
      onEpochEnd: (_, h) =>
        bar.tick({ train_mse: h.trainLoss.at(-1)! * toY, test_mse: h.valLoss.at(-1)! * toY }),
    });
    const seconds = (performance.now() - t0) / 1000;
    results.push({
      ...opt,
      history,
      trainMse: history.trainLoss.map((v) => v * toY),
      testMse: history.valLoss.map((v) => v * toY),
      seconds,
      model,
    });
    saveModule(model, ctx.outPath(`model-${opt.key.replace('_', '-')}.safetensors`));
  }

  // Final numbers: the train MSE is re-evaluated after the last epoch (fit's is a running mean).
  const trainEval = new DataLoader([xTrain, yTrain], { batchSize: 256 });
  const rows: { r: (typeof results)[number]; trainMse: number; testMse: number }[] = [];
  for (const r of results) {
    const trainMse = (await evaluate(r.model, trainEval, (o, t) => mseLoss(o, t))).loss * toY;
    rows.push({ r, trainMse, testMse: r.testMse.at(-1)! });
  }
  const noiseFloor = noise * noise;
  ctx.table(
    `Final MSE after ${epochs} epochs (batch ${batchSize}, same initial weights); the noise alone gives MSE ≈ σ² = ${noiseFloor}`,
    rows.map(({ r, trainMse, testMse }) => ({
      optimizer: r.name,
      'train MSE': Number(trainMse.toFixed(2)),
      'test MSE': Number(testMse.toFixed(2)),
      'test RMSE': Number(Math.sqrt(testMse).toFixed(2)),
      'best test MSE (epoch)': `${Math.min(...r.testMse).toFixed(2)} (${r.testMse.indexOf(Math.min(...r.testMse)) + 1})`,
      'wall time (s)': Number(r.seconds.toFixed(2)),
    })),
  );
  for (const { r, testMse } of rows) {
    ctx.log(
      `  ${r.name.padEnd(20)} test MSE ${testMse.toFixed(2).padStart(9)}  (${r.seconds.toFixed(1)} s)`,
    );
    ctx.metric(`test_mse_${r.key}`, Number(testMse.toFixed(4)));
    ctx.metric(`wall_time_s_${r.key}`, Number(r.seconds.toFixed(3)));
  }
  ctx.metric('noise_variance', noiseFloor);

  ctx.figure(
    'loss-per-epoch',
    lossFigure(results, noiseFloor),
    'Training (top) and test (bottom) MSE per epoch for the four optimisers, on a log scale, in the units of y. The dashed line is the noise variance σ², the best any model can do on average. Adaptive methods (RMSprop, Adam) and momentum reach it far sooner than plain SGD.',
  );
  const grid = linspace(-10, 10, 201).reshape([201, 1]);
  const curves = results.map((r) => ({
    name: r.name,
    y: Array.from(
      (scale
        ? yScaler.inverseTransform(predict(r.model, sx(grid)))
        : predict(r.model, grid)
      ).dataSync(),
    ),
  }));
  ctx.figure(
    'fits',
    fitsFigure(grid, curves, xTestRaw, yTestRaw),
    'The learned functions over x ∈ [−10, 10] against the test points and the true curve 3x² + 2x + 1 (dashed). A model that has not converged bends away from the parabola, most visibly at the ends.',
  );
  ctx.figure(
    'predicted-vs-true',
    predictedVsTrueFigure(
      results.map((r) => ({
        name: r.name,
        predicted: Array.from(
          (scale
            ? yScaler.inverseTransform(predict(r.model, xTest))
            : predict(r.model, xTest)
          ).dataSync(),
        ),
      })),
      Array.from(yTestRaw.dataSync()),
    ),
    'Predicted vs true y on the test split, one panel per optimiser; points on the diagonal are perfect predictions. The scatter around it that remains after convergence is the σ = 10 noise.',
  );

  observe(ctx, rows, noiseFloor, epochs);
}

/** The model's output for `x`, in evaluation mode without building a graph. */
function predict(model: Module, x: NDArray): NDArray {
  model.eval();
  const out = noGrad(() => model.forward(new Tensor(x)).data);
  model.train();
  return out;
}

function observe(
  ctx: LabContext,
  rows: { r: OptimizerResult; trainMse: number; testMse: number }[],
  noiseFloor: number,
  epochs: number,
): void {
  const sorted = [...rows].sort((a, b) => a.testMse - b.testMse);
  const best = sorted[0]!;
  const worst = sorted.at(-1)!;
  ctx.observe(
    `Lowest final test MSE: ${best.r.name} with ${best.testMse.toFixed(1)} (noise floor σ² = ${noiseFloor}); highest: ${worst.r.name} with ${worst.testMse.toFixed(1)}, ${(worst.testMse / best.testMse).toFixed(1)}× higher.`,
  );
  // 'Close to the noise floor' = within 1.5σ²; without noise, within 1 % of the first epoch's MSE.
  const target = noiseFloor > 0 ? 1.5 * noiseFloor : 0.01 * rows[0]!.r.testMse[0]!;
  const targetText =
    noiseFloor > 0 ? `1.5σ² (${target})` : `1 % of the first epoch's MSE (${target.toFixed(1)})`;
  for (const { r } of rows) {
    const e = firstEpochBelow(r.testMse, target);
    ctx.observe(
      `${r.name}: test MSE went from ${r.testMse[0]!.toFixed(1)} after epoch 1 to ${r.testMse.at(-1)!.toFixed(1)} after epoch ${epochs}; ${e === null ? `it never came within ${targetText}` : `it first came within ${targetText} at epoch ${e}`}.`,
    );
  }
  // How much the test MSE still jumps from one epoch to the next over the last quarter of training.
  const tail = rows.map(({ r }) => {
    const t = r.testMse.slice(Math.floor(0.75 * r.testMse.length));
    const d = t.slice(1).map((v, i) => (v - t[i]!) ** 2);
    return { r, jump: Math.sqrt(d.reduce((a, b) => a + b, 0) / Math.max(d.length, 1)) };
  });
  const jumpy = tail.reduce((a, b) => (b.jump > a.jump ? b : a));
  const calm = tail.reduce((a, b) => (b.jump < a.jump ? b : a));
  const adaptive = jumpy.r.key === 'rmsprop' || jumpy.r.key === 'adam';
  ctx.observe(
    `Over the last quarter of the epochs the test MSE moved most from one epoch to the next with ${jumpy.r.name} (RMS change ${jumpy.jump.toFixed(1)}) and least with ${calm.r.name} (${calm.jump.toFixed(1)})${adaptive ? ': an adaptive method divides by the running gradient magnitude, so its steps do not shrink near the minimum where the gradients are small but noisy' : ''}.`,
  );
  const gaps = rows.map(
    ({ r, trainMse, testMse }) => `${r.name} ${(testMse - trainMse).toFixed(1)}`,
  );
  ctx.observe(
    `Test − train MSE at the end: ${gaps.join(', ')}; with ${rows[0]!.r.model.numParameters()} parameters and ${epochs} epochs the small MLP ${rows.every((x) => x.testMse - x.trainMse < 0.25 * noiseFloor) ? 'does not overfit: every gap is under σ²/4' : 'shows a gap between the splits for some optimisers'}.`,
  );
  const reach = rows.map(({ r }) => {
    const e = firstEpochBelow(r.testMse, target);
    return e === null
      ? `${r.name} not reached`
      : `${r.name} ${((r.seconds * e) / r.testMse.length).toFixed(1)} s`;
  });
  ctx.observe(
    `Wall time for all ${epochs} epochs: ${rows.map(({ r }) => `${r.name} ${r.seconds.toFixed(1)} s`).join(', ')}. Time until the test MSE first came within ${targetText}: ${reach.join(', ')} — the number of epochs needed matters more than the cost of one update.`,
  );
}

export const polyOptimizers: LabDefinition = {
  id: 'poly-optimizers',
  title: 'SGD, momentum, RMSprop and Adam on a noisy quadratic',
  description:
    'A 1-16-8-1 MLP fits y = 3x² + 2x + 1 + noise with SGD, SGD+momentum, RMSprop and Adam from the same start',
  aim: 'Compare how fast and how well four optimisers — SGD, SGD with momentum, RMSprop and Adam — train the same small ReLU network on the same noisy regression problem from the same initial weights.',
  procedure: [
    'Generate 1000 points x ~ U(−10, 10), y = 3x² + 2x + 1 + N(0, σ² = 100); split 80/20 at random.',
    'Standardise x and y with the training split’s mean and standard deviation (--no-scale trains on raw values).',
    'Build a 1-16-8-1 ReLU MLP once and copy its initial weights into one model per optimiser.',
    'Train each model for 400 epochs with mini-batches of 64 (the same shuffled order for all) and MSE loss: SGD lr 1e-3; SGD lr 1e-3 momentum 0.9; RMSprop lr 1e-3; Adam lr 1e-3.',
    'Record train and test MSE per epoch and the wall time; report MSE in the units of y (σ² = 100 is the floor).',
    'Plot the loss curves (log y), the learned functions and predicted vs true y.',
  ],
  flags: [
    { name: 'batchSize', type: 'integer', help: 'mini-batch size', default: 64, min: 1 },
    { name: 'samples', type: 'integer', help: 'number of points', default: 1000, min: 20 },
    {
      name: 'noise',
      type: 'number',
      help: 'standard deviation σ of the noise on y',
      default: 10,
      min: 0,
    },
    {
      name: 'scale',
      type: 'boolean',
      help: 'standardise x and y on the training split (--no-scale: raw values)',
      default: true,
    },
  ],
  epochs: { full: 400, quick: 120 },
  fullRunTime: 'about 20 s',
  source: import.meta.url,
  run,
};
