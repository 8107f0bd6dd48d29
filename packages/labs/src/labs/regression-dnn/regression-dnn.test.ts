import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataSearchDirs } from '@gradlab/datasets';
import { describe, expect, it } from 'vitest';
import { useSharedData } from '../../runner/test-data.js';
import { runQuick } from '../../runner/test-run.js';
import { regressionScores } from './prepare-data.js';

useSharedData();
const dataDir = dataSearchDirs().find((d) => existsSync(join(d, 'csv', 'auto-mpg.data')));
const skipNote = dataDir ? '' : ' [skipped: csv/auto-mpg.data not found; set GRADLAB_DATA]';

/** A CSV with a header, a target and blanks in two feature columns. */
function fixtureCsv(): string {
  const lines = ['a,b,c,y'];
  for (let i = 0; i < 240; i++) {
    const a = Math.sin(i * 0.7) * 2;
    const b = Math.cos(i * 1.3);
    const c = ((i * 37) % 11) / 11;
    const y = 3 * a - 2 * b + a * b + 5 * c;
    lines.push(
      [i % 13 === 0 ? '' : a.toFixed(4), i % 17 === 0 ? 'NA' : b.toFixed(4), c, y].join(','),
    );
  }
  const file = join(mkdtempSync(join(tmpdir(), 'regression-dnn-')), 'fixture.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe(`regression-dnn on Auto MPG${skipNote}`, () => {
  it.skipIf(!dataDir)(
    'imputes, standardises and fits mpg with R² ≥ 0.75',
    async () => {
      const run = await runQuick('regression-dnn');
      const m = run.metrics as Record<string, number>;
      expect(m.missing_values_imputed).toBe(6); // Auto MPG's six missing horsepower values
      expect(m.nan_after_imputation).toBe(0);
      expect(m.test_r2).toBeGreaterThanOrEqual(0.75);
      expect(m.test_rmse).toBeLessThan(0.6 * m.baseline_test_rmse!);
      expect(m.final_test_mse).toBeCloseTo(m.test_rmse! ** 2, 1);
      expect(run.figures.sort()).toEqual(['loss-curves.svg', 'predicted-vs-actual.svg']);
      expect(existsSync(join(run.outDir, 'model.safetensors'))).toBe(true);
    },
    60_000,
  );
});

describe('regression-dnn with --csv', () => {
  it('fills the blanks of any CSV and learns its target', async () => {
    const run = await runQuick('regression-dnn', ['--csv', fixtureCsv(), '--target', 'y']);
    const m = run.metrics as Record<string, number>;
    expect(m.missing_values_imputed).toBe(19 + 15);
    expect(m.nan_after_imputation).toBe(0);
    expect(m.test_r2).toBeGreaterThanOrEqual(0.8);
  }, 60_000);

  it('says what is wrong with bad flags', async () => {
    await expect(runQuick('regression-dnn', ['--target', 'y'])).rejects.toThrow(
      /--target needs --csv/,
    );
    const csv = fixtureCsv();
    await expect(runQuick('regression-dnn', ['--csv', csv])).rejects.toThrow(/needs --target/);
    await expect(runQuick('regression-dnn', ['--csv', csv, '--target', 'z'])).rejects.toThrow(
      /'z' is not a column .*columns: a, b, c, y/,
    );
  });

  it('scores predictions like scikit-learn', () => {
    const s = regressionScores([1, 2, 4], [1, 3, 3]);
    expect(s.rmse).toBeCloseTo(Math.sqrt(2 / 3), 10);
    expect(s.mae).toBeCloseTo(2 / 3, 10);
    expect(s.r2).toBeCloseTo(0.25, 10); // 1 − SSE 2 / SST 8/3
  });
});
