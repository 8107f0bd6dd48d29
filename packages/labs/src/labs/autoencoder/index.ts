/**
 * Lab: an MNIST autoencoder.
 *
 * Encoder 784-128-64-32 and decoder 32-64-128-784 (ReLU between layers,
 * sigmoid on the output) learn to reproduce each image through a 32-number
 * code, trained on the pixel MSE with Adam (lr 1e-3) for 5 epochs. We show
 * originals over their reconstructions, the loss per epoch beside the MSE of
 * always predicting the training set's mean image, and (part 2) a small sweep
 * over bottleneck size, depth and hidden activation.
 */
import { Generator, prefetch } from '@gradlab/tensor';
import { lineChart } from '@gradlab/viz';
import { loadMnistSubsets, mnistSubsetSizes } from '../../lib/mnist-subset.js';
import { saveModel } from '../../lib/save-model.js';
import { readScalars } from '../../lib/train.js';
import type { LabContext, LabDefinition } from '../../runner/lab.js';
import { encoderFeatureFigure } from './features.js';
import {
  buildAutoencoder,
  parameterCount,
  perImageMse,
  reconstruct,
  specName,
  trainAutoencoder,
} from './model.js';
import { observeRun, reconstructionFigure } from './report.js';
import { runSweep } from './sweep.js';

async function run(ctx: LabContext): Promise<void> {
  const { seed, epochs, quick } = ctx.config;
  const lr = Number(ctx.config.lr);
  const batchSize = Number(ctx.config.batchSize ?? (quick ? 32 : 64));
  const { nTrain, nTest } = mnistSubsetSizes('autoencoder', ctx.config, {
    quickTrain: 5000,
    quickTest: 1000,
  });
  const sweepEpochs = Number(ctx.config.sweepEpochs ?? (quick ? 1 : 3));
  const sweepImages = Math.min(nTrain, Number(ctx.config.sweepImages ?? (quick ? 1500 : 10000)));

  const { train, test } = await loadMnistSubsets(nTrain, nTest);
  const xTrain = train.images;
  const xTest = test.images;
  ctx.log(
    `MNIST: ${xTrain.shape[0]} training and ${xTest.shape[0]} test images, 784 pixels in [0, 1]`,
  );

  // Reference: always predict the training set's mean image.
  const meanImage = xTrain.mean(0, true);
  // Every value is read with `await` or after `prefetch`, so the lab runs on WebGPU too.
  await prefetch([xTest, test.labels]);
  const [meanImageMse] = await readScalars(xTest.sub(meanImage).square().mean());
  ctx.log(
    `Predicting the training mean image for every test image: MSE ${meanImageMse.toFixed(5)}`,
  );

  const spec = { hidden: [128, 64], bottleneck: 32, activation: 'relu' as const };
  const { encoder, model } = buildAutoencoder(spec, new Generator(seed + 1));
  const nParams = parameterCount(model);
  ctx.log(
    `Autoencoder ${specName(spec)} / mirrored decoder, sigmoid out: ${nParams.toLocaleString('en-US')} parameters`,
  );
  const t0 = performance.now();
  const history = await trainAutoencoder(model, {
    xTrain,
    xTest,
    epochs,
    batchSize,
    lr,
    seed: seed + 2,
    progress: ctx.progress,
  });
  const seconds = (performance.now() - t0) / 1000;
  for (const [i, e] of history.epoch.entries())
    ctx.log(
      `  epoch ${e}/${epochs}: train MSE ${history.trainLoss[i]!.toFixed(5)} · test MSE ${history.valLoss[i]!.toFixed(5)}`,
    );
  await saveModel(model, ctx.outPath('model.safetensors'));

  const recon = reconstruct(model, xTest);
  await prefetch([recon]);
  const errors = await perImageMse(recon, xTest);
  const testMse = history.valLoss.at(-1)!;
  const r5 = (v: number) => Number(v.toFixed(5));
  ctx.metric('train_images', xTrain.shape[0]!);
  ctx.metric('test_images', xTest.shape[0]!);
  ctx.metric('parameters', nParams);
  ctx.metric('test_mse', r5(testMse));
  ctx.metric('train_mse', r5(history.trainLoss.at(-1)!));
  ctx.metric('first_epoch_test_mse', r5(history.valLoss[0]!));
  ctx.metric('mean_image_test_mse', r5(meanImageMse));
  ctx.metric('test_mse_vs_mean_image', Number((testMse / meanImageMse).toFixed(4)));
  ctx.metric('training_time_s', Number(seconds.toFixed(2)));
  ctx.table(
    'Reconstruction error (mean squared error per pixel)',
    [
      { model: 'predict the training mean image', 'test MSE': r5(meanImageMse), 'train MSE': null },
      {
        model: `autoencoder, after epoch 1`,
        'test MSE': r5(history.valLoss[0]!),
        'train MSE': r5(history.trainLoss[0]!),
      },
      {
        model: `autoencoder, after epoch ${epochs}`,
        'test MSE': r5(testMse),
        'train MSE': r5(history.trainLoss.at(-1)!),
      },
    ],
    ['model', 'test MSE', 'train MSE'],
  );

  ctx.figure(
    'reconstructions',
    reconstructionFigure(xTest, test.labels, recon, errors),
    'Odd rows: test images (two of each digit, never seen in training); the row below each: the autoencoder’s reconstruction from its 32-number code, titled with that image’s MSE. Look at what survives the bottleneck (stroke shape, slant, digit identity) and what is lost (thin strokes, small gaps and serifs come back blurred).',
  );
  ctx.figure(
    'encoder-features',
    await encoderFeatureFigure(encoder, xTest, test.labels),
    'The encoder’s features. Left: the input weights of first-layer units drawn as 28×28 images — each unit responds to ink where its template is red and to its absence where it is blue (stroke and blob detectors, not whole digits). Right: the 32-number code averaged over the test images of each digit; rows that differ are digits the code tells apart.',
  );
  ctx.figure(
    'loss-curve',
    lineChart({
      series: [
        { name: 'train MSE (epoch mean)', x: history.epoch, y: history.trainLoss },
        { name: 'test MSE', x: history.epoch, y: history.valLoss, dash: true },
        {
          name: 'mean-image baseline (test)',
          x: history.epoch,
          y: history.epoch.map(() => meanImageMse),
          dash: true,
        },
      ],
      title: `Reconstruction MSE per epoch (Adam lr ${lr}, batch ${batchSize}, ${xTrain.shape[0]} images)`,
      xLabel: 'epoch',
      yLabel: 'MSE per pixel',
      yDomain: [0, Math.max(meanImageMse, ...history.trainLoss) * 1.05],
      width: 760,
      height: 400,
    }),
    `Training MSE (mean over each epoch’s batches) and test MSE after each epoch, against the flat line of predicting the mean image (${meanImageMse.toFixed(4)}). The gap between the model’s curves and that line is what the 32-number code carries about each individual digit.`,
  );

  const sweep = await runSweep(
    ctx,
    { xTrain: xTrain.slice(0, 0, sweepImages).contiguous(), xTest },
    { epochs: sweepEpochs, batchSize, lr },
    meanImageMse,
  );
  ctx.metric(
    'sweep_budget',
    `${sweepEpochs} epoch(s) on ${sweepImages} training images per setting`,
  );
  observeRun(ctx, { history, meanImageMse, errors, labels: test.labels, sweep, seconds });
}

