/**
 * Lab: what one SGD step does to the weights, then an ANN on a real tabular task.
 *
 * Part 1 builds 3 layers of 2 nodes on 4 inputs, takes one SGD step and shows
 * each layer's weight matrix before and after as heatmaps. Part 2 trains a
 * 32-16-1 network (ReLU, sigmoid out) with Adam and binary cross-entropy on
 * standardised Pima diabetes data (or any CSV with --csv/--label): 50 epochs,
 * batch 10, learning curves and test accuracy.
 */
import { Tensor } from '@gradlab/autograd';
import {
  DataLoader,
  SimpleImputer,
  StandardScaler,
  TensorDataset,
  trainTestSplit,
} from '@gradlab/datasets';
import { binaryCrossEntropy, Linear, ReLU, Sequential, Sigmoid, saveModule } from '@gradlab/nn';
import { Adam } from '@gradlab/optim';
import { Generator } from '@gradlab/tensor';
import { confusionMatrix, lineChart, subplots } from '@gradlab/viz';
import { binaryAccuracy, fit } from '../../lib/train.js';
import type { LabContext, LabDefinition } from '../../runner/lab.js';
import { loadBinaryTask } from './load-data.js';
import { sgdWeightUpdate, weightsFigure } from './weights-demo.js';

function part1(ctx: LabContext): void {
  const lr = 0.1;
  const { updates, lossBefore, lossAfter } = sgdWeightUpdate(lr, new Generator(ctx.config.seed));
  for (const u of updates)
    ctx.log(
      `  layer ${u.layer}: W before ${JSON.stringify(u.before.map((r) => r.map((v) => +v.toFixed(3))))} → after ${JSON.stringify(u.after.map((r) => r.map((v) => +v.toFixed(3))))}`,
    );
  ctx.figure(
    'weights-before-after',
    weightsFigure(updates),
    `Weights of the three 2-node layers before and after one SGD step (lr ${lr}, MSE on a random batch of 8). Before and after share one colour scale; the third column is the change, written in units of the power of ten in its title, on its own colour scale (it is small).`,
  );
  const biggest = updates.map((u) => ({
    layer: u.layer,
    change: Math.max(...u.after.flat().map((v, k) => Math.abs(v - u.before.flat()[k]!))),
  }));
  ctx.metric('sgd_step', {
    lr,
    loss_before: lossBefore,
    loss_after: lossAfter,
    max_change_per_layer: biggest.map((b) => b.change),
  });
  ctx.observe(
    `Part 1: one SGD step moved the weights by at most ${biggest.map((b) => `${b.change.toExponential(2)} (layer ${b.layer})`).join(', ')} and lowered the batch loss from ${lossBefore.toFixed(4)} to ${lossAfter.toFixed(4)}; ${biggest[0]!.change < biggest[2]!.change ? 'the layer nearest the output changes most — the gradient shrinks as it flows back through each sigmoid' : 'the first layer changed at least as much as the last here'}.`,
  );
}

