import { describe, expect, it } from 'vitest';
import { colorMap } from './color-maps.js';
import { heatmap } from './heatmap.js';
import { countTags, expectWellFormed, texts } from './test-svg.js';

const weights = [
  [0.5, -0.3, 0.1, 0.9],
  [-1.2, 0.4, 0, 0.3],
  [0.2, 0.2, -0.7, Number.NaN],
];

describe('heatmap', () => {
  it('draws one annotated cell per value and a colour bar', () => {
    const svg = heatmap({
      values: weights,
      title: 'W',
      xLabel: 'input',
      yLabel: 'unit',
      center: 0,
    });
    expectWellFormed(svg);
    expect(svg.match(/<rect [^>]*fill="#[0-9a-f]{6}"\/>/g)!.length).toBeGreaterThanOrEqual(12);
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(['0.5', '−0.3', '−1.2', '—', 'W', 'input', 'unit']));
    expect(svg).toContain('fill="#dddddd"'); // the NaN cell
    expect(svg).toContain('class="color-bar"');
    expect(svg).toMatchSnapshot();
  });

  it('centres a diverging map: the colour range is symmetric', () => {
    const svg = heatmap({ values: [[-1, 3]], center: 0, annotate: false });
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(['−2', '0', '2']));
    expect(svg).toContain(`fill="${colorMap('bwr')(1)}"`); // 3 is the top of [−3, 3]
    expect(svg).toContain(`fill="${colorMap('bwr')(2 / 6)}"`); // −1 sits a third of the way up
  });

  it('uses white text on dark cells and dark text on light ones', () => {
    const svg = heatmap({ values: [[0, 1]], cmap: 'gray', colorBar: false });
    expect(svg).toMatch(/fill="#ffffff">0</);
    expect(svg).toMatch(/fill="#222222">1</);
    expect(countTags(svg, 'text')).toBeGreaterThanOrEqual(2);
  });

  it('row 0 is at the top', () => {
    const svg = heatmap({ values: [[1], [2]], yLabels: ['first', 'second'], colorBar: false });
    const y = (label: string) =>
      Number(new RegExp(`y="([\\d.]+)" dy="0.35em" text-anchor="end">${label}<`).exec(svg)![1]);
    expect(y('first')).toBeLessThan(y('second'));
  });

  it('names the bad row', () => {
    expect(() =>
      heatmap({
        values: [
          [1, 2, 3, 4],
          [1, 2, 3, 4],
          [1, 2, 3],
        ],
      }),
    ).toThrow('heatmap: rows have different lengths (row 2 has 3, expected 4)');
    expect(() => heatmap({ values: [] })).toThrow('heatmap: matrix has no rows');
    expect(() => heatmap({ values: [[1, 2]], xLabels: ['a'] })).toThrow(
      'heatmap: xLabels has 1 names, expected 2 (one per column)',
    );
  });
});
