import { Generator } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { runQuick } from '../../runner/test-run.js';
import { firstEpochBelow, polyMlp } from './index.js';

describe('poly-optimizers', () => {
  it('trains the MLP with all four optimisers; Adam beats plain SGD', async () => {
    const run = await runQuick('poly-optimizers');
    const m = run.metrics as Record<string, number>;
    const keys = ['sgd', 'sgd_momentum', 'rmsprop', 'adam'];
    for (const k of keys) {
      expect(m[`test_mse_${k}`]).toBeGreaterThan(0);
      expect(m[`wall_time_s_${k}`]).toBeGreaterThan(0);
    }
    // What the lab shows: in the same epochs, Adam is far ahead of plain SGD at lr 1e-3 ...
    expect(m.test_mse_adam).toBeLessThan(m.test_mse_sgd! / 3);
    // ... and Adam actually fits the parabola (y's variance is ≈ 8000; the noise floor is 100).
    expect(m.test_mse_adam).toBeLessThan(300);
    expect(m.test_mse_rmsprop).toBeLessThan(300);
    expect(m.noise_variance).toBe(100);
    expect(run.figures.sort()).toEqual(['fits.svg', 'loss-per-epoch.svg', 'predicted-vs-true.svg']);
    expect(run.report).toContain('Lowest final test MSE');
  }, 60_000);

  it('builds a 1-16-8-1 MLP (177 parameters) and finds the first epoch under a target', () => {
    expect(polyMlp(new Generator(0)).numParameters()).toBe(16 * 2 + 8 * 17 + 9);
    expect(firstEpochBelow([5, 4, 2, 1], 2)).toBe(3);
    expect(firstEpochBelow([5, 4], 1)).toBeNull();
  });
});
