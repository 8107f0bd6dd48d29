import { describe, expect, it } from 'vitest';
import { runQuick } from '../../runner/test-run.js';
import { trainXor } from './index.js';

describe('xor-hidden-space', () => {
  it('learns XOR through the hidden plane, and fails without the hidden activation', async () => {
    const run = await runQuick('xor-hidden-space');
    const m = run.metrics as Record<string, unknown>;
    expect(m.accuracy).toBe(1);
    expect(m.steps).toBe(1500);
    expect(m.final_loss as number).toBeLessThan(0.1);
    const p = m.predictions as Record<string, number>;
    expect(p.x00!).toBeLessThan(0.1);
    expect(p.x01!).toBeGreaterThan(0.9);
    expect(p.x10!).toBeGreaterThan(0.9);
    expect(p.x11!).toBeLessThan(0.1);
    // One line separates the four points in the hidden plane.
    expect(m.hidden_margin as number).toBeGreaterThan(0);
    const snaps = m.snapshots as Record<string, { loss: number; accuracy: number }>;
    // Snapshots every sixth of the run: steps 0, 250, …, 1500 here (0, 500, …, 3000 in a full run).
    expect(Object.keys(snaps)).toEqual(
      [0, 250, 500, 750, 1000, 1250, 1500].map((s) => `step_${s}`),
    );
    expect(snaps.step_1500!.loss).toBeLessThan(snaps.step_0!.loss / 5);
    // Part 2: a linear hidden layer cannot do XOR.
    expect(m.linear_accuracy as number).toBeLessThanOrEqual(0.75);
    expect(m.linear_final_loss as number).toBeGreaterThan(0.69);
    expect(run.figures.sort()).toEqual([
      'hidden-space.svg',
      'input-space.svg',
      'linear-hidden-space.svg',
      'loss-curves.svg',
    ]);
    expect(run.report).toContain('step 1500');
  });

  it('never gets XOR right without the activation, whatever the seed', async () => {
    for (let seed = 0; seed < 5; seed++) {
      const r = await trainXor('none', { seed, lr: 0.5, steps: 400, every: 400 });
      expect(r.snapshots.at(-1)!.accuracy, `seed ${seed}`).toBeLessThanOrEqual(0.75);
      expect(r.snapshots).toHaveLength(2);
    }
  });
});
