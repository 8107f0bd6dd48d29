/**
 * Lab: a convolutional denoising autoencoder on MNIST.
 *
 * Digits corrupted with Gaussian noise (factor 0.5, clipped to [0, 1]) go
 * through Conv 32 → Conv 64 (stride 2) → Conv 128 (stride 2) and back up
 * through transposed convolutions to a sigmoid image, trained with BCE
 * against the clean digit (Adam, 10 epochs). We compare the denoised test
 * images with the noisy input and with the mean image, show noisy / clean /
 * denoised rows, the encoder's feature maps, the loss curves, and (part 2) a
 * sweep of the bottleneck size and the depth.
 */
import { Generator, prefetch } from '@gradlab/tensor';
import { loadMnistSubsets, mnistSubsetFlags, mnistSubsetSizes } from '../../lib/mnist-subset.js';
import { saveModel } from '../../lib/save-model.js';
import type { LabContext, LabDefinition } from '../../runner/lab.js';
import { buildDae, codeSize, type DaeSpec, denoise, perImageMse, specName } from './model.js';
import { denoisingFigure, featureMapFigure, lossFigure, observeRun } from './report.js';
import { runSweep } from './sweep.js';
import { addNoise, type TestScores, testScores, trainDae } from './train.js';

const SUBSET = { quickTrain: 500, quickTest: 200 };
export const MAIN_SPEC: DaeSpec = { channels: [32, 64, 128] };