async function run(ctx: LabContext): Promise<void> {
  const { epochs, seed } = ctx.config;
  const lr = Number(ctx.config.lr);
  if (!(lr > 0)) throw new Error(`sgd-weights: --lr must be > 0; got ${ctx.config.lr}`);
  if (ctx.config.label !== undefined && ctx.config.csv === undefined)
    throw new Error('sgd-weights: --label only applies with --csv <path>');
  ctx.log('Part 1 — one SGD step over 3 layers of 2 nodes (input 4)');
  part1(ctx);

  const task = await loadBinaryTask(
    ctx.config.csv as string | undefined,
    ctx.config.label as string | undefined,
  );
  ctx.log(
    `Part 2 — ${task.name}: ${task.features.shape[0]} rows, ${task.features.shape[1]} features`,
  );
  const [xTr, xTe, yTr, yTe] = trainTestSplit([task.features, task.targets], {
    testSize: 0.2,
    seed,
    stratify: task.targets.reshape([-1]),
  });
  const imputer = new SimpleImputer().fit(xTr!);
  const scaler = new StandardScaler().fit(imputer.transform(xTr!));
  const prep = (x: typeof xTr) => scaler.transform(imputer.transform(x!));
  const train = new DataLoader(new TensorDataset(prep(xTr), yTr!), {
    batchSize: 10,
    shuffle: true,
    seed,
  });
  const test = new DataLoader(new TensorDataset(prep(xTe), yTe!), { batchSize: 256 });
  const g = new Generator(seed);
  const f = task.features.shape[1]!;
  const model = new Sequential(
    new Linear(f, 32, { generator: g }),
    new ReLU(),
    new Linear(32, 16, { generator: g }),
    new ReLU(),
    new Linear(16, 1, { generator: g }),
    new Sigmoid(),
  );
  const h = await fit({
    model,
    optimizer: new Adam(model.parameters(), { lr }),
    loss: (o, t) => binaryCrossEntropy(o, t),
    train,
    val: test,
    epochs,
    accuracy: binaryAccuracy,
    progress: ctx.progress,
    onEpochEnd: (e, hist) =>
      ctx.log(
        `  epoch ${String(e).padStart(3)}  loss ${hist.trainLoss.at(-1)!.toFixed(4)}  acc ${hist.trainAccuracy.at(-1)!.toFixed(3)}  test loss ${hist.valLoss.at(-1)!.toFixed(4)}  test acc ${hist.valAccuracy.at(-1)!.toFixed(3)}`,
      ),
  });
  saveModule(model, ctx.outPath('model.safetensors'));
  model.eval();
  const p = Array.from(model.forward(new Tensor(prep(xTe))).data.dataSync());
  const pred = p.map((v) => (v > 0.5 ? 1 : 0));
  const truth = Array.from(yTe!.dataSync());
  const testAcc = h.valAccuracy.at(-1)!;
  const bestTest = h.valLoss.indexOf(Math.min(...h.valLoss));
  const majority =
    Math.max(truth.filter((t) => t === 1).length, truth.filter((t) => t === 0).length) /
    truth.length;

  ctx.metric('test_accuracy', testAcc);
  ctx.metric('train_accuracy', h.trainAccuracy.at(-1)!);
  ctx.metric('final_train_loss', h.trainLoss.at(-1)!);
  ctx.metric('initial_train_loss', h.trainLoss[0]!);
  ctx.metric('test_loss', h.valLoss.at(-1)!);
  ctx.metric('best_test_loss_epoch', bestTest + 1);
  ctx.metric('majority_class_accuracy', majority);
  ctx.metric('parameters', model.numParameters());
  ctx.table(
    'Learning curves (every 5th epoch and the last)',
    h.epoch
      .map((e, i) => ({
        epoch: e,
        'train loss': +h.trainLoss[i]!.toFixed(4),
        'test loss': +h.valLoss[i]!.toFixed(4),
        'train acc': +h.trainAccuracy[i]!.toFixed(3),
        'test acc': +h.valAccuracy[i]!.toFixed(3),
      }))
      .filter((r) => r.epoch % 5 === 0 || r.epoch === epochs),
  );

  const curve = (
    title: string,
    a: number[],
    b: number[],
    y: string,
    legend: 'top-right' | 'bottom-right',
  ) =>
    lineChart({
      series: [
        { name: 'train', x: h.epoch, y: a },
        { name: 'test', x: h.epoch, y: b, dash: true },
      ],
      title,
      xLabel: 'epoch',
      yLabel: y,
      legendPosition: legend,
      width: 460,
      height: 330,
    });
  ctx.figure(
    'learning-curves',
    subplots(
      [
        curve('Loss (BCE)', h.trainLoss, h.valLoss, 'loss', 'top-right'),
        curve('Accuracy', h.trainAccuracy, h.valAccuracy, 'accuracy', 'bottom-right'),
      ],
      { cols: 2 },
    ),
    `Training and test loss and accuracy per epoch on ${task.name} (Adam lr ${lr}, batch 10).`,
  );
  ctx.figure(
    'confusion-matrix',
    confusionMatrix({
      yTrue: truth,
      yPred: pred,
      numClasses: 2,
      classNames: task.classNames,
      title: `Test confusion matrix (accuracy ${(100 * testAcc).toFixed(1)} %)`,
    }),
    `Rows: true class, columns: predicted (threshold 0.5), on the ${truth.length} held-out rows.`,
  );

  const gap = h.trainAccuracy.at(-1)! - testAcc;
  ctx.observe(
    `Part 2: test accuracy ${(100 * testAcc).toFixed(1)} % against ${(100 * majority).toFixed(1)} % for always predicting the majority class, with ${model.numParameters()} parameters.`,
  );
  ctx.observe(
    `The training loss fell from ${h.trainLoss[0]!.toFixed(3)} to ${h.trainLoss.at(-1)!.toFixed(3)}; the test loss was lowest at epoch ${bestTest + 1} (${h.valLoss[bestTest]!.toFixed(3)}) and ended at ${h.valLoss.at(-1)!.toFixed(3)}${bestTest + 1 < epochs - 5 ? ' — it rose afterwards while the training loss kept falling: the network began to overfit, and early stopping would keep the earlier weights' : ''}.`,
  );
  ctx.observe(
    `Train/test accuracy gap after ${epochs} epochs: ${(100 * gap).toFixed(1)} points (${(100 * h.trainAccuracy.at(-1)!).toFixed(1)} % vs ${(100 * testAcc).toFixed(1)} %).`,
  );
  const fn = truth.filter((t, i) => t === 1 && pred[i] === 0).length;
  const fp = truth.filter((t, i) => t === 0 && pred[i] === 1).length;
  ctx.observe(
    `Of the errors, ${fn} are missed positives (${task.classNames[1]} predicted as ${task.classNames[0]}) and ${fp} false alarms; recall of the positive class is ${((100 * (truth.filter((t) => t === 1).length - fn)) / Math.max(1, truth.filter((t) => t === 1).length)).toFixed(1)} %.`,
  );
}

