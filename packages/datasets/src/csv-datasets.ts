import { NDArray } from '@gradlab/tensor';
import { AUTO_MPG_MIRRORS, CSV_MIRRORS } from './dataset-resources.js';
import type { DownloadOptions } from './download-options.js';
import { ensureFiles } from './ensure-files.js';
import { type LoadCsvOptions, tableToDataset } from './load-csv.js';
import { type CsvTable, csvColumn, readCsv } from './read-csv.js';
import type { TabularDataset } from './tabular-dataset.js';

/** A known CSV file of `csv/`: its name, how to parse it, its size and checksum. */
export interface CsvDatasetSpec {
  file: string;
  mirrors: readonly string[];
  md5: string;
  rows: number;
  options: LoadCsvOptions;
}

/** The CSV files of the shared data folder (`csv/`), with the options that parse them. */
export const CSV_DATASETS = {
  iris: {
    file: 'iris.csv',
    mirrors: CSV_MIRRORS,
    md5: '455e8d250208699385bfe3b03b01b2c9',
    rows: 150,
    options: {
      header: false,
      names: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'class'],
      label: 'class',
    },
  },
  'daily-min-temperatures': {
    file: 'daily-min-temperatures.csv',
    mirrors: CSV_MIRRORS,
    md5: '5d343d678173fadff7c8474073145e73',
    rows: 3650,
    options: { header: true, columns: ['Temp'] },
  },
  'pima-indians-diabetes': {
    file: 'pima-indians-diabetes.csv',
    mirrors: CSV_MIRRORS,
    md5: '56a8d8ae619fcc223941e54f361b8406',
    rows: 768,
    options: {
      header: false,
      names: [
        'pregnancies',
        'glucose',
        'blood_pressure',
        'skin_thickness',
        'insulin',
        'bmi',
        'pedigree',
        'age',
        'class',
      ],
      label: 'class',
    },
  },
  housing: {
    file: 'housing.csv',
    mirrors: CSV_MIRRORS,
    md5: '5978b0ed7d7b7178eeff97cc6a7aada7',
    rows: 506,
    options: {
      header: false,
      names: [
        'CRIM',
        'ZN',
        'INDUS',
        'CHAS',
        'NOX',
        'RM',
        'AGE',
        'DIS',
        'RAD',
        'TAX',
        'PTRATIO',
        'B',
        'LSTAT',
        'MEDV',
      ],
      label: 'MEDV',
    },
  },
  german: {
    file: 'german.csv',
    mirrors: CSV_MIRRORS,
    md5: '8e2c6d456b3cda1f273bfbbbd73ece6c',
    rows: 1000,
    options: {
      header: false,
      names: [
        'checking_status',
        'duration',
        'credit_history',
        'purpose',
        'credit_amount',
        'savings',
        'employment',
        'installment_rate',
        'personal_status',
        'other_debtors',
        'residence_since',
        'property',
        'age',
        'other_installment_plans',
        'housing',
        'existing_credits',
        'job',
        'people_liable',
        'telephone',
        'foreign_worker',
        'class',
      ],
      label: 'class',
      labelType: 'class',
    },
  },
  'auto-mpg': {
    file: 'auto-mpg.data',
    mirrors: AUTO_MPG_MIRRORS,
    md5: 'b858f4580d0066c48e260dd3b96f1ed8',
    rows: 398,
    options: {
      header: false,
      delimiter: 'whitespace',
      names: [
        'mpg',
        'cylinders',
        'displacement',
        'horsepower',
        'weight',
        'acceleration',
        'model_year',
        'origin',
        'car_name',
      ],
      label: 'mpg',
      drop: ['car_name'],
    },
  },
} satisfies Record<string, CsvDatasetSpec>;

/** The name of a known CSV dataset. */
export type CsvDatasetName = keyof typeof CSV_DATASETS;

/** Options of {@link loadCsvDataset}: where to find the file, and parse options overriding the defaults. */
export interface CsvDatasetOptions extends DownloadOptions, LoadCsvOptions {}

/**
 * Finds (or downloads) one of the known CSV files under `csv/` and reads it as
 * a table of strings, parsed the way that file needs.
 */
export async function readCsvDataset(
  name: CsvDatasetName,
  options: CsvDatasetOptions = {},
): Promise<CsvTable> {
  const spec: CsvDatasetSpec | undefined = CSV_DATASETS[name];
  if (!spec) {
    throw new Error(
      `loadCsvDataset: unknown dataset '${name}' (known: ${Object.keys(CSV_DATASETS).join(', ')})`,
    );
  }
  const [path] = await ensureFiles(
    'loadCsvDataset',
    {
      subdirs: ['csv', ''],
      downloadSubdir: 'csv',
      files: [{ name: spec.file, mirrors: spec.mirrors, md5: spec.md5 }],
    },
    options,
  );
  return readCsv(path!, { ...spec.options, ...options });
}

/**
 * One of the known CSV files as a {@link TabularDataset} with its usual label:
 * `iris` (class), `pima-indians-diabetes` (class 0/1 as float `[N, 1]`),
 * `housing` (MEDV), `german` (class 1/2 as classes, categorical columns
 * one-hot), `auto-mpg` (mpg; horsepower has 6 missing values, NaN),
 * `daily-min-temperatures` (Temp as the only feature; see {@link loadDailyMinTemperatures}).
 */
export async function loadCsvDataset(
  name: CsvDatasetName,
  options: CsvDatasetOptions = {},
): Promise<TabularDataset> {
  const table = await readCsvDataset(name, options);
  return tableToDataset(table, { ...CSV_DATASETS[name].options, ...options });
}

/** Auto MPG (UCI): 398 cars, 7 features, target mpg `[N, 1]`; 6 horsepower values missing (NaN). */
export function loadAutoMpg(options: CsvDatasetOptions = {}): Promise<TabularDataset> {
  return loadCsvDataset('auto-mpg', options);
}

/** Pima Indians diabetes: 768 rows, 8 features, target 0/1 float `[N, 1]`. */
export function loadPimaDiabetes(options: CsvDatasetOptions = {}): Promise<TabularDataset> {
  return loadCsvDataset('pima-indians-diabetes', options);
}

/** A dated series: `dates` as written in the file, `values` float32 `[T]`. */
export interface TimeSeries {
  dates: string[];
  values: NDArray;
}

/** Melbourne's daily minimum temperatures 1981–1990 (3650 days), for the forecasting labs. */
export async function loadDailyMinTemperatures(
  options: CsvDatasetOptions = {},
): Promise<TimeSeries> {
  const table = await readCsvDataset('daily-min-temperatures', options);
  const dates = csvColumn(table, 'Date').map((d) => d ?? '');
  const values = Float32Array.from(csvColumn(table, 'Temp'), (v) =>
    v === null ? Number.NaN : Number(v),
  );
  return { dates, values: NDArray.fromTypedArray(values, [values.length]) };
}
