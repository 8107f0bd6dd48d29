import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataFolder } from '../../runner/test-data.js';
import { runQuick } from '../../runner/test-run.js';
import { geometricSteps } from './train-variants.js';

const { present: hasMnist, skipNote } = dataFolder('mnist');

describe(`gd-variants on MNIST${skipNote}`, () => {
  it.skipIf(!hasMnist)(
    'batch, stochastic and mini-batch descent all learn from the same start',
    async () => {
      const run = await runQuick('gd-variants');
      const m = run.metrics as Record<string, number>;
      expect(m.train_images).toBe(4000);
      expect(m.test_images).toBe(1000);
      expect(m.parameters).toBe(109386);
      // Quick budgets: 40 full-batch steps, 6000 single-image steps, 3 epochs of batches of 32.
      expect(m.steps_batch).toBe(40);
      expect(m.samples_seen_batch).toBe(40 * 4000);
      expect(m.steps_stochastic).toBe(6000);
      expect(m.samples_seen_stochastic).toBe(6000);
      expect(m.steps_mini_batch).toBe(3 * 125);
      expect(m.samples_seen_mini_batch).toBe(3 * 4000);
      // Chance is 10 %; with seed 42 they reach ≈ 86 %, 88 % and 86 %.
      expect(m.test_accuracy_stochastic).toBeGreaterThanOrEqual(0.8);
      expect(m.test_accuracy_mini_batch).toBeGreaterThanOrEqual(0.8);
      expect(m.test_accuracy_batch).toBeGreaterThan(0.5);
      for (const k of ['batch', 'stochastic', 'mini_batch']) {
        expect(m[`training_time_s_${k}`]).toBeGreaterThan(0);
        expect(m[`inference_time_ms_${k}`]).toBeGreaterThan(0);
        expect(existsSync(join(run.outDir, `model-${k.replace('_', '-')}.safetensors`))).toBe(true);
      }
      expect(run.figures.sort()).toEqual(['accuracy-curves.svg', 'final-accuracy-and-time.svg']);
      expect(run.report).toContain('stochastic (batch 1)');
    },
  );
});

describe('geometricSteps', () => {
  it('spaces evaluation steps geometrically and ends at the last step', () => {
    const s = geometricSteps(10000, 4);
    expect(s).toEqual([10, 100, 1000, 10000]);
    expect(geometricSteps(3, 24)).toEqual([1, 2, 3]);
  });
});
