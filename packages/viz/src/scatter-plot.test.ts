import { describe, expect, it } from 'vitest';
import { scatterPlot } from './scatter-plot.js';
import { countTags, expectWellFormed, texts } from './test-svg.js';

const x = [2, 1, 2, 4, 5, 4];
const y = [3, 4, 4, 2, 1, 3];
const labels = [0, 0, 0, 1, 1, 1];

describe('scatterPlot', () => {
  it('colours points by class with one legend entry per class', () => {
    const svg = scatterPlot({
      x,
      y,
      labels,
      classNames: ['+1', '−1'],
      title: 'EEG',
      xLabel: 'e1',
      yLabel: 'e2',
    });
    expectWellFormed(svg);
    // Class 0 are circles, class 1 squares; each legend entry adds one more.
    expect(countTags(svg, 'circle')).toBe(3 + 1);
    expect((svg.match(/fill="#ff7f0e"/g) ?? []).length).toBe(3 + 1);
    expect(texts(svg)).toEqual(expect.arrayContaining(['EEG', 'e1', 'e2', '+1', '−1']));
    expect(svg).toMatchSnapshot();
  });

  it('draws overlay lines clipped to the data frame without widening the axes', () => {
    const svg = scatterPlot({
      x,
      y,
      labels,
      lines: [{ name: 'boundary', x: [0, 100], y: [0, 100], dash: true }],
    });
    expectWellFormed(svg);
    expect(texts(svg)).toContain('boundary');
    expect(texts(svg)).not.toContain('100');
    expect(svg).toMatch(/<g clip-path="url\(#g[0-9a-f]{8}-clip\)"><path d="M/);
  });

  it('plots unlabelled points in one colour', () => {
    const svg = scatterPlot({ x: [1, 2, 3], y: [3, 1, 2] });
    expect(countTags(svg, 'circle')).toBe(3);
    expect(svg).not.toContain('class="legend"');
  });

  it('explains bad input', () => {
    expect(() => scatterPlot({ x: [], y: [] })).toThrow('scatterPlot: no points (x is empty)');
    expect(() => scatterPlot({ x: [1, 2], y: [1] })).toThrow(
      'scatterPlot: x has 2 values but y has 1',
    );
    expect(() => scatterPlot({ x: [1, 2], y: [1, 2], labels: [0, 0.5] })).toThrow(
      'scatterPlot: label 1 must be a class index (0, 1, …), got 0.5',
    );
  });
});
