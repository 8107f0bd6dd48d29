/**
 * Lab: a deep network for regression on a table with missing values.
 *
 * Auto MPG (398 cars; 6 horsepower values missing) — or any CSV given with
 * `--csv <path> --target <column>` — is split 80/20; the missing values are
 * filled with the training split's column means and every feature is
 * standardised with the training split's statistics (so nothing about the
 * test rows leaks into training). A 64-32-1 ReLU MLP is trained with Adam
 * (lr 1e-3) on the MSE for 100 epochs; we report test RMSE, MAE and R².
 */
import { basename } from 'node:path';
import { noGrad, Tensor } from '@gradlab/autograd';
import { DataLoader, type StandardScaler } from '@gradlab/datasets';
import { Linear, type Module, mseLoss, ReLU, Sequential, saveModule } from '@gradlab/nn';
import { Adam } from '@gradlab/optim';
import { Generator, type NDArray } from '@gradlab/tensor';
import { histogram, lineChart, scatterPlot, subplots } from '@gradlab/viz';
import { fit } from '../../lib/train.js';
import type { LabContext, LabDefinition } from '../../runner/lab.js';
import { loadTable, prepare, regressionScores } from './prepare-data.js';

/** The 64-32-1 ReLU MLP for `inFeatures` inputs. */
export function regressionMlp(inFeatures: number, generator: Generator): Sequential {
  return new Sequential(
    new Linear(inFeatures, 64, { generator }),
    new ReLU(),
    new Linear(64, 32, { generator }),
    new ReLU(),
    new Linear(32, 1, { generator }),
  );
}

/** Predictions in the target's units (the network outputs standardised values). */
function predict(model: Module, x: NDArray, yScaler: StandardScaler): Float32Array {
  model.eval();
  const out = noGrad(() => model.forward(new Tensor(x)).data);
  model.train();
  return Float32Array.from(yScaler.inverseTransform(out).dataSync());
}

