/**
 * Lab: the gradient-descent update rule, then a softmax classifier on Iris.
 *
 * Part 1 applies W ← W − α·dW, b ← b − α·db to the explicit parameters of a
 * network with layer sizes [4, 2, 2], with gradients from one backward pass,
 * and checks that the loss went down. Part 2 trains a linear 4 → 3 softmax
 * classifier on standardised Iris (80/20 split) with plain SGD, lr 0.01,
 * 1000 full-batch epochs, printing the loss every 100 epochs.
 */
import { Tensor } from '@gradlab/autograd';
import {
  DataLoader,
  IRIS_CLASSES,
  IRIS_FEATURE_NAMES,
  loadIris,
  StandardScaler,
  TensorDataset,
  trainTestSplit,
} from '@gradlab/datasets';
import { crossEntropy, Linear, saveModule } from '@gradlab/nn';
import { SGD } from '@gradlab/optim';
import { array, type Generator, randn } from '@gradlab/tensor';
import { confusionMatrix, heatmap, lineChart } from '@gradlab/viz';
import { argmaxAccuracy, evaluate, fit } from '../../lib/train.js';
import type { LabContext, LabDefinition } from '../../runner/lab.js';

/** One gradient-descent step on explicit parameters of layers `sizes`, with gradients from one backward pass. */
export function updateRuleDemo(sizes: readonly number[], alpha: number, generator: Generator) {
  const params = sizes.slice(1).map((out, l) => ({
    W: new Tensor(randn([sizes[l]!, out], { generator }).mul(0.5), { requiresGrad: true }),
    b: new Tensor(randn([out], { generator }).mul(0.1), { requiresGrad: true }),
  }));
  const x = new Tensor(randn([1, sizes[0]!], { generator }));
  const target = array([1], { dtype: 'int32' });
  const lossOf = () => {
    let a = x;
    params.forEach((p, l) => {
      a = a.matmul(p.W).add(p.b);
      if (l < params.length - 1) a = a.sigmoid();
    });
    return crossEntropy(a, target);
  };
  const before = lossOf();
  before.backward();
  const layers = params.map((p, l) => {
    const W = p.W.data.clone();
    const dW = p.W.grad!.clone();
    const b = p.b.data.clone();
    const db = p.b.grad!.clone();
    return { layer: l + 1, W, dW, b, db, newW: W.sub(dW.mul(alpha)), newB: b.sub(db.mul(alpha)) };
  });
  params.forEach((p, l) => {
    p.W.data = layers[l]!.newW;
    p.b.data = layers[l]!.newB;
  });
  return { layers, lossBefore: before.item(), lossAfter: lossOf().item() };
}

function part1(ctx: LabContext): void {
  const alpha = 0.1;
  const demo = updateRuleDemo([4, 2, 2], alpha, ctx.generator);
  const fmt = (t: { toString(): string }) => t.toString().replace(/, dtype=float32\)/g, ')');
  ctx.code(
    demo.layers
      .map(
        (l) =>
          `Layer ${l.layer}  (W ${l.W.shape.join('×')}, b ${l.b.shape.join('')})\nW  =\n${fmt(l.W)}\ndW =\n${fmt(l.dW)}\nW − α·dW =\n${fmt(l.newW)}\nb = ${fmt(l.b)}\ndb = ${fmt(l.db)}\nb − α·db = ${fmt(l.newB)}`,
      )
      .join('\n\n'),
    `Part 1: one update W ← W − α·dW, b ← b − α·db with α = ${alpha} on layers [4, 2, 2]`,
  );
  for (const l of demo.layers)
    ctx.log(`  layer ${l.layer}: max |α·dW| = ${l.dW.abs().max().item() * alpha}`);
  ctx.log(
    `  loss on the sample: ${demo.lossBefore.toFixed(6)} → ${demo.lossAfter.toFixed(6)} after one step`,
  );
  ctx.metric('update_rule', { alpha, loss_before: demo.lossBefore, loss_after: demo.lossAfter });
  ctx.observe(
    `Part 1: one step of α = ${alpha} along −∇ lowered the sample's loss from ${demo.lossBefore.toFixed(5)} to ${demo.lossAfter.toFixed(5)} (${(demo.lossBefore - demo.lossAfter).toExponential(2)}); each weight moved by α times its own gradient — at most ${Math.max(...demo.layers.map((l) => l.dW.abs().max().item() * alpha)).toFixed(4)}.`,
  );
}

