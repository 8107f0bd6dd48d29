import { describe, expect, it } from 'vitest';
import { contourSegments } from './contour-segments.js';
import { decisionRegions } from './decision-regions.js';
import { firstEmbeddedPng } from './test-png.js';
import { expectWellFormed, texts } from './test-svg.js';

describe('contourSegments', () => {
  it('finds where a field crosses the level, interpolated', () => {
    const segs = contourSegments(
      [0, 1],
      [0, 1],
      [
        [0, 1],
        [0, 1],
      ],
      0.25,
    );
    expect(segs).toEqual([[0.25, 0, 0.25, 1]]);
  });
  it('splits saddle cells into two segments', () => {
    expect(
      contourSegments(
        [0, 1],
        [0, 1],
        [
          [1, 0],
          [0, 1],
        ],
        0.5,
      ),
    ).toHaveLength(2);
    expect(
      contourSegments(
        [0, 1],
        [0, 1],
        [
          [0, 0],
          [0, 0],
        ],
        0.5,
      ),
    ).toHaveLength(0);
  });
});

describe('decisionRegions', () => {
  const points = { x: [0, 0, 1, 1], y: [0, 1, 0, 1], labels: [0, 1, 1, 0] };
  it('fills the plane, draws the boundary and the points with a legend', () => {
    const svg = decisionRegions({
      fn: (a) => 1 / (1 + Math.exp(-8 * (a - 0.5))),
      xRange: [-0.5, 1.5],
      yRange: [-0.5, 1.5],
      resolution: 12,
      points,
      classNames: ['no', 'yes'],
      title: 'XOR',
    });
    expectWellFormed(svg);
    expect(svg).toContain('<image ');
    expect(svg).toMatch(/stroke="#333333"/);
    expect(texts(svg)).toEqual(expect.arrayContaining(['XOR', 'no', 'yes']));
    expect(svg).toMatchSnapshot();
  });

  it('puts values[0] (the lowest y) at the bottom of the raster', () => {
    // Class 1 only in the bottom row.
    const svg = decisionRegions({
      x: [0, 1, 2],
      y: [0, 1, 2],
      values: [
        [1, 1, 1],
        [0, 0, 0],
        [0, 0, 0],
      ],
    });
    const png = firstEmbeddedPng(svg);
    expect(png.height).toBe(3);
    const orange = [...png.rows[2]!.subarray(0, 3)];
    const blue = [...png.rows[0]!.subarray(0, 3)];
    expect(orange[0]).toBeGreaterThan(orange[2]!); // tinted #ff7f0e: more red than blue
    expect(blue[2]).toBeGreaterThan(blue[0]!); // tinted #1f77b4: more blue than red
  });

  it('explains bad input', () => {
    expect(() => decisionRegions({})).toThrow(
      'decisionRegions: give values with x and y, or fn with xRange and yRange',
    );
    expect(() =>
      decisionRegions({
        x: [0, 1],
        y: [0, 1, 2],
        values: [
          [0, 1],
          [0, 1],
        ],
      }),
    ).toThrow('decisionRegions: values has 2 rows but y has 3 coordinates');
    expect(() =>
      decisionRegions({
        x: [0, 1],
        y: [0, 1],
        values: [
          [0, 1],
          [0, 1],
        ],
        points: { x: [0], y: [0, 1], labels: [0] },
      }),
    ).toThrow(/points.x, points.y and points.labels must have the same length \(1, 2, 1\)/);
  });
});
