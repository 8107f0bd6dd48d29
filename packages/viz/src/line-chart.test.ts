import { describe, expect, it } from 'vitest';
import { lineChart } from './line-chart.js';
import { countTags, expectWellFormed, texts } from './test-svg.js';

const epochs = [1, 2, 3, 4, 5, 6, 7, 8];
const train = [2.3, 1.1, 0.6, 0.3, 0.15, 0.08, 0.04, 0.02];
const test = [2.3, 1.2, 0.7, 0.45, 0.35, 0.3, 0.28, 0.27];

describe('lineChart', () => {
  it('draws train vs test with a legend and markers on short series', () => {
    const svg = lineChart({
      title: 'Loss',
      xLabel: 'epoch',
      yLabel: 'loss',
      series: [
        { name: 'train', x: epochs, y: train },
        { name: 'test', x: epochs, y: test, dash: true },
      ],
    });
    expectWellFormed(svg);
    expect(countTags(svg, 'path')).toBeGreaterThanOrEqual(2);
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(countTags(svg, 'circle')).toBe(8 + 1); // train markers + legend swatch
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(['Loss', 'epoch', 'loss', 'train', 'test']));
    expect(svg).toMatchSnapshot();
  });

  it('puts log-axis ticks at powers of ten', () => {
    const svg = lineChart({
      series: [{ y: [10, 1, 0.1, 0.01, 0.001] }],
      yScale: 'log',
      markers: false,
    });
    expectWellFormed(svg);
    expect(texts(svg)).toEqual(expect.arrayContaining(['10⁻³', '10⁻²', '10⁻¹', '10⁰', '10¹']));
    expect(svg).toMatchSnapshot();
  });

  it('skips NaN points by breaking the line, and drops non-positive values on log axes', () => {
    const svg = lineChart({ series: [{ y: [1, 2, Number.NaN, 4, 5] }], markers: false });
    const d = /<path d="(M[^"]+)" fill="none" stroke="#1f77b4"/.exec(svg)?.[1] ?? '';
    expect(d.match(/M/g)).toHaveLength(2);
    const log = lineChart({
      series: [{ y: [1, 0, 0.1, -1, 0.01] }],
      yScale: 'log',
      markers: false,
    });
    expectWellFormed(log);
  });

  it('uses a time axis for dates', () => {
    const days = Array.from({ length: 365 }, (_, d) => new Date(Date.UTC(1981, 0, 1 + d)));
    const svg = lineChart({ series: [{ x: days, y: days.map((_, i) => Math.sin(i / 58)) }] });
    expectWellFormed(svg);
    expect(texts(svg)).toEqual(expect.arrayContaining(['1981', 'Mar', 'May', 'Jul', 'Sep', 'Nov']));
  });

  it('names the bad series', () => {
    expect(() => lineChart({ series: [] })).toThrow('lineChart: series is empty');
    expect(() => lineChart({ series: [{ name: 'train', y: [] }] })).toThrow(
      'lineChart: series 0 ("train") is empty',
    );
    expect(() => lineChart({ series: [{ y: [1] }, { name: 'b', x: [1, 2], y: [1] }] })).toThrow(
      'lineChart: series 1 ("b"): x has 2 values but y has 1',
    );
    expect(() => lineChart({ series: [{ y: [0, -1] }], yScale: 'log' })).toThrow(
      'lineChart: y axis: no positive values to show on a log axis',
    );
  });
});