export const autoencoder: LabDefinition = {
  id: 'autoencoder',
  title: 'An MNIST autoencoder',
  description:
    'Autoencoder 784-128-64-32 / 32-64-128-784 on MNIST (MSE, Adam): reconstructions, encoder features, loss vs the mean image, a bottleneck/depth/activation sweep',
  aim: 'Train a fully connected autoencoder to compress MNIST digits into a 32-number code and reconstruct them, judge the reconstructions against the trivial predictor (the mean image), and see how the bottleneck size, the depth and the hidden activation change the reconstruction error.',
  procedure: [
    'Load MNIST, flattened to 784 pixels in [0, 1] (60 000 training, 10 000 test images).',
    'Reference: the MSE of predicting the training set’s mean image for every test image.',
    'Encoder Linear 784→128, ReLU, 128→64, ReLU, 64→32, ReLU; decoder 32→64, ReLU, 64→128, ReLU, 128→784, sigmoid.',
    'Train on the pixel-wise MSE between input and output with Adam (lr 1e-3), shuffled mini-batches of 64, 5 epochs; measure the test MSE after every epoch.',
    'Show test images over their reconstructions, the encoder’s features (first-layer weight templates and the mean code per digit) and the loss curves.',
    'Sweep (part 2): from that model change one thing at a time — bottleneck 2, 8, 16, 32, 64; 1–4 encoder layers; ReLU, tanh, sigmoid hidden units — and train each with a small fixed budget (3 epochs on 10 000 images; 1 epoch on 1 500 with --quick), then compare test MSE.',
  ],
  flags: [
    { name: 'lr', type: 'number', help: 'Adam learning rate', default: 1e-3, min: 0 },
    {
      name: 'batchSize',
      type: 'integer',
      help: 'mini-batch size (default 64; 32 with --quick)',
      min: 1,
    },
    {
      name: 'trainImages',
      type: 'integer',
      help: 'training images (default 60000; 5000 with --quick)',
      min: 100,
    },
    {
      name: 'testImages',
      type: 'integer',
      help: 'test images (default 10000; 1000 with --quick)',
      min: 20,
    },
    {
      name: 'sweepEpochs',
      type: 'integer',
      help: 'epochs per sweep setting (default 3; 1 with --quick)',
      min: 1,
    },
    {
      name: 'sweepImages',
      type: 'integer',
      help: 'training images per sweep setting (default 10000; 1500 with --quick)',
      min: 100,
    },
  ],
  epochs: { full: 5, quick: 3 },
  asyncReads: true,
  fullRunTime:
    'about 5 min, measured on a busy 2-core machine (5.3 min wall: 2.1 min training 5 epochs on 60 000 images, 3 min for the 10-model sweep)',
  source: import.meta.url,
  run,
};
