import { describe, expect, it } from 'vitest';
import { barChart } from './bar-chart.js';
import { expectWellFormed, texts } from './test-svg.js';

const bars = (svg: string) =>
  svg.match(
    /<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="#(1f77b4|ff7f0e)"\/>/g,
  ) ?? [];

describe('barChart', () => {
  it('groups series side by side with value labels and a legend', () => {
    const svg = barChart({
      categories: ['SGD', 'Adam'],
      series: [
        { name: 'train', values: [0.91, 0.98] },
        { name: 'test', values: [0.9, 0.97] },
      ],
      yLabel: 'accuracy',
      title: 'Accuracy',
    });
    expectWellFormed(svg);
    expect(bars(svg.split('class="legend"')[0]!)).toHaveLength(4);
    expect(texts(svg)).toEqual(
      expect.arrayContaining(['SGD', 'Adam', '0.91', '0.98', '0.9', '0.97', 'train', 'test']),
    );
    expect(svg).toMatchSnapshot();
  });

  it('writes the value inside a bar that reaches the top of a fixed domain', () => {
    const svg = barChart({ categories: ['a'], series: [{ values: [1] }], yDomain: [0, 1] });
    expect(svg).toMatch(/fill="#ffffff">1</);
  });

  it('starts bars at zero', () => {
    const svg = barChart({
      categories: ['a', 'b'],
      series: [{ values: [5, 7] }],
      valueLabels: false,
    });
    expect(texts(svg)).toContain('0');
    expect(bars(svg)).toHaveLength(2);
  });

  it('keeps bars inside the frame when the y domain excludes zero', () => {
    const svg = barChart({
      categories: ['a', 'b'],
      series: [{ values: [4.5, 5] }],
      yDomain: [4.4, 5.1],
      height: 300,
    });
    const frame =
      /<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="none" stroke=/.exec(
        svg,
      );
    expect(frame).not.toBeNull();
    const rects = [
      ...svg.matchAll(
        /<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="#1f77b4"\/>/g,
      ),
    ];
    expect(rects).toHaveLength(2);
    const bottom = Number(frame![1]) + Number(frame![2]);
    for (const [, y, h] of rects) expect(Number(y) + Number(h)).toBeLessThanOrEqual(bottom + 0.01);
    // the taller value still draws the taller bar
    expect(Number(rects[1]![2])).toBeGreaterThan(Number(rects[0]![2]));
  });

  it('explains bad input', () => {
    expect(() => barChart({ categories: [], series: [] })).toThrow('barChart: categories is empty');
    expect(() =>
      barChart({ categories: ['a', 'b'], series: [{ name: 'x', values: [1] }] }),
    ).toThrow('barChart: series 0 ("x") has 1 values, expected 2 (one per category)');
  });
});