async function run(ctx: LabContext): Promise<void> {
  const { epochs, seed } = ctx.config;
  const lr = Number(ctx.config.lr);
  if (!(lr > 0)) throw new Error(`gradient-descent: --lr must be > 0; got ${ctx.config.lr}`);
  ctx.log('Part 1 — the update rule on layers [4, 2, 2]');
  part1(ctx);

  ctx.log(
    `Part 2 — Iris, linear 4 → 3 softmax classifier, SGD lr ${lr}, ${epochs} full-batch epochs`,
  );
  const iris = loadIris();
  const [xTr, xTe, yTr, yTe] = trainTestSplit([iris.features, iris.targets!], {
    testSize: 0.2,
    seed,
    stratify: iris.targets,
  });
  const scaler = new StandardScaler().fit(xTr!);
  const train = new DataLoader(new TensorDataset(scaler.transform(xTr!), yTr!), {
    batchSize: xTr!.shape[0]!,
  });
  const test = new DataLoader(new TensorDataset(scaler.transform(xTe!), yTe!), {
    batchSize: xTe!.shape[0]!,
  });
  const model = new Linear(4, 3, { generator: ctx.generator });
  const optimizer = new SGD(model.parameters(), { lr });
  const loss = (o: Tensor, y: import('@gradlab/tensor').NDArray) => crossEntropy(o, y);
  const bar = ctx.progress('training', epochs);
  const h = await fit({
    model,
    optimizer,
    loss,
    train,
    val: test,
    epochs,
    accuracy: argmaxAccuracy,
    onEpochEnd: (epoch, hist) => {
      bar.tick({ loss: hist.trainLoss.at(-1)!, test_acc: hist.valAccuracy.at(-1)! });
      if (epoch % 100 === 0 || epoch === 1)
        ctx.log(
          `  epoch ${String(epoch).padStart(5)}  loss ${hist.trainLoss.at(-1)!.toFixed(4)}  test loss ${hist.valLoss.at(-1)!.toFixed(4)}  test accuracy ${hist.valAccuracy.at(-1)!.toFixed(3)}`,
        );
    },
  });
  saveModule(model, ctx.outPath('model.safetensors'));
  const final = await evaluate(model, test, loss, argmaxAccuracy);
  const trainEval = await evaluate(model, train, loss, argmaxAccuracy);
  const pred = Array.from(
    model
      .forward(new Tensor(scaler.transform(xTe!)))
      .data.argmax(1)
      .dataSync(),
  );
  const truth = Array.from(yTe!.dataSync());

  ctx.table(
    'Loss every 100 epochs',
    h.epoch
      .map((e, i) => ({
        epoch: e,
        'train loss': Number(h.trainLoss[i]!.toFixed(4)),
        'test loss': Number(h.valLoss[i]!.toFixed(4)),
        'train accuracy': Number(h.trainAccuracy[i]!.toFixed(3)),
        'test accuracy': Number(h.valAccuracy[i]!.toFixed(3)),
      }))
      .filter((r) => r.epoch % 100 === 0 || r.epoch === 1),
  );
  ctx.metric('test_accuracy', final.accuracy);
  ctx.metric('train_accuracy', trainEval.accuracy);
  ctx.metric('final_train_loss', h.trainLoss.at(-1)!);
  ctx.metric('initial_train_loss', h.trainLoss[0]!);
  ctx.metric('test_loss', final.loss);
  ctx.metric(
    'loss_every_100_epochs',
    h.trainLoss.filter((_, i) => (i + 1) % 100 === 0).map((v) => Number(v.toFixed(4))),
  );

  ctx.figure(
    'loss-curve',
    lineChart({
      series: [
        { name: 'train', x: h.epoch, y: h.trainLoss },
        { name: 'test', x: h.epoch, y: h.valLoss, dash: true },
      ],
      title: `Cross-entropy loss, SGD lr ${lr}`,
      xLabel: 'epoch',
      yLabel: 'loss',
      legendPosition: 'top-right',
    }),
    'Training and test cross-entropy per epoch (full-batch gradient descent).',
  );
  ctx.figure(
    'confusion-matrix',
    confusionMatrix({
      yTrue: truth,
      yPred: pred,
      numClasses: 3,
      classNames: IRIS_CLASSES,
      title: `Test confusion matrix (accuracy ${(100 * final.accuracy).toFixed(1)} %)`,
    }),
    `Rows: true species, columns: predicted, on the ${truth.length} held-out flowers.`,
  );
  ctx.figure(
    'weights',
    heatmap({
      values: model.weight.data.toArray() as number[][],
      xLabels: IRIS_FEATURE_NAMES.map((n) => n.replace(' (cm)', '')),
      yLabels: IRIS_CLASSES,
      center: 0,
      cmap: 'bwr',
      decimals: 2,
      title: 'Learned weights W (class × standardised feature)',
      width: 620,
      height: 300,
    }),
    'Each row is one class’s weights on the standardised features: red pushes towards that class, blue away.',
  );

  const drop = h.trainLoss[0]! - h.trainLoss.at(-1)!;
  const half = h.trainLoss.findIndex((l) => l <= h.trainLoss[0]! - 0.5 * drop) + 1;
  ctx.observe(
    `Part 2: the training loss fell from ${h.trainLoss[0]!.toFixed(3)} to ${h.trainLoss.at(-1)!.toFixed(3)}; half of that drop took ${half} of ${epochs} epochs and the last 100 epochs still removed ${(h.trainLoss.at(-101) !== undefined ? h.trainLoss.at(-101)! - h.trainLoss.at(-1)! : 0).toFixed(4)} — with lr ${lr} plain gradient descent is slow but steady.`,
  );
  ctx.observe(
    `Test accuracy ${(100 * final.accuracy).toFixed(1)} % (${pred.filter((p, i) => p === truth[i]).length}/${truth.length}) against training accuracy ${(100 * trainEval.accuracy).toFixed(1)} %: ${trainEval.accuracy >= final.accuracy ? `a gap of ${(100 * (trainEval.accuracy - final.accuracy)).toFixed(1)} points` : `the test set scores ${(100 * (final.accuracy - trainEval.accuracy)).toFixed(1)} points higher, which with ${truth.length} test flowers (one flower = ${(100 / truth.length).toFixed(1)} points) is luck of the split, not a sign of overfitting`} for a model with only ${model.numParameters()} parameters.`,
  );
  const confused = truth.map((t, i) => [t, pred[i]!] as const).filter(([t, p]) => t !== p);
  ctx.observe(
    confused.length === 0
      ? 'No test flower was misclassified.'
      : `${confused.length === 1 ? 'The one error is' : `The ${confused.length} errors are`} ${confused.map(([t, p]) => `${IRIS_CLASSES[t]} → ${IRIS_CLASSES[p]}`).join(', ')}: setosa is linearly separable from the rest, versicolor and virginica overlap.`,
  );
  const w = model.weight.data.toArray() as number[][];
  const strongest = w.map((row, c) => {
    const j = row.map(Math.abs).indexOf(Math.max(...row.map(Math.abs)));
    return `${IRIS_CLASSES[c]}: ${IRIS_FEATURE_NAMES[j]} (${row[j]!.toFixed(2)})`;
  });
  ctx.observe(`The largest weight of each class: ${strongest.join('; ')}.`);
}

