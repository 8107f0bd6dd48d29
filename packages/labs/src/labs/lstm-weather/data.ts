/** Loading a daily series and cutting it into scaled windows for the lstm-weather lab. */
import { basename } from 'node:path';
import {
  csvColumn,
  loadDailyMinTemperatures,
  MinMaxScaler,
  readCsv,
  slidingWindows,
} from '@gradlab/datasets';
import { NDArray } from '@gradlab/tensor';

/** A dated daily series as the lab uses it. */
export interface DailySeries {
  source: string;
  name: string;
  dates: Date[];
  values: Float32Array;
  /** Missing values filled with the previous day's value. */
  filled: number;
}

/** Parses dates and values, fills gaps with the previous value, and checks the dates increase. */
export function toDailySeries(
  source: string,
  name: string,
  rawDates: readonly (string | null)[],
  rawValues: readonly (string | number | null)[],
): DailySeries {
  const dates = rawDates.map((d, i) => {
    const t = new Date(String(d ?? '').trim());
    if (Number.isNaN(t.getTime()))
      throw new Error(`lstm-weather: ${source}: row ${i + 1} has no readable date ('${d}')`);
    return t;
  });
  for (let i = 1; i < dates.length; i++) {
    if (dates[i]! <= dates[i - 1]!)
      throw new Error(
        `lstm-weather: ${source}: dates must increase (row ${i + 1}, ${rawDates[i]}, follows ${rawDates[i - 1]})`,
      );
  }
  let filled = 0;
  const values = new Float32Array(rawValues.length);
  for (let i = 0; i < values.length; i++) {
    const raw = rawValues[i];
    let v = raw === null || raw === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(v)) {
      if (i === 0) throw new Error(`lstm-weather: ${source}: the first value is missing`);
      v = values[i - 1]!;
      filled++;
    }
    values[i] = v;
  }
  return { source, name, dates, values, filled };
}

/** The Melbourne daily minimum temperatures, or a CSV's date and value columns. */
export async function loadSeries(
  csv: string | undefined,
  dateCol: string | undefined,
  valueCol: string | undefined,
): Promise<DailySeries> {
  if (!csv) {
    if (dateCol !== undefined || valueCol !== undefined)
      throw new Error('lstm-weather: --date-col and --value-col need --csv');
    const s = await loadDailyMinTemperatures();
    return toDailySeries(
      'Melbourne daily minimum temperatures 1981–1990 (csv/daily-min-temperatures.csv)',
      'daily minimum temperature',
      s.dates,
      Array.from(s.values.dataSync()),
    );
  }
  const table = readCsv(csv);
  const pick = (col: string | undefined, fallback: number, flag: string) => {
    if (col === undefined) return fallback;
    if (table.columns.includes(col)) return col;
    if (/^\d+$/.test(col) && Number(col) < table.columns.length) return Number(col);
    throw new Error(
      `lstm-weather: --${flag} '${col}' is not a column of ${csv} (columns: ${table.columns.join(', ')}; an index works too)`,
    );
  };
  if (table.columns.length < 2)
    throw new Error(`lstm-weather: ${csv} needs a date column and a value column`);
  const d = pick(dateCol, 0, 'date-col');
  const v = pick(valueCol, 1, 'value-col');
  const name = typeof v === 'number' ? table.columns[v]! : v;
  return toDailySeries(basename(csv), name, csvColumn(table, d), csvColumn(table, v));
}

/** Scaled train/test windows: the split is in time, the scaler sees the training days only. */
export interface WindowedSeries {
  scaler: MinMaxScaler;
  /** Index of the first test day (its target). */
  split: number;
  xTrain: NDArray;
  yTrain: NDArray;
  xTest: NDArray;
  yTest: NDArray;
  /** Test targets in the series' units, and the dates they fall on. */
  testActual: Float32Array;
  testDates: Date[];
  /** The last value of each test window: the naive "tomorrow = today" forecast. */
  testNaive: Float32Array;
}

/**
 * Splits the days 80/20 in time, fits a min-max scaler on the training days,
 * and cuts windows of `window` days each followed by its target day. The
 * test windows start `window` days before the split so every test day is a
 * target exactly once.
 */
export function windowSeries(s: DailySeries, window: number, testFraction = 0.2): WindowedSeries {
  const T = s.values.length;
  const split = Math.round((1 - testFraction) * T);
  if (split < window + 10 || T - split < 10)
    throw new Error(
      `lstm-weather: ${T} days are too few for windows of ${window} days (need ≥ ${Math.ceil((window + 10) / (1 - testFraction))})`,
    );
  const col = (a: Float32Array) => NDArray.fromTypedArray(a, [a.length, 1]);
  const scaler = new MinMaxScaler().fit(col(s.values.subarray(0, split)));
  const scaled = scaler.transform(col(s.values)).reshape([T]).dataSync();
  const train = slidingWindows(Array.from(scaled.subarray(0, split)), window);
  const test = slidingWindows(Array.from(scaled.subarray(split - window)), window);
  const testNaive = s.values.slice(split - 1, T - 1);
  return {
    scaler,
    split,
    xTrain: train.inputs,
    yTrain: train.targets,
    xTest: test.inputs,
    yTest: test.targets,
    testActual: s.values.slice(split),
    testDates: s.dates.slice(split),
    testNaive,
  };
}
