/**
 * Lab: the course's CNN with batch normalisation on MNIST.
 *
 * Three blocks of Conv 5×5 'same' (32, 32, 64 channels) + BatchNorm + ReLU +
 * AvgPool 2×2, then Linear(576, 64) + BatchNorm1d + ReLU and Linear(64, 10),
 * trained with Adam on pixels scaled to [−1, 1]. The recipe (batch 64, lr 2e-3
 * decayed ×0.3 after every epoch, 3 epochs) reaches ≥ 99 % test accuracy; the
 * schedule depends only on the epoch number, so `--epochs` extends a run and
 * `--resume` continues one exactly.
 */
import { DataLoader } from '@gradlab/datasets';
import { crossEntropy, summary } from '@gradlab/nn';
import { Adam, ExponentialLR } from '@gradlab/optim';
import { Generator, prefetch } from '@gradlab/tensor';
import { fitWithCheckpoints } from '../../lib/fit-with-checkpoints.js';
import { loadMnistSubsets, mnistSubsetFlags, mnistSubsetSizes } from '../../lib/mnist-subset.js';
import { saveModel } from '../../lib/save-model.js';
import { argmaxAccuracy, EVAL_BATCH, readScalars } from '../../lib/train.js';
import type { LabContext, LabDefinition } from '../../runner/lab.js';
import { curvesFigure, epochRows, testSetFigures } from '../mnist-mlp/figures.js';
import { accuracyOf, pct, predictClasses, round4 } from '../mnist-mlp/model.js';
import { observeFit } from './analysis.js';
import { courseCnn } from './model.js';

/** Images used by --quick. */
const SUBSET = { quickTrain: 2000, quickTest: 1000 };

async function run(ctx: LabContext): Promise<void> {
  const { seed, epochs } = ctx.config;
  const lr = Number(ctx.config.lr);
  const gamma = Number(ctx.config.lrDecay);
  const batchSize = Number(ctx.config.batchSize);
  const { nTrain, nTest } = mnistSubsetSizes('mnist-cnn-bn', ctx.config, SUBSET);
  const { train, test } = await loadMnistSubsets(nTrain, nTest, 'symmetric', { flatten: false });
  const [lo, hi] = await readScalars(train.images.min(), train.images.max());
  ctx.log(
    `MNIST: ${nTrain} training and ${nTest} test images of [1, 28, 28], pixels in [${lo}, ${hi}]`,
  );
  ctx.metric('train_images', nTrain);
  ctx.metric('test_images', nTest);
  ctx.metric('pixel_min', lo);
  ctx.metric('pixel_max', hi);

  const model = courseCnn(new Generator(seed + 1));
  const s = summary(model, [1, 1, 28, 28]);
  ctx.code(
    s.toString(),
    'Model summary (Keras style; BatchNorm running statistics count as non-trainable)',
  );
  ctx.log(s.toString());
  ctx.metric('trainable_parameters', s.trainableParams);
  ctx.metric('non_trainable_parameters', s.nonTrainableParams);

  const optimizer = new Adam(model.parameters(), { lr });
  const loader = new DataLoader([train.images, train.labels], {
    batchSize,
    shuffle: true,
    seed: seed + 2,
  });
  ctx.log(
    `Adam lr ${lr} × ${gamma} per epoch, batch ${batchSize}, ${epochs} epochs (${loader.length} steps each)`,
  );
  const history = await fitWithCheckpoints(ctx, 'model', {
    model,
    optimizer,
    scheduler: new ExponentialLR(optimizer, { gamma }),
    loss: (out, y) => crossEntropy(out, y),
    accuracy: argmaxAccuracy,
    train: loader,
    val: new DataLoader([test.images, test.labels], { batchSize: EVAL_BATCH }),
    epochs,
    generators: { loader: loader.generator },
    progress: (label, total) => ctx.progress(label, total),
    onEpochEnd: (e, h) =>
      ctx.log(
        `  epoch ${e}/${epochs}: train loss ${h.trainLoss.at(-1)!.toFixed(4)} acc ${pct(h.trainAccuracy.at(-1)!)} · test loss ${h.valLoss.at(-1)!.toFixed(4)} acc ${pct(h.valAccuracy.at(-1)!)} · lr ${h.lr.at(-1)!.toExponential(2)} · ${h.seconds.at(-1)!.toFixed(1)} s`,
      ),
  });
  // Values are read with `await` or after `prefetch`, so the lab runs on WebGPU too.
  await saveModel(model, ctx.outPath('model.safetensors'));

  const labels = await test.labels.data();
  await prefetch([test.images]); // drawn in the figures
  const predicted = await predictClasses(model, test.images, 500);
  const testAcc = accuracyOf(predicted, labels);
  const h = history;
  const last = h.epoch.length - 1;
  const trainSeconds = h.seconds.reduce((a, b) => a + b, 0);
  ctx.metric('test_accuracy', round4(testAcc));
  ctx.metric('test_loss', round4(h.valLoss[last]!));
  ctx.metric('train_accuracy', round4(h.trainAccuracy[last]!));
  ctx.metric('train_loss', round4(h.trainLoss[last]!));
  ctx.metric('first_epoch_test_accuracy', round4(h.valAccuracy[0]!));
  ctx.metric('best_test_accuracy', round4(Math.max(...h.valAccuracy)));
  ctx.metric('epochs_run', h.epoch.length);
  ctx.metric('training_time_s', Number(trainSeconds.toFixed(1)));
  ctx.metric('seconds_per_epoch', Number((trainSeconds / h.epoch.length).toFixed(1)));
  ctx.metric('train_samples_per_s', Math.round((nTrain * h.epoch.length) / trainSeconds));
  ctx.metric('reaches_99_percent', testAcc >= 0.99);
  ctx.log(
    `Test accuracy ${pct(testAcc)} (${Math.round((1 - testAcc) * nTest)} of ${nTest} wrong) after ${h.epoch.length} epochs, ${trainSeconds.toFixed(0)} s of training (${Math.round((nTrain * h.epoch.length) / trainSeconds)} images/s)`,
  );

  ctx.table(
    'Per epoch: training loss and accuracy (mean over the epoch’s mini-batches, BatchNorm in training mode) and test loss and accuracy (after the epoch, evaluation mode)',
    epochRows(h, { lr: true }),
  );
  ctx.figure(
    'curves',
    curvesFigure(
      h,
      `Adam lr ${lr} ×${gamma}/epoch, batch ${batchSize}, ${nTrain} images: test acc. ${pct(testAcc)}`,
    ),
    'Cross-entropy (log scale) and accuracy per epoch for the training mini-batches (averaged while the weights were changing) and the test set (after each epoch). Training below test loss with a growing gap would mean overfitting; both high and flat, underfitting.',
  );
  testSetFigures(ctx, { images: test.images, predicted, labels, accuracy: testAcc });
  observeFit(ctx, h, testAcc, predicted, labels, nTrain);
}