export const gradientDescent: LabDefinition = {
  id: 'gradient-descent',
  title: 'Gradient descent: the update rule and a softmax classifier on Iris',
  description:
    'W ← W − α·dW on layers [4, 2, 2]; a linear softmax classifier on Iris with plain SGD (loss every 100 epochs, confusion matrix)',
  aim: 'See the gradient-descent update rule applied to explicit parameters and gradients, then use it to train a linear softmax classifier on the Iris flowers and evaluate it on held-out data.',
  procedure: [
    'Part 1: draw W and b for layers [4, 2, 2], run one sample forward (sigmoid hidden, softmax cross-entropy) and backward, apply W ← W − α·dW and b ← b − α·db with α = 0.1, and recompute the loss.',
    'Part 2: load Iris (150 flowers, 4 features, 3 species); split 80/20 stratified; standardise with the training statistics.',
    'Train Linear(4, 3) with softmax cross-entropy and plain SGD (lr 0.01, no momentum) on the full training batch for 1000 epochs, printing the loss every 100 epochs.',
    'Report test accuracy, the confusion matrix and the learned weights.',
  ],
  flags: [{ name: 'lr', type: 'number', help: 'SGD learning rate', default: 0.01, min: 0 }],
  epochs: { full: 1000, quick: 1000 },
  fullRunTime: 'about 4 s',
  source: import.meta.url,
  run,
};
