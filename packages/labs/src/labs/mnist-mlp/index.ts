/**
 * Lab: a 784-128-64-10 MLP on MNIST with Adam.
 *
 * Pixels are scaled to [−1, 1] (x·2 − 1, the `Normalize((0.5,), (0.5,))` of
 * the original), the network is trained with Adam (lr 1e-3) on the softmax
 * cross-entropy in shuffled mini-batches of 64 for 5 epochs, and the training
 * and test loss and accuracy are recorded after every epoch. The original
 * notebook printed 11.8 % test accuracy because of a bug; this one must
 * reach at least 97 %.
 *
 * It reaches 96.8 % with seed 42, and PyTorch does no better on this recipe:
 * the same 784-128-64-10 network, Adam 1e-3, batch 64, [−1, 1] pixels, 5
 * epochs gives 96.3 % (nn.Linear's default initialisation), 96.8 % (He) and
 * 96.7 % (Glorot) test accuracy, means over 5 seeds (2 of these 15 runs
 * reached 97.1 %); Keras's defaults (Glorot, zero biases, batch 32,
 * ε = 1e-7) 96.5 %.
 * On a validation split (train on 50 000, validate on 10 000) He-uniform with
 * batch 64 was the best of these, so the lab keeps it. What does cross 97 %
 * is pixels in [0, 1] (PyTorch: 97.3–97.4 % on validation) — Part 2 trains
 * that variant too and reports the difference, and `reaches_97_percent`
 * stays the honest verdict for the assignment's [−1, 1] scaling.
 * (scripts/mnist-mlp-torch.py reproduces the PyTorch numbers.)
 */
import { DataLoader } from '@gradlab/datasets';
import { crossEntropy } from '@gradlab/nn';
import { Adam } from '@gradlab/optim';
import { Generator, prefetch } from '@gradlab/tensor';
import { confusionCounts } from '@gradlab/viz';
import { loadMnistSubsets, mnistSubsetFlags, mnistSubsetSizes } from '../../lib/mnist-subset.js';
import { saveModel } from '../../lib/save-model.js';
import { argmaxAccuracy, fit, readScalars } from '../../lib/train.js';
import type { LabContext, LabDefinition } from '../../runner/lab.js';
import { curvesFigure, epochRows, testSetFigures } from './figures.js';
import { accuracyOf, mnistMlp, pct, predictClasses, round4 } from './model.js';
import { comparePixelScaling } from './pixel-scaling.js';

/** Images used by --quick. */
const SUBSET = { quickTrain: 10000, quickTest: 2000 };

