import { describe, expect, it } from 'vitest';
import { lineChart } from './line-chart.js';
import { subplots } from './subplots.js';
import { countTags, expectWellFormed, rootSize, texts } from './test-svg.js';

describe('subplots', () => {
  const panel = (title: string) =>
    lineChart({ title, series: [{ y: [1, 2, 3] }], width: 300, height: 200 });
  it('arranges panels row by row in one SVG', () => {
    const svg = subplots([panel('a'), panel('b'), panel('c')], { cols: 2, title: 'All', gap: 10 });
    expectWellFormed(svg);
    expect(countTags(svg, 'svg')).toBe(4);
    expect(rootSize(svg)).toEqual({ width: 610, height: 410 + 15 + 24 });
    expect(texts(svg)).toEqual(expect.arrayContaining(['All', 'a', 'b', 'c']));
    expect(svg).toContain('<svg x="310" y="39" width="300" height="200"');
    expect(svg).toMatchSnapshot();
  });
  it('rejects input that is not SVG', () => {
    expect(() => subplots([])).toThrow('subplots: no panels');
    expect(() => subplots(['<p>hi</p>'])).toThrow('subplots: panel 0 is not an SVG document');
  });
});
