import { array, type NDArray } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { EarlyStopping, type StatefulModel } from './index.js';

/** Runs the stopper over the values; returns the epoch it stopped at, or -1. */
function run(stopper: EarlyStopping, values: number[], model?: StatefulModel): number {
  for (let i = 0; i < values.length; i++) if (stopper.step(values[i]!, model)) return i;
  return -1;
}

/** A fake model whose one weight is set to the epoch number before each step. */
class FakeModel implements StatefulModel {
  weight = array([0], { dtype: 'float64' });
  stateDict(): Record<string, NDArray> {
    return { weight: this.weight }; // live reference, as nn's Module returns
  }
  loadStateDict(s: Record<string, NDArray>): void {
    this.weight.copy_(s.weight!);
  }
}

describe('EarlyStopping', () => {
  it('stops after patience epochs without improvement', () => {
    const s = new EarlyStopping({ patience: 2 });
    expect(run(s, [1, 0.8, 0.9, 0.85, 0.7])).toBe(3);
    expect(s.best).toBe(0.8);
    expect(s.bestEpoch).toBe(1);
    expect(s.stoppedEpoch).toBe(3);
  });

  it('patience resets on every improvement', () => {
    const s = new EarlyStopping({ patience: 2 });
    expect(run(s, [1, 0.9, 0.95, 0.8, 0.85, 0.7, 0.75])).toBe(-1);
    expect(s.wait).toBe(1);
  });

  it('with patience 0 stops at the first epoch without improvement', () => {
    expect(run(new EarlyStopping(), [1, 0.5, 0.5])).toBe(2);
  });

  it('an improvement must exceed minDelta (Keras semantics)', () => {
    const s = new EarlyStopping({ patience: 2, minDelta: 0.25 });
    // 0.8 and 0.75 do not beat 1 by more than 0.25 (0.75 is exactly 0.25 better: not enough)
    expect(run(s, [1, 0.8, 0.75])).toBe(2);
    expect(s.best).toBe(1);
    const t = new EarlyStopping({ patience: 2, minDelta: 0.1 });
    expect(run(t, [1, 0.85, 0.8, 0.7, 0.65, 0.64])).toBe(5);
    expect(t.best).toBe(0.7);
  });

  it("mode 'max' and a record of metrics keyed by monitor", () => {
    const s = new EarlyStopping({ monitor: 'val_acc', mode: 'max', patience: 1 });
    expect(s.step({ val_acc: 0.5, loss: 1 })).toBe(false);
    expect(s.step({ val_acc: 0.6, loss: 1 })).toBe(false);
    expect(s.step({ val_acc: 0.55, loss: 1 })).toBe(true);
    expect(s.best).toBe(0.6);
  });

  it('a baseline must be beaten before patience resets', () => {
    // without a baseline the improvement at epoch 1 resets the wait; with one it does not
    expect(run(new EarlyStopping({ patience: 2 }), [0.9, 0.8, 0.85])).toBe(-1);
    const s = new EarlyStopping({ patience: 2, baseline: 0.5 });
    expect(run(s, [0.9, 0.8, 0.85])).toBe(2);
    expect(s.best).toBe(0.8);
  });

  it('restores the best weights when it stops', () => {
    const model = new FakeModel();
    const s = new EarlyStopping({ patience: 2, restoreBestWeights: true });
    const values = [1, 0.6, 0.7, 0.8, 0.5];
    let stopped = -1;
    for (let epoch = 0; epoch < values.length; epoch++) {
      model.weight.fill_(epoch * 10); // training changed the weight
      if (s.step(values[epoch]!, model)) {
        stopped = epoch;
        break;
      }
    }
    expect(stopped).toBe(3);
    expect(model.weight.item()).toBe(10); // the weight after epoch 1, the best
    expect(s.bestWeights!.weight!.item()).toBe(10);
  });

  it('reset forgets the run', () => {
    const s = new EarlyStopping({ patience: 0 });
    run(s, [1, 2]);
    s.reset();
    expect([s.best, s.bestEpoch, s.wait, s.stoppedEpoch, s.epoch]).toEqual([
      Infinity,
      -1,
      0,
      -1,
      0,
    ]);
  });
});
