/**
 * Lab: a Keras-style ConvNet, summarised for 64×64×3 inputs and trained on
 * CIFAR-10.
 *
 * Part 1 builds Conv 32/64/128 3×3 'same' + ReLU + MaxPool 2, Dense 128,
 * Dense 10 softmax for 64×64×3 images and prints its Keras-style summary.
 * Part 2 trains the same blocks on 32×32 CIFAR-10 (whichever training
 * batches are present) with Adam in batches of 64, checkpointing every epoch,
 * and reports the test accuracy on every test image and on records 0–999
 * alone (the exact ones in the shared copy, see DATA.md).
 */
import { DataLoader, loadCifar10 } from '@gradlab/datasets';
import { crossEntropy } from '@gradlab/nn';
import { Adam } from '@gradlab/optim';
import { Generator } from '@gradlab/tensor';
import { confusionMatrix } from '@gradlab/viz';
import { classify } from '../../lib/classify.js';
import { fitWithCheckpoints } from '../../lib/fit-with-checkpoints.js';
import { predictionsGrid } from '../../lib/image-predictions.js';
import { saveModel } from '../../lib/save-model.js';
import { argmaxAccuracy, EVAL_BATCH } from '../../lib/train.js';
import type { LabContext, LabDefinition } from '../../runner/lab.js';
import { curvesFigure, epochRows } from '../mnist-mlp/figures.js';
import { pct, round4 } from '../mnist-mlp/model.js';
import { cifarObservations } from './analysis.js';
import { CIFAR_BLOCKS, cifarConvNet, cifarSummary, KERAS_PARAMS_64 } from './model.js';

/** Training and test images: full run, --quick. */
/**
 * Default budget: 10 000 training images (data_batch_1) × 10 epochs keeps the
 * default run near 10 minutes on 2 cores; `--train-images 20000` trains on
 * both batches of the shared copy (measured 178 s per epoch on a busy 2-core
 * machine, so ≈ 30 min for 10 epochs there).
 */
const IMAGES = { train: [10000, 2000], test: [10000, 1000] } as const;
/** Test records 0–999 are byte-exact in the shared copy; the per-epoch curve uses them. */
const EXACT = 1000;

