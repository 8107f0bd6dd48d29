import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runQuick } from '../../runner/test-run.js';

describe('rnn-sine', () => {
  it('forecasts the noisy sine better than "next = last"; the LSTM learns to sum', async () => {
    const run = await runQuick('rnn-sine');
    const m = run.metrics as Record<string, number>;
    // Part 1: the RNN beats the naive forecast and tracks the clean signal closer than the noise does.
    expect(m.sine_test_rmse).toBeLessThan(0.9 * m.sine_naive_test_rmse!);
    expect(m.sine_test_rmse).toBeLessThan(0.16);
    expect(m.sine_rmse_vs_clean_sine).toBeLessThan(m.sine_noise_rmse!);
    expect(m.sine_final_test_mse).toBeCloseTo(m.sine_test_rmse! ** 2, 3);
    // Part 2: both models learn the sum (MSE far below the variance of the sums); the LSTM best.
    expect(m.sum_test_variance).toBeGreaterThan(1);
    expect(m.sum_test_mse_lstm).toBeLessThan(0.1 * m.sum_test_variance!);
    expect(m.sum_test_mse_rnn).toBeLessThan(0.5 * m.sum_test_variance!);
    expect(m.sum_test_mse_lstm).toBeLessThan(m.sum_test_mse_rnn!);
    expect(run.figures.sort()).toEqual([
      'sine-loss.svg',
      'sine-test-predictions.svg',
      'sum-loss.svg',
      'sum-test-predictions.svg',
    ]);
    for (const f of ['model.safetensors', 'sum-rnn.safetensors', 'sum-lstm.safetensors'])
      expect(existsSync(join(run.outDir, f)), f).toBe(true);
    expect(run.report).toContain('below the naive');
  }, 60_000);

  it('rejects bad flags', async () => {
    await expect(runQuick('rnn-sine', ['--window', '0'])).rejects.toThrow(/--window must be ≥ 1/);
    await expect(runQuick('rnn-sine', ['--samples', '25'])).rejects.toThrow(/too few for windows/);
  });
});
