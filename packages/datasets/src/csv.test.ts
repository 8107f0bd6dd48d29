import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countMissing } from './count-missing.js';
import {
  CSV_DATASETS,
  type CsvDatasetName,
  loadAutoMpg,
  loadCsvDataset,
  loadDailyMinTemperatures,
  readCsvDataset,
} from './csv-datasets.js';
import { loadCsv, tableToDataset } from './load-csv.js';
import { parseCsv } from './parse-csv.js';
import { parseCsvTable } from './read-csv.js';
import { SimpleImputer } from './simple-imputer.js';
import { hasSharedData, sharedDataDir, skipNote } from './test-data-dir.js';
import { tempDir, writeFixture } from './test-fixtures.js';

const fields = (text: string, o = {}) => parseCsv(text, o).map((r) => r.fields);

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, delimiters and newlines inside quotes', () => {
    expect(fields('a,"b,c","say ""hi"""\n"multi\nline",2,3')).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['multi\nline', '2', '3'],
    ]);
  });

  it('handles CRLF, CR, blank lines, a missing final newline and empty fields', () => {
    expect(fields('1,2\r\n\r\n3,\r4,5')).toEqual([
      ['1', '2'],
      ['3', ''],
      ['4', '5'],
    ]);
  });

  it('splits on runs of whitespace, keeping quoted names whole (auto-mpg style)', () => {
    const line =
      '18.0   8   307.0      ?          3504.      12.0   70  1\t"chevrolet chevelle malibu"';
    expect(fields(line, { delimiter: 'whitespace' })).toEqual([
      ['18.0', '8', '307.0', '?', '3504.', '12.0', '70', '1', 'chevrolet chevelle malibu'],
    ]);
  });

  it('reports the line of an unterminated quote', () => {
    expect(() => parseCsv('a,b\n1,"oops\n2,3')).toThrow(/unterminated quote starting on line 2/);
  });
});

describe('loadCsv', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const text =
    'name,age,city,score\r\n"Smith, J",34,Paris,1.5\r\nDoe,?,Rome,2.5\r\nRoe,NA,Paris,\r\nPoe,40,,3\r\n';
  const path = writeFixture(join(dir, 'people.csv'), new TextEncoder().encode(text));

  it('detects the header, reads missing tokens (?, NA, empty) as NaN', () => {
    const ds = loadCsv(path, { columns: ['age', 'score'] });
    expect(ds.featureNames).toEqual(['age', 'score']);
    expect(ds.features.shape).toEqual([4, 2]);
    expect(countMissing(ds.features)).toEqual([2, 1]);
    expect(ds.features.get(0, 1)).toBe(1.5);
  });

  it('selects columns by index, picks a label, one-hot or ordinal encodes text columns', () => {
    const onehot = loadCsv(path, { columns: [2, 1], label: 'name' });
    expect(onehot.featureNames).toEqual(['city=Paris', 'city=Rome', 'age']);
    expect(onehot.features.toArray()).toEqual([
      [1, 0, 34],
      [0, 1, Number.NaN],
      [1, 0, Number.NaN],
      [Number.NaN, Number.NaN, 40],
    ]);
    expect(onehot.categories).toEqual({ city: ['Paris', 'Rome'] });
    const ordinal = loadCsv(path, { columns: ['city'], categorical: 'ordinal', label: 'name' });
    expect(Array.from(ordinal.features.dataSync())).toEqual([0, 1, 0, Number.NaN]);
    expect(ordinal.classes).toEqual(['Doe', 'Poe', 'Roe', 'Smith, J']);
    expect(Array.from(ordinal.targets!.dataSync())).toEqual([3, 0, 2, 1]);
  });

  it('a ragged row is an error naming the file, the line and the field counts', () => {
    const bad = writeFixture(
      join(dir, 'ragged.csv'),
      new TextEncoder().encode('1,2,3\n4,5,6\n7,8\n'),
    );
    expect(() => loadCsv(bad)).toThrow(
      /readCsv: .*ragged.csv line 3 has 2 fields, expected 3 \(as on line 1\)/,
    );
  });

  it('names the columns it has when a column is unknown, and a missing label', () => {
    expect(() => loadCsv(path, { label: 'height' })).toThrow(
      /no column "height" in .*people.csv \(columns: 0 name, 1 age, 2 city, 3 score\)/,
    );
    expect(() => loadCsv(path, { label: 'score', columns: ['age'], labelType: 'number' })).toThrow(
      /row 3 has a missing label \(column score\)/,
    );
  });

  it('header: false with names; numeric labels as float [N, 1] or as classes', () => {
    const t = parseCsvTable('1,0\n2,1\n3,1\n', { header: false, names: ['x', 'y'] });
    expect(t.columns).toEqual(['x', 'y']);
    const asNumber = tableToDataset(t, { label: 'y' });
    expect(asNumber.targets!.shape).toEqual([3, 1]);
    expect(asNumber.targets!.dtype).toBe('float32');
    const asClass = tableToDataset(t, { label: 'y', labelType: 'class' });
    expect(asClass.classes).toEqual(['0', '1']);
    expect(Array.from(asClass.targets!.dataSync())).toEqual([0, 1, 1]);
  });
});

describe(`the CSV files of the shared data${skipNote('csv')}`, () => {
  const hasData = hasSharedData('csv');
  const root = sharedDataDir;
  const names = Object.keys(CSV_DATASETS) as CsvDatasetName[];

  it.skipIf(!hasData).each(names)('%s loads with its documented row count', async (name) => {
    const table = await readCsvDataset(name, { root, download: false });
    expect(table.rows.length).toBe(CSV_DATASETS[name].rows);
    const ds = await loadCsvDataset(name, { root, download: false });
    expect(ds.features.shape[0]).toBe(CSV_DATASETS[name].rows);
  });

  it.skipIf(!hasData)('iris has 3 classes of 50; german is one-hot with classes 1/2', async () => {
    const iris = await loadCsvDataset('iris', { root, download: false });
    expect(iris.classes).toEqual(['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']);
    const german = await loadCsvDataset('german', { root, download: false });
    expect(german.classes).toEqual(['1', '2']);
    expect(german.featureNames).toContain('checking_status=A11');
    expect(german.features.shape[1]).toBe(61); // 7 numeric + 54 one-hot levels
  });

  it.skipIf(!hasData)(
    'auto-mpg shows its 6 missing horsepower values before imputation and none after',
    async () => {
      const cars = await loadAutoMpg({ root, download: false });
      expect(cars.featureNames).toEqual([
        'cylinders',
        'displacement',
        'horsepower',
        'weight',
        'acceleration',
        'model_year',
        'origin',
      ]);
      const missing = countMissing(cars.features);
      expect(missing[cars.featureNames.indexOf('horsepower')]).toBe(6);
      expect(missing.reduce((a, b) => a + b, 0)).toBe(6);
      const filled = new SimpleImputer({ strategy: 'mean' }).fitTransform(cars.features);
      expect(countMissing(filled)).toEqual([0, 0, 0, 0, 0, 0, 0]);
      expect(cars.targets!.shape).toEqual([398, 1]);
    },
  );

  it.skipIf(!hasData)('daily minimum temperatures: 3650 dated values from 1981-01-01', async () => {
    const { dates, values } = await loadDailyMinTemperatures({ root, download: false });
    expect(dates.length).toBe(3650);
    expect(dates[0]).toBe('1981-01-01');
    expect(values.get(0)).toBeCloseTo(20.7, 5);
  });
});