async function run(ctx: LabContext): Promise<void> {
  const { seed, epochs, quick } = ctx.config;
  const q = quick ? 1 : 0;
  const lr = Number(ctx.config.lr);
  const batchSize = Number(ctx.config.batchSize);

  // Part 1: the 64×64×3 model's Keras-style summary.
  const s64 = cifarSummary(64, new Generator(seed + 1));
  const layerParams = s64.rows.filter((r) => r.params > 0).map((r) => r.params);
  const matches = JSON.stringify(layerParams) === JSON.stringify(KERAS_PARAMS_64);
  ctx.log('Part 1: the ConvNet for 64×64×3 inputs');
  ctx.log(s64.toString());
  ctx.code(
    s64.toString(),
    'Part 1: Keras-style summary for a batch of 64×64 RGB images (output shapes are channels-first, N·C·H·W; Keras prints N·H·W·C with the same sizes). ReLU and Softmax rows have no parameters; in Keras they are the activation= argument of the layer before.',
  );
  ctx.metric('parameters_64', s64.totalParams);
  ctx.metric('layer_parameters_64', layerParams);
  ctx.metric('summary_matches_keras', matches);
  if (!matches)
    throw new Error(
      `cifar10-convnet: layer parameters ${layerParams} differ from Keras's ${KERAS_PARAMS_64}`,
    );

  // Part 2: CIFAR-10 at 32×32.
  const trainAll = await loadCifar10({ train: true });
  const testAll = await loadCifar10({ train: false });
  const present = trainAll.images.shape[0]!;
  const nTrain = Number(ctx.config.trainImages ?? Math.min(IMAGES.train[q], present));
  const nTest = Number(ctx.config.testImages ?? IMAGES.test[q]);
  if (nTrain > present)
    throw new Error(
      `cifar10-convnet: --train-images ${nTrain} > the ${present} training images present (${present / 10000} batches)`,
    );
  if (nTest > 10000)
    throw new Error(`cifar10-convnet: --test-images ${nTest} > 10000 (CIFAR-10 has 10 000)`);
  const classes = trainAll.classes;
  const xTrain = trainAll.images.narrow(0, 0, nTrain);
  const yTrain = trainAll.labels.narrow(0, 0, nTrain);
  const xTest = testAll.images.narrow(0, 0, nTest);
  const yTest = testAll.labels.narrow(0, 0, nTest);
  const nExact = Math.min(EXACT, nTest);
  ctx.log(
    `\nPart 2: CIFAR-10, ${present} training images present (${present / 10000} of 5 batches); using ${nTrain} for training and ${nTest} test images, pixels in [0, 1]`,
  );
  ctx.metric('train_images_present', present);
  ctx.metric('train_images', nTrain);
  ctx.metric('test_images', nTest);

  const model = cifarConvNet(32, new Generator(seed + 1));
  const parameters = model.numParameters();
  ctx.metric('parameters_32', parameters);
  ctx.log(`Model for 32×32 inputs: ${parameters.toLocaleString('en-US')} parameters`);
  const optimizer = new Adam(model.parameters(), { lr });
  const train = new DataLoader([xTrain, yTrain], { batchSize, shuffle: true, seed: seed + 2 });
  const epochLine = (e: number, h: import('../../lib/train.js').History) =>
    ctx.log(
      `  epoch ${e}/${epochs}: train loss ${h.trainLoss.at(-1)!.toFixed(4)} acc ${pct(h.trainAccuracy.at(-1)!)} · test (records 0–${nExact - 1}) loss ${h.valLoss.at(-1)!.toFixed(4)} acc ${pct(h.valAccuracy.at(-1)!)} · ${h.seconds.at(-1)!.toFixed(1)} s`,
    );
  const history = await fitWithCheckpoints(ctx, 'model', {
    model,
    optimizer,
    loss: (out, y) => crossEntropy(out, y),
    accuracy: argmaxAccuracy,
    train,
    val: new DataLoader([xTest.narrow(0, 0, nExact), yTest.narrow(0, 0, nExact)], {
      batchSize: EVAL_BATCH,
    }),
    epochs,
    generators: { loader: train.generator },
    progress: (label, total) => ctx.progress(label, total),
    onEpochEnd: epochLine,
  });
  await saveModel(model, ctx.outPath('model.safetensors'));

  const bar = ctx.progress(`evaluating ${nTest} test images`, 1);
  const t0 = performance.now();
  const result = await classify(model, xTest, yTest);
  bar.tick();
  const evalSeconds = (performance.now() - t0) / 1000;
  const labels = Int32Array.from(await yTest.data(), Number);
  const exactCorrect = labels
    .subarray(0, nExact)
    .filter((l, i) => result.predicted[i] === l).length;
  const exactAcc = exactCorrect / nExact;
  const trainSeconds = history.seconds.reduce((a, b) => a + b, 0);
  const last = history.epoch.length - 1;
  ctx.metric('test_accuracy', round4(result.accuracy));
  ctx.metric('test_loss', round4(result.loss));
  ctx.metric('test_accuracy_records_0_999', round4(exactAcc));
  ctx.metric('exact_records', nExact);
  ctx.metric('train_accuracy', round4(history.trainAccuracy[last]!));
  ctx.metric('train_loss', round4(history.trainLoss[last]!));
  ctx.metric('first_epoch_test_accuracy_records_0_999', round4(history.valAccuracy[0]!));
  ctx.metric('train_accuracy_per_epoch', history.trainAccuracy.map(round4));
  ctx.metric('test_accuracy_per_epoch_records_0_999', history.valAccuracy.map(round4));
  ctx.metric('training_time_s', Number(trainSeconds.toFixed(1)));
  ctx.metric('seconds_per_epoch', Number((trainSeconds / history.epoch.length).toFixed(2)));
  ctx.metric('evaluation_time_s', Number(evalSeconds.toFixed(1)));
  ctx.log(
    `Test accuracy ${pct(result.accuracy)} on all ${nTest} test images, ${pct(exactAcc)} on records 0–${nExact - 1}; ${trainSeconds.toFixed(0)} s of training (${(trainSeconds / history.epoch.length).toFixed(1)} s per epoch)`,
  );

  ctx.table(
    `Per epoch: training loss and accuracy (means over the epoch’s mini-batches) and test loss and accuracy on the exact test records 0–${nExact - 1} (after the epoch)`,
    epochRows(history),
  );
  ctx.table('Test accuracy of the trained network', [
    { 'test images': `all ${nTest}`, 'accuracy (%)': Number((100 * result.accuracy).toFixed(2)) },
    {
      'test images': `records 0–${nExact - 1} (exact)`,
      'accuracy (%)': Number((100 * exactAcc).toFixed(2)),
    },
  ]);
  ctx.figure(
    'curves',
    curvesFigure(
      history,
      `CIFAR-10 ConvNet, Adam lr ${lr}, batch ${batchSize}, ${nTrain} images: test acc. ${pct(result.accuracy)}`,
    ),
    `Cross-entropy and accuracy per epoch. Training values are means over each epoch’s mini-batches; test values are measured after each epoch on the exact test records 0–${nExact - 1}.`,
  );
  const shown = Array.from({ length: Math.min(24, nTest) }, (_, i) => i);
  ctx.figure(
    'predictions',
    predictionsGrid({
      images: xTest,
      indices: shown,
      predicted: result.predicted,
      labels,
      classes,
      range: [0, 1],
      title: `The first ${shown.length} test images: predicted / true class`,
    }),
    'Test images 0–23 with the network’s prediction and the true class (green: right, red: wrong).',
  );
  ctx.figure(
    'confusion-matrix',
    confusionMatrix({
      yTrue: labels,
      yPred: result.predicted,
      numClasses: 10,
      classNames: classes,
      title: `${nTest} test images, ${pct(result.accuracy)} correct`,
      width: 640,
      height: 580,
    }),
    'Rows are the true classes, columns the predicted ones; off-diagonal cells are mistakes.',
  );
  cifarObservations(ctx, { history, result, labels, classes, exactAcc, nExact, quick });
}