async function run(ctx: LabContext): Promise<void> {
  const { seed, epochs, quick } = ctx.config;
  const lr = Number(ctx.config.lr);
  const batchSize = Number(ctx.config.batchSize);
  const { nTrain, nTest } = mnistSubsetSizes('mnist-mlp', ctx.config, SUBSET);
  const { train, test } = await loadMnistSubsets(nTrain, nTest, 'symmetric');
  const [lo, hi] = await readScalars(train.images.min(), train.images.max());
  ctx.log(
    `MNIST: ${train.images.shape[0]} training and ${test.images.shape[0]} test images, flattened to 784 pixels in [${lo}, ${hi}]`,
  );
  ctx.metric('train_images', train.images.shape[0]!);
  ctx.metric('test_images', test.images.shape[0]!);
  ctx.metric('pixel_min', lo);
  ctx.metric('pixel_max', hi);

  const model = mnistMlp(new Generator(seed + 1));
  const parameters = model.numParameters();
  ctx.metric('parameters', parameters);
  ctx.log(`Model: 784-128-64-10 ReLU MLP, ${parameters.toLocaleString('en-US')} parameters`);
  const t0 = performance.now();
  const history = await fit({
    model,
    optimizer: new Adam(model.parameters(), { lr }),
    loss: (out, y) => crossEntropy(out, y),
    accuracy: argmaxAccuracy,
    train: new DataLoader([train.images, train.labels], {
      batchSize,
      shuffle: true,
      seed: seed + 2,
    }),
    val: new DataLoader([test.images, test.labels], { batchSize: 1000 }),
    epochs,
    progress: (label, total) => ctx.progress(label, total),
    onEpochEnd: (e, h) =>
      ctx.log(
        `  epoch ${e}/${epochs}: train loss ${h.trainLoss.at(-1)!.toFixed(4)} acc ${pct(h.trainAccuracy.at(-1)!)} · test loss ${h.valLoss.at(-1)!.toFixed(4)} acc ${pct(h.valAccuracy.at(-1)!)} · ${h.seconds.at(-1)!.toFixed(1)} s`,
      ),
  });
  const wall = (performance.now() - t0) / 1000;
  const trainSeconds = history.seconds.reduce((a, b) => a + b, 0);
  await saveModel(model, ctx.outPath('model.safetensors'));

  const labels = await test.labels.data();
  await prefetch([test.images]); // drawn in the figures
  const predicted = await predictClasses(model, test.images);
  const testAcc = accuracyOf(predicted, labels);
  const last = history.epoch.length - 1;
  ctx.metric('test_accuracy', round4(testAcc));
  ctx.metric('test_loss', round4(history.valLoss[last]!));
  ctx.metric('train_accuracy', round4(history.trainAccuracy[last]!));
  ctx.metric('train_loss', round4(history.trainLoss[last]!));
  ctx.metric('first_epoch_test_accuracy', round4(history.valAccuracy[0]!));
  ctx.metric('best_test_accuracy', round4(Math.max(...history.valAccuracy)));
  ctx.metric('best_epoch', history.bestEpoch);
  ctx.metric('training_time_s', Number(trainSeconds.toFixed(2)));
  ctx.metric('seconds_per_epoch', Number((trainSeconds / epochs).toFixed(3)));
  ctx.metric('reaches_97_percent', testAcc >= 0.97);
  ctx.log(
    `Test accuracy ${pct(testAcc)} after ${epochs} epochs (${trainSeconds.toFixed(1)} s training, ${wall.toFixed(1)} s with evaluation)`,
  );

  ctx.table(
    'Per-epoch training (mean over the epoch’s mini-batches) and test (after the epoch) loss and accuracy',
    epochRows(history, { secondsDigits: 2 }),
  );
  ctx.figure(
    'curves',
    curvesFigure(
      history,
      `Adam lr ${lr}, batch ${batchSize}, ${train.images.shape[0]} images, ${epochs} epochs: test acc. ${pct(testAcc)}`,
    ),
    'Cross-entropy (log scale) and accuracy per epoch. Training values are means over the epoch’s mini-batches while the weights were still changing; test values are measured after each epoch. A test curve that stops improving while the training curve keeps rising marks the start of overfitting.',
  );
  testSetFigures(ctx, {
    images: test.images,
    predicted,
    labels,
    accuracy: testAcc,
    note: {
      confusion: 'The largest off-diagonal cells are the digit pairs the network confuses most.',
      mistakes: 'Many are ambiguous or badly written even for a person.',
    },
  });

  // Analysis from this run's numbers.
  const h = history;
  ctx.observe(
    `After one epoch the network already reached ${pct(h.valAccuracy[0]!)} test accuracy; after ${epochs} it reached ${pct(testAcc)} (test loss ${h.valLoss[0]!.toFixed(3)} → ${h.valLoss[last]!.toFixed(3)}), ${testAcc >= 0.97 ? 'above' : 'below'} the 97 % this lab requires${quick ? ' (a --quick run on a subset)' : ''}. The original notebook printed 11.8 %, about chance (10 %), because of a bug.`,
  );
  const gap = h.trainAccuracy[last]! - h.valAccuracy[last]!;
  const bestAcc = Math.max(...h.valAccuracy);
  const bestAccEpoch = h.valAccuracy.indexOf(bestAcc) + 1;
  ctx.observe(
    `The training loss fell from ${h.trainLoss[0]!.toFixed(3)} to ${h.trainLoss[last]!.toFixed(3)} (${(h.trainLoss[0]! / h.trainLoss[last]!).toFixed(1)}×). The test loss was lowest at epoch ${h.bestEpoch} and the test accuracy highest (${pct(bestAcc)}) at epoch ${bestAccEpoch}; the final train–test accuracy gap is ${(100 * gap).toFixed(2)} points, ${gap > 0.02 ? 'so the network has begun to overfit' : gap < 0 ? 'negative because the training accuracy is averaged over an epoch of still-improving weights' : 'small, so it has not begun to overfit noticeably'}.`,
  );
  const counts = confusionCounts(labels, predicted, 10);
  let worst = { t: 0, p: 0, n: 0 };
  const recall = counts.map(
    (row, t) =>
      row[t]! /
      Math.max(
        1,
        row.reduce((a, b) => a + b, 0),
      ),
  );
  counts.forEach((row, t) => {
    row.forEach((n, p) => {
      if (t !== p && n > worst.n) worst = { t, p, n };
    });
  });
  const hardest = recall.indexOf(Math.min(...recall));
  const easiest = recall.indexOf(Math.max(...recall));
  ctx.observe(
    `Per-digit recall ranges from ${pct(recall[hardest]!)} for ${hardest} to ${pct(recall[easiest]!)} for ${easiest}; the most frequent confusion is a true ${worst.t} read as ${worst.p} (${worst.n} times).`,
  );
  ctx.observe(
    `An epoch over ${train.images.shape[0]} images took ${(trainSeconds / epochs).toFixed(1)} s on average (${((train.images.shape[0]! * epochs) / trainSeconds).toFixed(0)} images/s) for a network of ${parameters.toLocaleString('en-US')} parameters.`,
  );

  await comparePixelScaling(ctx, {
    xTrain: train.images,
    yTrain: train.labels,
    xTest: test.images,
    yTest: test.labels,
    seed,
    lr,
    batchSize,
    epochs,
    symmetric: history,
  });
}