async function run(ctx: LabContext): Promise<void> {
  const { seed, epochs } = ctx.config;
  const lr = Number(ctx.config.lr);
  const batchSize = Number(ctx.config.batchSize);
  const csv = ctx.config.csv as string | undefined;
  const { data, source } = await loadTable(csv, ctx.config.target as string | undefined);
  const d = prepare(data, source, seed);
  const yName = d.targetName;
  ctx.log(
    `Data: ${source}: ${d.rows} rows, ${d.featureNames.length} features, target ${yName}; ${d.xTrain.shape[0]} train / ${d.xTest.shape[0]} test` +
      (d.droppedRows ? `; ${d.droppedRows} rows without a target dropped` : ''),
  );
  const missingTotal = [...d.missingTrain, ...d.missingTest].reduce((a, b) => a + b, 0);
  ctx.table(
    'Features: missing values per split, and the fill value (mean of the training split) used for them',
    d.featureNames.map((name, i) => ({
      feature: name,
      'missing (train)': d.missingTrain[i]!,
      'missing (test)': d.missingTest[i]!,
      'fill value (train mean)': Number(d.fillValues[i]!.toPrecision(5)),
      'scaler mean': Number(d.scaler.mean![i]!.toPrecision(5)),
      'scaler std': Number(d.scaler.scale![i]!.toPrecision(5)),
    })),
  );
  ctx.log(
    `Imputation: ${missingTotal} missing values filled with training means; NaNs left: ${d.nanAfterImputation}`,
  );
  if (d.nanAfterImputation > 0)
    throw new Error(`regression-dnn: ${d.nanAfterImputation} NaNs left after imputation`);
  ctx.metric('dataset', csv ? basename(csv) : 'auto-mpg');
  ctx.metric('missing_values_imputed', missingTotal);
  ctx.metric('nan_after_imputation', d.nanAfterImputation);

  const model = regressionMlp(d.featureNames.length, new Generator(seed + 1));
  const ys = d.yScaler;
  const toY = ys.scale![0]! ** 2;
  const bar = ctx.progress('training', epochs);
  const t0 = performance.now();
  const history = await fit({
    model,
    optimizer: new Adam(model.parameters(), { lr }),
    loss: (out, target) => mseLoss(out, target),
    // The network learns the standardised target; losses are reported in the target's units².
    train: new DataLoader([d.xTrain, ys.transform(d.yTrain)], {
      batchSize,
      shuffle: true,
      seed: seed + 2,
    }),
    val: new DataLoader([d.xTest, ys.transform(d.yTest)], { batchSize: 256 }),
    epochs,
    onEpochEnd: (_, h) =>
      bar.tick({ train_mse: h.trainLoss.at(-1)! * toY, test_mse: h.valLoss.at(-1)! * toY }),
  });
  history.trainLoss = history.trainLoss.map((v) => v * toY);
  history.valLoss = history.valLoss.map((v) => v * toY);
  const seconds = (performance.now() - t0) / 1000;
  saveModule(model, ctx.outPath('model.safetensors'));

  const actual = d.yTest.dataSync();
  const predicted = predict(model, d.xTest, ys);
  const test = regressionScores(predicted, actual);
  const train = regressionScores(predict(model, d.xTrain, ys), d.yTrain.dataSync());
  // Baseline: always predict the training mean.
  const yTrainMean = d.yTrain.mean().item();
  const baseline = regressionScores(new Float32Array(actual.length).fill(yTrainMean), actual);
  ctx.log(
    `Test: RMSE ${test.rmse.toFixed(3)}, MAE ${test.mae.toFixed(3)}, R² ${test.r2.toFixed(4)} (train R² ${train.r2.toFixed(4)}; predicting the mean gives RMSE ${baseline.rmse.toFixed(3)}) in ${seconds.toFixed(1)} s`,
  );
  ctx.metric('test_rmse', Number(test.rmse.toFixed(4)));
  ctx.metric('test_mae', Number(test.mae.toFixed(4)));
  ctx.metric('test_r2', Number(test.r2.toFixed(4)));
  ctx.metric('train_r2', Number(train.r2.toFixed(4)));
  ctx.metric('baseline_test_rmse', Number(baseline.rmse.toFixed(4)));
  ctx.metric('final_train_mse', Number(history.trainLoss.at(-1)!.toFixed(4)));
  ctx.metric('final_test_mse', Number(history.valLoss.at(-1)!.toFixed(4)));
  ctx.metric('training_time_s', Number(seconds.toFixed(3)));
  ctx.table('Scores', [
    { split: 'train', RMSE: round(train.rmse), MAE: round(train.mae), 'R²': round(train.r2) },
    { split: 'test', RMSE: round(test.rmse), MAE: round(test.mae), 'R²': round(test.r2) },
    {
      split: 'test, predicting the training mean',
      RMSE: round(baseline.rmse),
      MAE: round(baseline.mae),
      'R²': round(baseline.r2),
    },
  ]);

  ctx.figure(
    'loss-curves',
    lineChart({
      series: [
        { name: 'training MSE', x: history.epoch, y: history.trainLoss },
        { name: 'test MSE', x: history.epoch, y: history.valLoss, dash: true },
      ],
      title: `MSE per epoch (Adam lr ${lr}, batch ${batchSize})`,
      xLabel: 'epoch',
      yLabel: `MSE (${yName}²)`,
      yScale: 'log',
      width: 760,
      height: 400,
    }),
    `Training (mean over the epoch's batches) and test MSE per epoch on a log scale, in ${yName}². Where the dashed test curve flattens or turns up while the training curve keeps falling, the network starts to fit noise.`,
  );
  const span = Math.max(...actual, ...predicted) - Math.min(...actual, ...predicted);
  const lo = Math.min(...actual, ...predicted) - 0.04 * span;
  const hi = Math.max(...actual, ...predicted) + 0.04 * span;
  const residuals = Array.from(predicted, (p, i) => p - actual[i]!);
  ctx.figure(
    'predicted-vs-actual',
    subplots(
      [
        scatterPlot({
          x: actual,
          y: predicted,
          lines: [{ name: 'predicted = actual', x: [lo, hi], y: [lo, hi], dash: true }],
          title: `Test split: R² = ${test.r2.toFixed(3)}, RMSE = ${test.rmse.toFixed(2)}`,
          xLabel: `actual ${yName}`,
          yLabel: `predicted ${yName}`,
          xDomain: [lo, hi],
          yDomain: [lo, hi],
          r: 4,
          width: 460,
          height: 440,
        }),
        histogram({
          values: residuals,
          bins: 20,
          title: 'Residuals (predicted − actual)',
          xLabel: `error (${yName})`,
          width: 420,
          height: 440,
        }),
      ],
      { cols: 2 },
    ),
    'Left: each test row’s prediction against its true value; the dashed diagonal is a perfect prediction. Right: the distribution of the errors — centred near 0 means no systematic bias.',
  );

  const best = history.valLoss.indexOf(Math.min(...history.valLoss));
  ctx.observe(
    `The training MSE fell from ${history.trainLoss[0]!.toFixed(2)} in epoch 1 to ${history.trainLoss.at(-1)!.toFixed(2)} in epoch ${epochs}; the test MSE from ${history.valLoss[0]!.toFixed(2)} to ${history.valLoss.at(-1)!.toFixed(2)}, lowest (${history.valLoss[best]!.toFixed(2)}) at epoch ${best + 1}.`,
  );
  ctx.observe(
    `On the test split the network explains ${(100 * test.r2).toFixed(1)} % of the variance of ${yName} (R² ${test.r2.toFixed(3)}); its RMSE ${test.rmse.toFixed(2)} is ${(100 * (1 - test.rmse / baseline.rmse)).toFixed(0)} % below the ${baseline.rmse.toFixed(2)} of always predicting the training mean.`,
  );
  ctx.observe(
    `Train R² ${train.r2.toFixed(3)} vs test R² ${test.r2.toFixed(3)}: ${train.r2 - test.r2 > 0.05 ? `a gap of ${(train.r2 - test.r2).toFixed(3)}, a sign of some overfitting` : 'almost no gap, so the model generalises to unseen rows'}.`,
  );
  const meanResidual = residuals.reduce((a, b) => a + b, 0) / residuals.length;
  ctx.observe(
    `${missingTotal} missing values (${d.missingTrain.reduce((a, b) => a + b, 0)} in the training split, ${d.missingTest.reduce((a, b) => a + b, 0)} in the test split) were filled with the training split's means; no NaN was left. The mean test residual is ${meanResidual.toFixed(2)} ${yName}${Math.abs(meanResidual) < 0.1 * test.rmse ? ', so the predictions are not biased' : `, a systematic ${meanResidual > 0 ? 'over' : 'under'}-prediction`}.`,
  );
}

