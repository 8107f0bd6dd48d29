import { describe, expect, it } from 'vitest';
import { confusionCounts, confusionMatrix } from './confusion-matrix.js';
import { expectWellFormed, texts } from './test-svg.js';

describe('confusionCounts', () => {
  it('counts true (rows) against predicted (columns)', () => {
    expect(confusionCounts([0, 0, 1, 1, 2], [0, 1, 1, 1, 0])).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
  });
  it('names bad labels', () => {
    expect(() => confusionCounts([0, 1], [0, 3], 2)).toThrow(
      'confusionCounts: yPred[1] = 3 is not a class index in 0..1',
    );
    expect(() => confusionCounts([0], [0, 1])).toThrow(
      'confusionCounts: yTrue has 1 labels but yPred has 2',
    );
  });
});

describe('confusionMatrix', () => {
  const names = ['cat', 'dog', 'bird'];
  it('annotates counts with class names on both axes', () => {
    const svg = confusionMatrix({
      matrix: [
        [50, 2, 1],
        [3, 45, 0],
        [0, 4, 40],
      ],
      classNames: names,
    });
    expectWellFormed(svg);
    const t = texts(svg);
    expect(t).toEqual(
      expect.arrayContaining([
        'Confusion matrix',
        'Predicted label',
        'True label',
        '50',
        '45',
        '40',
      ]),
    );
    expect(t.filter((s) => s === 'cat')).toHaveLength(2);
    expect(svg).toMatchSnapshot();
  });
  it('normalizes rows to fractions', () => {
    const svg = confusionMatrix({
      yTrue: [0, 0, 0, 1],
      yPred: [0, 0, 1, 1],
      normalize: true,
      classNames: ['3', '7'],
    });
    const t = texts(svg);
    expect(t).toEqual(
      expect.arrayContaining(['0.67', '0.33', '1.00', '0.00', 'fraction of true class']),
    );
  });
  it('needs a square matrix or labels', () => {
    expect(() => confusionMatrix({})).toThrow(
      'confusionMatrix: give either matrix or both yTrue and yPred',
    );
    expect(() => confusionMatrix({ matrix: [[1, 2]] })).toThrow(
      'confusionMatrix: matrix must be square, got 1×2',
    );
    expect(() => confusionMatrix({ matrix: [[1]], classNames: ['a', 'b'] })).toThrow(
      'confusionMatrix: classNames has 2 names, expected 1',
    );
  });
});
