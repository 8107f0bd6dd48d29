/**
 * Lab: a small Keras-style CNN for the ten MNIST digits.
 *
 * Conv 3×3×32 + ReLU, MaxPool 2, Conv 3×3×64 + ReLU, Flatten, Dense 64 +
 * ReLU, Dense 10; Adam 1e-3; the last 10 % of the training images held out
 * for validation (Keras's `validation_split`), early stopping on the
 * validation loss with patience 3 and the best weights restored; then the
 * test accuracy (≈ 99 %) and its confusion matrix.
 */
import { DataLoader, validationSplit } from '@gradlab/datasets';
import { crossEntropy, summary } from '@gradlab/nn';
import { Adam, EarlyStopping } from '@gradlab/optim';
import { Generator, prefetch } from '@gradlab/tensor';
import { confusionCounts } from '@gradlab/viz';
import { fitWithCheckpoints } from '../../lib/fit-with-checkpoints.js';
import { loadMnistSubsets, mnistSubsetFlags, mnistSubsetSizes } from '../../lib/mnist-subset.js';
import { saveModel } from '../../lib/save-model.js';
import { argmaxAccuracy, EVAL_BATCH } from '../../lib/train.js';
import type { LabContext, LabDefinition } from '../../runner/lab.js';
import { curvesFigure, epochRows, testSetFigures } from '../mnist-mlp/figures.js';
import { accuracyOf, pct, predictClasses, round4 } from '../mnist-mlp/model.js';
import { mnistCnn } from './model.js';

/** Images used by --quick. */
const SUBSET = { quickTrain: 3000, quickTest: 1000 };

async function run(ctx: LabContext): Promise<void> {
  const { seed, epochs } = ctx.config;
  const lr = Number(ctx.config.lr);
  const batchSize = Number(ctx.config.batchSize);
  const patience = Number(ctx.config.patience);
  const { nTrain, nTest } = mnistSubsetSizes('mnist-cnn', ctx.config, SUBSET);
  const { train, test } = await loadMnistSubsets(nTrain, nTest, 'unit', { flatten: false });
  // Keras's validation_split: the last 10 % of the training images, before shuffling.
  const [fitSet, valSet] = validationSplit([train.images, train.labels], 0.1, { shuffle: false });
  ctx.log(
    `MNIST: ${fitSet.length} training, ${valSet.length} validation (the last 10 %) and ${nTest} test images of [1, 28, 28] in [0, 1]`,
  );
  ctx.metric('train_images', fitSet.length);
  ctx.metric('validation_images', valSet.length);
  ctx.metric('test_images', nTest);

  const model = mnistCnn(new Generator(seed + 1));
  const s = summary(model, [1, 1, 28, 28]);
  ctx.log(s.toString());
  ctx.code(s.toString(), 'Model summary (Keras style)');
  ctx.metric('parameters', s.totalParams);

  const loader = new DataLoader(fitSet, { batchSize, shuffle: true, seed: seed + 2 });
  const earlyStopping = new EarlyStopping({ patience, restoreBestWeights: true });
  ctx.log(
    `Adam lr ${lr}, batch ${batchSize}, up to ${epochs} epochs, early stopping on the validation loss (patience ${patience}, best weights restored)`,
  );
  const h = await fitWithCheckpoints(ctx, 'model', {
    model,
    optimizer: new Adam(model.parameters(), { lr }),
    loss: (out, y) => crossEntropy(out, y),
    accuracy: argmaxAccuracy,
    train: loader,
    val: new DataLoader(valSet, { batchSize: EVAL_BATCH }),
    epochs,
    earlyStopping,
    generators: { loader: loader.generator },
    progress: (label, total) => ctx.progress(label, total),
    onEpochEnd: (e, hist) =>
      ctx.log(
        `  epoch ${e}/${epochs}: train loss ${hist.trainLoss.at(-1)!.toFixed(4)} acc ${pct(hist.trainAccuracy.at(-1)!)} · val loss ${hist.valLoss.at(-1)!.toFixed(4)} acc ${pct(hist.valAccuracy.at(-1)!)} · ${hist.seconds.at(-1)!.toFixed(1)} s${hist.stoppedEarly ? ' · early stop' : ''}`,
      ),
  });
  // Keras 3 also restores the best weights when training ends without stopping early.
  if (!h.stoppedEarly && earlyStopping.bestWeights) earlyStopping.restore(model);
  // Values are read with `await` or after `prefetch`, so the lab runs on WebGPU too.
  await saveModel(model, ctx.outPath('model.safetensors'));

  const labels = await test.labels.data();
  await prefetch([test.images]); // drawn in the figures
  const predicted = await predictClasses(model, test.images, 500);
  const testAcc = accuracyOf(predicted, labels);
  const best = h.bestEpoch - h.epoch[0]!;
  const trainSeconds = h.seconds.reduce((a, b) => a + b, 0);
  ctx.metric('test_accuracy', round4(testAcc));
  ctx.metric('best_epoch', h.bestEpoch);
  ctx.metric('best_val_loss', round4(h.valLoss[best]!));
  ctx.metric('best_val_accuracy', round4(h.valAccuracy[best]!));
  ctx.metric('epochs_run', h.epoch.length);
  ctx.metric('stopped_early', h.stoppedEarly);
  ctx.metric('training_time_s', Number(trainSeconds.toFixed(1)));
  ctx.metric('seconds_per_epoch', Number((trainSeconds / h.epoch.length).toFixed(1)));
  ctx.log(
    `Test accuracy ${pct(testAcc)} with the weights of epoch ${h.bestEpoch} (best validation loss ${h.valLoss[best]!.toFixed(4)})`,
  );

  ctx.table(
    'Per epoch: training (mean over the epoch’s mini-batches) and validation loss and accuracy',
    epochRows(h, { valName: 'val' }),
  );
  ctx.figure(
    'curves',
    curvesFigure(
      h,
      `Adam lr ${lr}, batch ${batchSize}: best epoch ${h.bestEpoch}, test acc. ${pct(testAcc)}`,
      'validation',
    ),
    'Loss (log scale) and accuracy per epoch on the training mini-batches and the held-out validation images. Early stopping watches the validation loss and keeps the weights of its minimum.',
  );
  testSetFigures(ctx, {
    images: test.images,
    predicted,
    labels,
    accuracy: testAcc,
    range: [0, 1],
    note: { mistakes: '(Pixels shown in [0, 1].)' },
  });

  ctx.observe(
    `The network reached ${pct(testAcc)} test accuracy (${Math.round((1 - testAcc) * nTest)} of ${nTest} wrong), ${testAcc >= 0.985 ? 'about the 99 % the original reached' : 'below the ≈ 99 % of the original'}${ctx.config.quick ? ' — a --quick run on a small subset' : ''}.`,
  );
  ctx.observe(
    h.stoppedEarly
      ? `Early stopping ended training after epoch ${h.epoch.at(-1)}: the validation loss had not improved for ${patience} epochs since its minimum ${h.valLoss[best]!.toFixed(4)} at epoch ${h.bestEpoch}, whose weights were restored.`
      : `Training ran all ${h.epoch.length} epochs without triggering early stopping (patience ${patience}); the validation loss was lowest at epoch ${h.bestEpoch} (${h.valLoss[best]!.toFixed(4)}) and those weights were kept${h.bestEpoch === h.epoch.at(-1) ? ' — it was still falling, so --epochs could take it further' : ''}.`,
  );
  const last = h.epoch.length - 1;
  const gap = h.trainAccuracy[last]! - h.valAccuracy[last]!;
  ctx.observe(
    `In the last epoch the training accuracy was ${pct(h.trainAccuracy[last]!)} and the validation accuracy ${pct(h.valAccuracy[last]!)} (gap ${(100 * gap).toFixed(2)} points); the validation loss went ${h.valLoss[0]!.toFixed(4)} → ${h.valLoss[last]!.toFixed(4)} while the training loss went ${h.trainLoss[0]!.toFixed(4)} → ${h.trainLoss[last]!.toFixed(4)}${h.valLoss[last]! > h.valLoss[best]! * 1.1 ? ', a sign of overfitting after the best epoch' : ''}.`,
  );
  const counts = confusionCounts(labels, predicted, 10);
  let worst = { t: 0, p: 0, n: 0 };
  counts.forEach((row, t) => {
    row.forEach((c, p) => {
      if (t !== p && c > worst.n) worst = { t, p, n: c };
    });
  });
  if (worst.n > 0)
    ctx.observe(
      `The most frequent confusion is a true ${worst.t} predicted as ${worst.p} (${worst.n} times). An epoch took ${(trainSeconds / h.epoch.length).toFixed(0)} s (${Math.round((fitSet.length * h.epoch.length) / trainSeconds)} images/s, ${ctx.config.backend} backend).`,
    );
}