const round = (v: number) => Number(v.toFixed(4));

export const regressionDnn: LabDefinition = {
  id: 'regression-dnn',
  title: 'Regression with a deep network on a table with missing values',
  description:
    'Auto MPG (or --csv): mean imputation, standardisation, a 64-32-1 ReLU MLP with Adam; test RMSE and R²',
  aim: 'Predict a continuous value from a table that has missing values: impute and standardise the features without leaking test information, train a 64-32-1 ReLU MLP with Adam on the mean squared error, and judge it by its test RMSE and R².',
  procedure: [
    'Load Auto MPG (398 cars: cylinders, displacement, horsepower, weight, acceleration, model year, origin → mpg; 6 horsepower values missing), or the CSV given with --csv and --target.',
    'Split the rows 80/20 at random (seeded).',
    'Fit a mean imputer and a standard scaler on the training rows only; apply both to train and test. The target is standardised the same way for training (predictions are mapped back to its units).',
    'Train a Linear(F, 64)-ReLU-Linear(64, 32)-ReLU-Linear(32, 1) network with Adam (lr 1e-3) on the MSE for 100 epochs in mini-batches of 32, evaluating the test MSE after every epoch.',
    'Report the test RMSE, MAE and R² against the baseline of predicting the training mean; plot the loss curves and predicted vs actual values.',
  ],
  flags: [
    { name: 'csv', type: 'string', help: 'a CSV file to use instead of Auto MPG (needs --target)' },
    { name: 'target', type: 'string', help: 'with --csv: the column to predict (name or index)' },
    { name: 'lr', type: 'number', help: 'Adam learning rate', default: 1e-3, min: 1e-8 },
    { name: 'batchSize', type: 'integer', help: 'mini-batch size', default: 32, min: 1 },
  ],
  epochs: { full: 100, quick: 40 },
  fullRunTime: 'about 5 s',
  source: import.meta.url,
  run,
};
