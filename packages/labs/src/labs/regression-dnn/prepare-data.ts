/** Loading, splitting, imputing and scaling the regression-dnn lab's table. */
import {
  countMissing,
  loadAutoMpg,
  readCsv,
  SimpleImputer,
  StandardScaler,
  type TabularDataset,
  tableToDataset,
  trainTestSplit,
} from '@gradlab/datasets';
import type { NDArray } from '@gradlab/tensor';

/** A table ready to train on, and what was done to it. */
export interface PreparedData {
  source: string;
  targetName: string;
  featureNames: string[];
  rows: number;
  /** Rows left out because their target was missing. */
  droppedRows: number;
  xTrain: NDArray;
  xTest: NDArray;
  yTrain: NDArray;
  yTest: NDArray;
  /** Missing values per feature column in the train and test splits, before imputation. */
  missingTrain: number[];
  missingTest: number[];
  /** The imputer's fill value per column (the training split's mean). */
  fillValues: number[];
  /** NaNs left in the features after imputation (0 when it worked). */
  nanAfterImputation: number;
}

/** Loads Auto MPG, or `csvPath` with `target` as the label (a column name, or an index). */
export async function loadTable(
  csvPath: string | undefined,
  target: string | undefined,
): Promise<{ data: TabularDataset; source: string }> {
  if (!csvPath) {
    if (target !== undefined)
      throw new Error('regression-dnn: --target needs --csv (Auto MPG’s target is mpg)');
    return { data: await loadAutoMpg(), source: 'Auto MPG (UCI, csv/auto-mpg.data)' };
  }
  if (target === undefined)
    throw new Error(
      `regression-dnn: --csv ${csvPath} needs --target <column> (the value to predict)`,
    );
  const table = readCsv(csvPath);
  const label = table.columns.includes(target)
    ? target
    : /^\d+$/.test(target) && Number(target) < table.columns.length
      ? Number(target)
      : undefined;
  if (label === undefined) {
    throw new Error(
      `regression-dnn: --target '${target}' is not a column of ${csvPath} (columns: ${table.columns.join(', ')}; an index 0–${table.columns.length - 1} works too)`,
    );
  }
  const data = tableToDataset(table, { label, labelType: 'number' });
  return { data, source: csvPath };
}

/** Drops rows without a target, splits 80/20, imputes means and standardises, all fitted on the training rows only. */
export function prepare(
  data: TabularDataset,
  source: string,
  seed: number,
  testSize = 0.2,
): PreparedData & { scaler: StandardScaler; imputer: SimpleImputer; yScaler: StandardScaler } {
  const y = data.targets;
  if (y?.dtype !== 'float32')
    throw new Error(`regression-dnn: ${source} has no numeric target column`);
  const yv = y.dataSync();
  const keep = Array.from(yv.keys()).filter((i) => !Number.isNaN(yv[i]!));
  const x = data.features.indexSelect(0, keep);
  const yk = y.indexSelect(0, keep);
  const [xTrainRaw, xTestRaw, yTrain, yTest] = trainTestSplit([x, yk], { testSize, seed }) as [
    NDArray,
    NDArray,
    NDArray,
    NDArray,
  ];
  const imputer = new SimpleImputer({ strategy: 'mean' }).fit(xTrainRaw);
  const scaler = new StandardScaler().fit(imputer.transform(xTrainRaw));
  const xTrain = scaler.transform(imputer.transform(xTrainRaw));
  const xTest = scaler.transform(imputer.transform(xTestRaw));
  const yScaler = new StandardScaler().fit(yTrain);
  const nanAfterImputation = [xTrain, xTest].reduce(
    (n, a) => n + countMissing(a).reduce((s, c) => s + c, 0),
    0,
  );
  return {
    source,
    targetName: data.targetName ?? 'target',
    featureNames: data.featureNames,
    rows: keep.length,
    droppedRows: yv.length - keep.length,
    xTrain,
    xTest,
    yTrain,
    yTest,
    missingTrain: countMissing(xTrainRaw),
    missingTest: countMissing(xTestRaw),
    fillValues: imputer.statistics!,
    nanAfterImputation,
    scaler,
    imputer,
    yScaler,
  };
}

/** Root mean squared error, mean absolute error and R² of predictions. */
export function regressionScores(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
): { rmse: number; mae: number; r2: number } {
  const n = actual.length;
  if (predicted.length !== n || n === 0)
    throw new Error(`regressionScores: ${predicted.length} predictions for ${n} targets`);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i]! / n;
  let sse = 0;
  let sae = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    const e = predicted[i]! - actual[i]!;
    sse += e * e;
    sae += Math.abs(e);
    sst += (actual[i]! - mean) ** 2;
  }
  return { rmse: Math.sqrt(sse / n), mae: sae / n, r2: sst > 0 ? 1 - sse / sst : Number.NaN };
}
