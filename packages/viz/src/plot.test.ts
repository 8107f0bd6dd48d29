import { describe, expect, it } from 'vitest';
import { dotMark } from './mark-dot.js';
import { lineMark } from './mark-line.js';
import { plot } from './plot.js';
import { countTags, expectWellFormed, rootSize, texts } from './test-svg.js';
import { textWidth } from './text-width.js';

const marks = () => [
  lineMark({ x: [0, 1, 2, 3], y: [1, 3, 2, 4], stroke: '#1f77b4' }),
  dotMark({ x: [0, 1, 2, 3], y: [1, 3, 2, 4], fill: '#ff7f0e' }),
];

describe('plot', () => {
  it('draws marks over shared scales with axes, labels and a title', () => {
    const svg = plot({ marks: marks(), title: 'T', x: { label: 'epoch' }, y: { label: 'loss' } });
    expectWellFormed(svg);
    expect(rootSize(svg)).toEqual({ width: 640, height: 420 });
    expect(texts(svg)).toEqual(expect.arrayContaining(['T', 'epoch', 'loss', '0.0', '3.0', '4.0']));
    expect(countTags(svg, 'circle')).toBe(4);
    expect(svg).toMatchSnapshot();
  });

  it('is deterministic, with content-derived clip ids', () => {
    const a = plot({ marks: marks() });
    const b = plot({ marks: marks() });
    expect(a).toBe(b);
    const id = /<clipPath id="(g[0-9a-f]{8})-clip">/.exec(a)?.[1];
    expect(id).toBeDefined();
    const c = plot({ marks: [lineMark({ x: [0, 1], y: [5, 6] })] });
    expect(c).not.toContain(`${id}-clip`);
    expect(a).not.toMatch(/\d\.\d{3,}/);
  });

  it('keeps tick labels from overlapping on a narrow figure', () => {
    const svg = plot({ marks: [lineMark({ x: [0, 123456], y: [0, 1] })], width: 220, height: 160 });
    expectWellFormed(svg);
    const bottom = [
      ...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" dy="0.8em" text-anchor="middle">([^<]+)</g),
    ].map((m) => ({ x: Number(m[1]), w: textWidth(m[2]!, 11) }));
    expect(bottom.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < bottom.length; i++) {
      expect(bottom[i]!.x - bottom[i - 1]!.x).toBeGreaterThan(
        (bottom[i]!.w + bottom[i - 1]!.w) / 2,
      );
    }
  });

  it('places the legend inside the frame, away from the data', () => {
    // Data in the top-right corner: the legend must go elsewhere.
    const svg = plot({
      marks: [dotMark({ x: [9, 10, 10], y: [9, 10, 9.5] }), dotMark({ x: [0], y: [0] })],
      legend: [{ label: 'points', color: '#1f77b4', kind: 'dot' }],
    });
    const frame =
      /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="none" stroke="#444444"/.exec(
        svg,
      )!;
    const box =
      /<g class="legend"[^>]*><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(
        svg,
      )!;
    const [fx, fy, fw, fh] = frame.slice(1).map(Number) as [number, number, number, number];
    const [lx, ly, lw, lh] = box.slice(1).map(Number) as [number, number, number, number];
    expect(lx).toBeGreaterThanOrEqual(fx);
    expect(ly).toBeGreaterThanOrEqual(fy);
    expect(lx + lw).toBeLessThanOrEqual(fx + fw);
    expect(ly + lh).toBeLessThanOrEqual(fy + fh);
    expect(lx).toBeLessThan(fx + fw / 2); // moved to the left half
    expect(texts(svg)).toContain('points');
  });

  it('rotates long category labels and thins short ones', () => {
    const long = Array.from({ length: 12 }, (_, i) => `category number ${i}`);
    const rotated = plot({
      marks: [dotMark({ x: [0], y: [0] })],
      x: { type: 'band', domain: long },
      width: 400,
    });
    expect(rotated).toContain('rotate(-45');
    const short = Array.from({ length: 80 }, (_, i) => String(i));
    const thinned = plot({
      marks: [dotMark({ x: [0], y: [0] })],
      x: { type: 'band', domain: short },
      width: 400,
    });
    expect(thinned).not.toContain('rotate(-45');
    expect(texts(thinned)).toContain('10');
    expect(texts(thinned)).not.toContain('11');
  });

  it('explains bad input', () => {
    expect(() => plot({ marks: [] })).toThrow('plot: x axis: no finite values to show');
    expect(() => plot({ marks: marks(), width: 10 })).toThrow(
      'plot: figure size 10×420 is too small',
    );
    expect(() => plot({ marks: marks(), y: { type: 'log', domain: [0, 1] } })).toThrow(
      'plot: y axis: a log axis needs a positive domain, got [0, 1]',
    );
  });
});