export const sgdWeights: LabDefinition = {
  id: 'sgd-weights',
  title: 'SGD on the weights, then an ANN on tabular data',
  description:
    'One SGD step over 3 layers of 2 nodes as weight heatmaps; a 32-16-1 ANN (Adam, BCE) on Pima diabetes or any --csv',
  aim: 'See what a stochastic-gradient-descent step does to each layer’s weights, then train a small artificial neural network on a real binary tabular task and judge it by its learning curves and test accuracy.',
  procedure: [
    'Part 1: Linear(4, 2) → σ → Linear(2, 2) → σ → Linear(2, 2); one SGD step (lr 0.1) on the MSE of a random batch of 8; heatmaps of each weight matrix before and after.',
    'Part 2: load Pima Indians diabetes (768 rows, 8 features) or the CSV given with --csv and --label; split 80/20 stratified; impute missing values with the training mean; standardise with the training statistics.',
    'Build Linear(F, 32) → ReLU → Linear(32, 16) → ReLU → Linear(16, 1) → Sigmoid; train with Adam (lr 1e-3) and binary cross-entropy, batch 10, 50 epochs, evaluating on the test rows after every epoch.',
    'Plot training and test loss and accuracy; report test accuracy and the confusion matrix.',
  ],
  flags: [
    { name: 'lr', type: 'number', help: 'Adam learning rate', default: 0.001, min: 0 },
    {
      name: 'csv',
      type: 'string',
      help: 'a CSV file with a binary label column, instead of Pima diabetes',
    },
    { name: 'label', type: 'string', help: 'the label column of --csv (name or index)' },
  ],
  epochs: { full: 50, quick: 10 },
  fullRunTime: 'about 6–10 s',
  source: import.meta.url,
  run,
};
