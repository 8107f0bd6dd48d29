import { Tensor } from '@gradlab/autograd';
import { Generator, randn } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { errorScores, meanStd, predictSequences, SequenceRegressor } from './sequence-model.js';

describe('SequenceRegressor', () => {
  it('maps [batch, time, features] to one value per sequence with the stacked layout asked for', async () => {
    const m = new SequenceRegressor({
      cell: 'lstm',
      hiddenSize: 5,
      numLayers: 2,
      headHidden: 3,
      generator: new Generator(0),
    });
    // LSTM layer 0: 4·5·(1 + 5) + 2·4·5; layer 1: 4·5·(5 + 5) + 2·4·5; head 5·3 + 3 + 3·1 + 1.
    expect(m.numParameters()).toBe(160 + 240 + 18 + 4);
    const x = randn([7, 4, 1], { generator: new Generator(1) });
    expect(m.forward(new Tensor(x)).shape).toEqual([7, 1]);
    const p = await predictSequences(m, x, 3); // in batches of 3: same as all at once
    expect(Array.from(p)).toEqual(Array.from(m.forward(new Tensor(x)).dataSync()));
    const rnn = new SequenceRegressor({ cell: 'rnn', hiddenSize: 16, generator: new Generator(0) });
    expect(rnn.numParameters()).toBe(16 * (1 + 16) + 2 * 16 + 17);
  });

  it('scores errors', () => {
    const s = errorScores([1, 2, 4], [1, 3, 3]);
    expect(s.mse).toBeCloseTo(2 / 3, 10);
    expect(s.rmse).toBeCloseTo(Math.sqrt(2 / 3), 10);
    expect(s.mae).toBeCloseTo(2 / 3, 10);
    expect(meanStd([1, 3])).toEqual({ mean: 2, std: 1 });
    expect(() => errorScores([1], [1, 2])).toThrow(/1 predictions for 2 targets/);
  });
});
