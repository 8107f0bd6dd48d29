import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataSearchDirs } from '@gradlab/datasets';
import { describe, expect, it } from 'vitest';
import { useSharedData } from '../../runner/test-data.js';
import { runQuick } from '../../runner/test-run.js';
import { toDailySeries, windowSeries } from './data.js';

useSharedData();
const dataDir = dataSearchDirs().find((d) =>
  existsSync(join(d, 'csv', 'daily-min-temperatures.csv')),
);
const skipNote = dataDir
  ? ''
  : ' [skipped: csv/daily-min-temperatures.csv not found; set GRADLAB_DATA]';

/** A daily CSV with a 50-day cycle, noise and two blanks, in custom columns. */
function fixtureCsv(): string {
  const lines = ['station,day,tmax'];
  let noise = 0;
  const start = Date.UTC(2000, 0, 1);
  for (let i = 0; i < 700; i++) {
    noise = 0.7 * noise + Math.sin(i * 12.9898) * 0.3; // deterministic, autocorrelated
    const v = 20 + 8 * Math.sin((2 * Math.PI * i) / 50) + noise;
    const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    lines.push(`X,${day},${i === 100 || i === 400 ? '' : v.toFixed(2)}`);
  }
  const file = join(mkdtempSync(join(tmpdir(), 'lstm-weather-')), 'daily.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe(`lstm-weather on the Melbourne temperatures${skipNote}`, () => {
  it.skipIf(!dataDir)(
    'forecasts tomorrow within the naive forecast’s error and far below the std; the LSTM sums',
    async () => {
      const run = await runQuick('lstm-weather');
      const m = run.metrics as Record<string, number>;
      expect(m.days).toBe(1000);
      expect(m.window_days).toBe(20);
      // What it learned: well below predicting the mean, and about as good as "tomorrow = today" or better.
      expect(m.test_rmse).toBeLessThan(0.8 * m.test_std!);
      expect(m.test_rmse).toBeLessThan(m.mean_predictor_test_rmse!);
      expect(m.test_rmse).toBeLessThan(1.05 * m.naive_test_rmse!);
      expect(m.test_mae).toBeLessThan(m.test_rmse!);
      expect(m.final_test_mse).toBeCloseTo(m.test_rmse! ** 2, 1);
      // Part 2: the sums are learned (MSE far below their variance).
      expect(m.sum_test_mse).toBeLessThan(0.05 * m.sum_test_variance!);
      expect(m.seconds_per_epoch).toBeGreaterThan(0);
      expect(run.figures.sort()).toEqual([
        'loss-curves.svg',
        'sum-loss.svg',
        'sum-test-predictions.svg',
        'test-forecast.svg',
      ]);
      expect(existsSync(join(run.outDir, 'model.safetensors'))).toBe(true);
      expect(existsSync(join(run.outDir, 'sum-lstm.safetensors'))).toBe(true);
    },
    60_000,
  );
});

describe('lstm-weather with --csv', () => {
  it('reads any daily CSV by column names, fills gaps, and learns the cycle', async () => {
    const run = await runQuick('lstm-weather', [
      ...['--csv', fixtureCsv(), '--date-col', 'day', '--value-col', 'tmax'],
      ...['--sum-epochs', '3'],
    ]);
    const m = run.metrics as Record<string, number>;
    expect(m.days).toBe(700);
    expect(m.missing_values_filled).toBe(2);
    expect(m.test_rmse).toBeLessThan(0.5 * m.test_std!);
  }, 60_000);

  it('says what is wrong with bad input', async () => {
    await expect(runQuick('lstm-weather', ['--value-col', 'Temp'])).rejects.toThrow(/need --csv/);
    await expect(
      runQuick('lstm-weather', ['--csv', fixtureCsv(), '--value-col', 'rain']),
    ).rejects.toThrow(/'rain' is not a column .*columns: station, day, tmax/);
    expect(() => toDailySeries('f.csv', 'v', ['2000-01-02', '2000-01-01'], [1, 2])).toThrow(
      /dates must increase/,
    );
    expect(() => toDailySeries('f.csv', 'v', ['yesterday'], [1])).toThrow(/no readable date/);
  });

  it('splits in time and scales with the training days only', () => {
    const n = 100;
    const dates = Array.from({ length: n }, (_, i) =>
      new Date(Date.UTC(2001, 0, 1 + i)).toISOString().slice(0, 10),
    );
    const s = toDailySeries(
      't',
      'v',
      dates,
      Array.from({ length: n }, (_, i) => i),
    );
    const w = windowSeries(s, 10);
    expect(w.split).toBe(80);
    expect(w.scaler.dataMax).toEqual([79]); // the test days (80–99) are not seen by the scaler
    expect(w.xTrain.shape).toEqual([70, 10, 1]);
    expect(w.xTest.shape).toEqual([20, 10, 1]);
    expect(Array.from(w.testActual)).toEqual(Array.from({ length: 20 }, (_, i) => 80 + i));
    expect(Array.from(w.testNaive)).toEqual(Array.from({ length: 20 }, (_, i) => 79 + i));
    expect(w.yTest.dataSync()[0]).toBeCloseTo(80 / 79, 5); // scaled beyond 1: outside the training range
  });
});