async function run(ctx: LabContext): Promise<void> {
  const { seed, epochs, quick } = ctx.config;
  const c = ctx.config;
  const lr = Number(c.lr ?? (quick ? 2e-3 : 1e-3));
  const noise = Number(c.noise);
  const batchSize = Number(c.batchSize ?? 32);
  const { nTrain, nTest } = mnistSubsetSizes('denoising-autoencoder', c, SUBSET);
  // The CPU convolutions are slow: the full run defaults to a subset (see --help).
  const trainImages = c.trainImages === undefined && !quick ? 3000 : nTrain;
  const testImages = c.testImages === undefined && !quick ? 1000 : nTest;
  const sweepEpochs = Number(c.sweepEpochs ?? (quick ? 1 : 2));
  const sweepImages = Math.min(trainImages, Number(c.sweepImages ?? (quick ? 64 : 800)));

  const sweepTest = Math.min(testImages, quick ? 50 : 500);
  const { train, test } = await loadMnistSubsets(trainImages, testImages);
  const xTrain = train.images.reshape([trainImages, 1, 28, 28]);
  const xTest = test.images.reshape([testImages, 1, 28, 28]);
  const noisyTest = addNoise(xTest, noise, seed + 3);
  ctx.log(
    `MNIST: ${trainImages} training and ${testImages} test images (28×28 in [0, 1]); noise factor ${noise}, clipped to [0, 1]`,
  );
  // Every value is read with `await` or after `prefetch`, so the lab runs on WebGPU too.
  await prefetch([xTest, noisyTest, test.labels]);
  const meanImage = xTrain.mean(0, true);
  const noisyScores = await testScores(noisyTest, xTest);
  const meanScores = await testScores(meanImage.expand([...xTest.shape]).contiguous(), xTest);
  ctx.log(
    `References on the test images: the noisy input itself has MSE ${noisyScores.mse.toFixed(4)} to the clean digit; the training mean image ${meanScores.mse.toFixed(4)}`,
  );

  const { encoder, model } = buildDae(MAIN_SPEC, new Generator(seed + 1), xTrain);
  const nParams = model.numParameters();
  ctx.log(
    `${specName(MAIN_SPEC)}, transposed convs back up, sigmoid out: ${nParams.toLocaleString('en-US')} parameters, code ${codeSize(MAIN_SPEC)} numbers`,
  );
  const perEpoch: TestScores[] = [];
  const t0 = performance.now();
  const history = await trainDae(model, {
    xTrain,
    noise,
    epochs,
    batchSize,
    lr,
    seed: seed + 2,
    progress: ctx.progress,
    onEpochEnd: async (epoch, h) => {
      const s = await testScores(denoise(model, noisyTest), xTest);
      perEpoch.push(s);
      ctx.log(
        `  epoch ${epoch}/${epochs}: train BCE ${h.trainLoss.at(-1)!.toFixed(4)} · test BCE ${s.bce.toFixed(4)} · test MSE ${s.mse.toFixed(4)}`,
      );
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  await saveModel(model, ctx.outPath('model.safetensors'));

  const denoised = denoise(model, noisyTest);
  await prefetch([denoised]);
  const denoisedMse = await perImageMse(denoised, xTest);
  const final = perEpoch.at(-1)!;
  const r5 = (v: number) => Number(v.toFixed(5));
  ctx.metric('train_images', trainImages);
  ctx.metric('test_images', testImages);
  ctx.metric('noise_factor', noise);
  ctx.metric('parameters', nParams);
  ctx.metric('code_size', codeSize(MAIN_SPEC));
  ctx.metric('test_mse', r5(final.mse));
  ctx.metric('test_bce', r5(final.bce));
  ctx.metric('train_bce', r5(history.trainLoss.at(-1)!));
  ctx.metric('first_epoch_test_mse', r5(perEpoch[0]!.mse));
  ctx.metric('noisy_test_mse', r5(noisyScores.mse));
  ctx.metric('mean_image_test_mse', r5(meanScores.mse));
  ctx.metric('mean_image_test_bce', r5(meanScores.bce));
  ctx.metric('test_mse_vs_noisy', Number((final.mse / noisyScores.mse).toFixed(4)));
  ctx.metric('test_psnr_db', Number((-10 * Math.log10(final.mse)).toFixed(2)));
  ctx.metric('noisy_psnr_db', Number((-10 * Math.log10(noisyScores.mse)).toFixed(2)));
  ctx.metric('training_time_s', Number(seconds.toFixed(1)));
  ctx.table(
    `Test images (${testImages}): error against the clean digit`,
    [
      { image: 'noisy input (no model)', MSE: r5(noisyScores.mse), BCE: null },
      { image: 'training mean image', MSE: r5(meanScores.mse), BCE: r5(meanScores.bce) },
      { image: 'denoised, after epoch 1', MSE: r5(perEpoch[0]!.mse), BCE: r5(perEpoch[0]!.bce) },
      { image: `denoised, after epoch ${epochs}`, MSE: r5(final.mse), BCE: r5(final.bce) },
    ],
    ['image', 'MSE', 'BCE'],
  );
  ctx.figure(
    'denoising',
    denoisingFigure(noisyTest, xTest, denoised, test.labels, denoisedMse),
    'Each block of three rows: noisy test inputs (what the model sees), the clean digits (never shown to the model for these test images), and the model’s denoised outputs, titled with their MSE to the clean digit.',
  );
  ctx.figure(
    'feature-maps',
    await featureMapFigure(encoder, noisyTest, test.labels),
    'What the encoder computes for one noisy test digit: the ReLU feature maps after each encoder layer (each map scaled to its own maximum; black = 0, “off” = a map that is zero everywhere for this digit). The first layer’s maps are edge and blob detectors at full resolution; deeper layers are coarser (14×14, 7×7) and more abstract.',
  );
  ctx.figure(
    'loss-curves',
    lossFigure(history, perEpoch, noisyScores, meanScores, { lr, batchSize, n: trainImages }),
    'Left: BCE per pixel, the training loss (mean over each epoch’s batches, fresh noise each batch) and the test loss on fixed noisy test images, with the mean image’s BCE for scale. Right: test MSE of the denoised digits against the clean ones, beside the noisy input’s own MSE and the mean image’s.',
  );
  const sweep = await runSweep(
    ctx,
    {
      xTrain: xTrain.slice(0, 0, sweepImages),
      xTest: xTest.slice(0, 0, sweepTest),
      noisyTest: noisyTest.slice(0, 0, sweepTest),
    },
    { epochs: sweepEpochs, batchSize, lr, noise },
    { noisy: noisyScores.mse, mean: meanScores.mse },
  );
  observeRun(ctx, { history, perEpoch, noisy: noisyScores, mean: meanScores, sweep, seconds });
}

export const denoisingAutoencoder: LabDefinition = {
  id: 'denoising-autoencoder',
  title: 'A convolutional denoising autoencoder on MNIST',
  description:
    'Conv 32 → 64/2 → 128/2 + transposed convs (BCE, Adam) removes noise (factor 0.5) from MNIST digits: noisy/clean/denoised rows, feature maps, a bottleneck/depth sweep',
  aim: 'Train a convolutional autoencoder to map noisy digits to clean ones, measure how much of the noise it removes (against the noisy input and the mean image), look at what its encoder computes, and see how the size of the bottleneck and the depth of the network change the result.',
  procedure: [
    'Load MNIST as 28×28 images in [0, 1]. Because the CPU convolutions are still slow, the full run trains on the first 3 000 training images and tests on the first 1 000 test images (--train-images/--test-images change this; --quick uses 500 and 200).',
    'Corrupt images with x + 0.5·N(0, 1), clipped to [0, 1] (--noise sets the factor): fresh noise for every training batch, one fixed noisy copy of the test images.',
    'Encoder: Conv 3×3 32 (stride 1), Conv 3×3 64 (stride 2, 28→14), Conv 3×3 128 (stride 2, 14→7), each with ReLU. Decoder: ConvTranspose 3×3 128→64 and 64→32 (stride 2, 7→14→28) with ReLU, then Conv 3×3 32→1 and a sigmoid, whose bias starts at the log-odds of the mean pixel (so training starts from the average intensity, not 0.5 grey).',
    'Train on the pixel-wise binary cross-entropy between the output for the noisy image and the clean image, Adam (lr 1e-3; 2e-3 with --quick), batch 32, 10 epochs; test BCE and MSE after every epoch.',
    'References: the MSE of the noisy input itself to the clean digit (doing nothing), and of the training mean image.',
    'Show noisy / clean / denoised rows, the encoder’s feature maps for one digit, and the loss curves.',
    'Sweep (part 2): the bottleneck (channels of the last encoder layer: 4, 16, 64, 128 — codes of 196 to 6 272 numbers) and the depth (1–4 encoder layers), each trained with the same small budget (2 epochs on 800 images; 1 epoch on 64 with --quick); test MSE per setting as a table and a plot, and the same digits denoised by every setting.',
  ],
  flags: [
    {
      name: 'lr',
      type: 'number',
      help: 'Adam learning rate (default 1e-3; 2e-3 with --quick)',
      min: 0,
    },
    {
      name: 'noise',
      type: 'number',
      help: 'noise factor (std of the Gaussian noise)',
      default: 0.5,
      min: 0,
    },
    { name: 'batchSize', type: 'integer', help: 'mini-batch size (default 32)', min: 1 },
    ...mnistSubsetFlags(SUBSET).map((f) =>
      f.name === 'trainImages'
        ? {
            ...f,
            help: 'training images (default 3000 — CPU convolutions are slow; 500 with --quick)',
          }
        : { ...f, help: 'test images (default 1000; 200 with --quick)' },
    ),
    {
      name: 'sweepEpochs',
      type: 'integer',
      help: 'epochs per sweep setting (default 2; 1 with --quick)',
      min: 1,
    },
    {
      name: 'sweepImages',
      type: 'integer',
      help: 'training images per sweep setting (default 800; 64 with --quick)',
      min: 1,
    },
  ],
  epochs: { full: 10, quick: 2 },
  asyncReads: true,
  fullRunTime:
    'not measured end to end; estimated ≈ 15–20 min on an idle 2-core machine (extrapolated from a 1-epoch run of the full model on this busy shared machine: 28 training images/s, i.e. ≈ 18 min of training for 10 epochs on 3 000 images at that load, plus the 7-model sweep); the default uses a 3 000-image subset because the CPU convolutions are slow',
  source: import.meta.url,
  run,
};