export const mnistCnnBn: LabDefinition = {
  id: 'mnist-cnn-bn',
  title: 'The course CNN with batch normalisation on MNIST',
  description:
    '3 × (Conv 5×5 same + BatchNorm + ReLU + AvgPool) + Linear 576→64 + BN + Linear 64→10, Adam: ≥ 99 % test accuracy, curves and an over/underfitting discussion',
  aim: 'Train the course’s convolutional network with batch normalisation on MNIST to at least 99 % test accuracy, follow the training and test loss and accuracy per epoch, and judge from those numbers whether the network over- or underfits.',
  procedure: [
    'Load MNIST (60 000 training, 10 000 test images) as [1, 28, 28] images with pixels scaled to [−1, 1] (Normalize(0.5, 0.5)).',
    'Build three blocks Conv2d 5×5 padding same (1→32, 32→32, 32→64) + BatchNorm2d + ReLU + AvgPool2d 2×2 (28 → 14 → 7 → 3), flatten to 576, Linear(576, 64) + BatchNorm1d + ReLU, Linear(64, 10); PyTorch’s default initialisation.',
    'Train with Adam on the softmax cross-entropy in shuffled mini-batches; the learning rate starts at --lr and is multiplied by --lr-decay after every epoch (ExponentialLR), which settles the weights within a few epochs.',
    'After every epoch evaluate the test loss and accuracy (BatchNorm in evaluation mode, using its running statistics) and write a checkpoint (weights, Adam state, schedule, shuffling generator, history) so an interrupted run continues with --resume.',
    'Plot the curves, the confusion matrix and the misclassified digits; save the weights; discuss over/underfitting from the final gaps and the trend of the test loss.',
  ],
  flags: [
    { name: 'lr', type: 'number', help: 'initial Adam learning rate', default: 2e-3, min: 1e-8 },
    {
      name: 'lrDecay',
      type: 'number',
      help: 'factor applied to the learning rate after every epoch (1 = constant)',
      default: 0.3,
      min: 1e-6,
    },
    { name: 'batchSize', type: 'integer', help: 'mini-batch size', default: 64, min: 1 },
    ...mnistSubsetFlags(SUBSET),
  ],
  epochs: { full: 3, quick: 2 },
  checkpoints: true,
  asyncReads: true,
  fullRunTime:
    '4 min 46 s measured on an idle 2-core machine (wasm backend, 2 threads: 3 epochs of 81–86 s, ≈ 720 images/s, then evaluation); test accuracy 99.39 % with seed 42',
  source: import.meta.url,
  run,
};