export const cifar10Convnet: LabDefinition = {
  id: 'cifar10-convnet',
  title: 'A Keras-style ConvNet: summary for 64×64×3, training on CIFAR-10',
  description:
    'Conv 32/64/128 + pools, Dense 128, Dense 10: Keras-style summary for 64×64×3; trained on CIFAR-10 (Adam, batch 64) with per-epoch accuracy, predictions, confusion matrix',
  aim: 'Build a three-block ConvNet, check its Keras-style summary for 64×64×3 inputs, then train the same blocks on 32×32 CIFAR-10 and follow its training and test accuracy epoch by epoch.',
  procedure: [
    `Part 1: build Conv2D(32, 3×3, same) + ReLU + MaxPool 2, Conv2D(64) + ReLU + MaxPool 2, Conv2D(128) + ReLU + MaxPool 2, Flatten, Dense(128) + ReLU, Dense(10) + softmax for 64×64×3 inputs and print its summary; the per-layer parameter counts must equal Keras's (${KERAS_PARAMS_64.join(', ')}).`,
    `Part 2: load CIFAR-10 (whichever training batches are present; the shared copy has batches 1 and 2, 20 000 images) and the 10 000 test images, pixels scaled to [0, 1]; train on the first ${IMAGES.train[0]} by default (a time budget; --train-images 20000 uses both batches).`,
    `Build the same blocks (${CIFAR_BLOCKS.channels.join('/')} channels, Dense ${CIFAR_BLOCKS.dense[0]}) for 32×32 inputs with Keras's default initialisation (Glorot-uniform weights, zero biases).`,
    'Train with Adam (lr 1e-3) on the softmax cross-entropy in shuffled mini-batches of 64 for 10 epochs, checkpointing the weights and Adam’s state after every epoch (--resume continues).',
    'After each epoch measure loss and accuracy on test records 0–999 (exact in the shared copy); at the end classify every test image and report the accuracy on all of them and on records 0–999 separately.',
    'Plot the curves, a grid of test predictions and the confusion matrix; save the weights.',
  ],
  flags: [
    { name: 'lr', type: 'number', help: 'Adam learning rate', default: 1e-3, min: 1e-8 },
    { name: 'batchSize', type: 'integer', help: 'mini-batch size', default: 64, min: 1 },
    {
      name: 'trainImages',
      type: 'integer',
      help: `training images, the first ones of the batches present (default ${IMAGES.train[0]}, a time budget: 20000 uses both batches of the shared data; ${IMAGES.train[1]} with --quick)`,
      min: 1,
    },
    {
      name: 'testImages',
      type: 'integer',
      help: `test images (default 10000; ${IMAGES.test[1]} with --quick)`,
      min: 1,
    },
  ],
  epochs: { full: 10, quick: 2 },
  checkpoints: true,
  asyncReads: true,
  fullRunTime:
    '3 min 15 s measured on an idle 2-core machine with the default 10 000 training images (10 epochs of ≈ 17–20 s, then all 10 000 test images; seed 42: 62.3 % on all test images, 65.0 % on records 0–999); --train-images 20000 about twice that',
  source: import.meta.url,
  run,
};