export const mnistCnnLab: LabDefinition = {
  id: 'mnist-cnn',
  title: 'A Keras-style CNN for the ten MNIST digits',
  description:
    'Conv 3×3×32, MaxPool, Conv 3×3×64, Dense 64, Dense 10; Adam 1e-3, 10 % validation split, early stopping (patience 3): confusion matrix, ≈ 99 % test accuracy',
  aim: 'Train a small convolutional network on the ten MNIST digits with a held-out validation set and early stopping, and reach about 99 % test accuracy.',
  procedure: [
    'Load MNIST as [1, 28, 28] images with pixels in [0, 1]; hold out the last 10 % of the training images for validation (Keras’s validation_split).',
    'Build Conv2d(1, 32, 3×3) + ReLU, MaxPool 2×2, Conv2d(32, 64, 3×3) + ReLU, Flatten (7 744), Linear(7744, 64) + ReLU, Linear(64, 10), with Keras’s Glorot-uniform kernels and zero biases; print the Keras-style summary.',
    'Train with Adam (lr 1e-3) on the softmax cross-entropy in shuffled mini-batches; after every epoch measure the validation loss, stop when it has not improved for 3 epochs and restore the best weights; checkpoint every epoch (--resume continues).',
    'Evaluate on the 10 000 test images: accuracy, confusion matrix and the misclassified digits.',
  ],
  flags: [
    { name: 'lr', type: 'number', help: 'Adam learning rate', default: 1e-3, min: 1e-8 },
    { name: 'batchSize', type: 'integer', help: 'mini-batch size', default: 64, min: 1 },
    {
      name: 'patience',
      type: 'integer',
      help: 'epochs without a better validation loss before stopping',
      default: 3,
      min: 0,
    },
    ...mnistSubsetFlags(SUBSET),
  ],
  epochs: { full: 5, quick: 2 },
  checkpoints: true,
  asyncReads: true,
  fullRunTime:
    '3 min 47 s measured on an idle 2-core machine (5 epochs of 54 000 images, 41–44 s each; seed 42: the validation loss was lowest after epoch 4, whose weights give 99.0 % test accuracy)',
  source: import.meta.url,
  run,
};
