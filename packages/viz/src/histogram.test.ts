import { describe, expect, it } from 'vitest';
import { binCounts, binEdges, histogram } from './histogram.js';
import { expectWellFormed, texts } from './test-svg.js';

describe('binEdges and binCounts', () => {
  it('chooses round edges covering the data', () => {
    const edges = binEdges(0.13, 0.92, 8);
    expect(edges[0]).toBeLessThanOrEqual(0.13);
    expect(edges.at(-1)).toBeGreaterThanOrEqual(0.92);
    expect(edges).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });
  it('counts left-closed bins, the last one closed', () => {
    expect(binCounts([0, 0.5, 1, 1.5, 2, 2, 5, Number.NaN], [0, 1, 2])).toEqual([2, 4]);
  });
});

describe('histogram', () => {
  it('draws one bar per non-empty bin and labels the y axis', () => {
    const values = [1, 2, 2, 3, 3, 3, 4, 4, 5];
    const svg = histogram({
      values,
      bins: [0.5, 1.5, 2.5, 3.5, 4.5, 5.5],
      xLabel: 'value',
      title: 'H',
    });
    expectWellFormed(svg);
    const rects = svg.match(/<rect [^>]*fill="#1f77b4" fill-opacity="0.9"\/>/g) ?? [];
    expect(rects).toHaveLength(5);
    expect(texts(svg)).toEqual(expect.arrayContaining(['H', 'value', 'count']));
    expect(svg).toMatchSnapshot();
  });
  it('overlays several series translucently with a legend', () => {
    const svg = histogram({
      series: [
        { name: 'before', values: [0, 0.1, 0.2] },
        { name: 'after', values: [0.5, 0.6, 0.7] },
      ],
      density: true,
    });
    expect(svg).toContain('fill-opacity="0.55"');
    expect(texts(svg)).toEqual(expect.arrayContaining(['before', 'after', 'density']));
  });
  it('explains bad input', () => {
    expect(() => histogram({})).toThrow('histogram: give values or series');
    expect(() => histogram({ values: [1], bins: [2, 1] })).toThrow(
      /bin edges must be at least 2 ascending numbers/,
    );
    expect(() => histogram({ values: [Number.NaN] })).toThrow('histogram: no finite values');
  });
});