export const mnistMlpLab: LabDefinition = {
  id: 'mnist-mlp',
  title: 'A 784-128-64-10 MLP on MNIST with Adam',
  description:
    '784-128-64-10 ReLU MLP, Adam 1e-3, pixels in [−1, 1], 5 epochs: train/test loss and accuracy per epoch (≥ 97 % test)',
  aim: 'Train a two-hidden-layer perceptron (784-128-64-10, ReLU) on MNIST with Adam, following the training and test loss and accuracy epoch by epoch, and reach at least 97 % test accuracy — where the original notebook, because of a bug, printed 11.8 %.',
  procedure: [
    'Load MNIST (60 000 training, 10 000 test images), flatten each image to 784 values and scale the pixels to [−1, 1] (x·2 − 1, i.e. Normalize(mean 0.5, std 0.5) on [0, 1] pixels).',
    'Build Linear(784, 128) → ReLU → Linear(128, 64) → ReLU → Linear(64, 10) with He-uniform weights U(±√(6/fan_in)) (suited to ReLU) and zero biases; 109 386 parameters.',
    'Train with Adam (lr 1e-3) on the softmax cross-entropy, shuffled mini-batches of 64, for 5 epochs.',
    'After every epoch evaluate the loss and accuracy on the test set; record the training loss and accuracy as the mean over the epoch’s mini-batches.',
    'Plot the curves, the test confusion matrix and the first misclassified digits; save the weights.',
    'Part 2: train the same network from the same weights and batch order with pixels in [0, 1] instead, and compare the test accuracy per epoch.',
  ],
  flags: [
    { name: 'lr', type: 'number', help: 'Adam learning rate', default: 1e-3, min: 1e-8 },
    { name: 'batchSize', type: 'integer', help: 'mini-batch size', default: 64, min: 1 },
    ...mnistSubsetFlags(SUBSET),
  ],
  epochs: { full: 5, quick: 5 },
  asyncReads: true,
  fullRunTime:
    'about 20 s with the wasm backend (two 5-epoch trainings, [−1, 1] and [0, 1] pixels; measured 20 s wall on an idle 2-core machine, 1.7 s an epoch)',
  source: import.meta.url,
  run,
};
