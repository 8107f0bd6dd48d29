import { describe, expect, it } from 'vitest';
import { dot3, orbitCamera, project } from './projection-3d.js';
import { surface3d } from './surface3d.js';
import { expectWellFormed, texts } from './test-svg.js';

const lin = (a: number, b: number, n: number) =>
  Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

function triangles(svg: string): Array<Array<[number, number]>> {
  const group = /<g stroke-width="0.6" stroke-linejoin="round">(.*?)<\/g>/.exec(svg)![1]!;
  return [...group.matchAll(/<path d="M([^"]+)Z"/g)].map((m) =>
    m[1]!.split('L').map((p) => p.split(',').map(Number) as [number, number]),
  );
}

describe('orbitCamera', () => {
  it('matches matplotlib’s default view (elevation 30, azimuth −60)', () => {
    const cam = orbitCamera(30, -60);
    expect(cam.toViewer[0]).toBeCloseTo(Math.cos(Math.PI / 6) * 0.5);
    expect(cam.toViewer[1]).toBeCloseTo(-Math.cos(Math.PI / 6) * Math.sin(Math.PI / 3));
    expect(cam.toViewer[2]).toBeCloseTo(0.5);
    expect(dot3(cam.right, cam.up)).toBeCloseTo(0);
    expect(dot3(cam.up, cam.toViewer)).toBeCloseTo(0);
    // Up on screen is up in the world.
    expect(project(cam, [0, 0, 1])[1]).toBeGreaterThan(0);
  });
});

describe('surface3d', () => {
  it('draws two shaded triangles per cell, labelled axes and ticks', () => {
    const x = lin(-6, 6, 5);
    const y = lin(-6, 6, 4);
    const z = y.map((b) => x.map((w) => 1 / (1 + Math.exp(-(w + b)))));
    const svg = surface3d({
      x,
      y,
      z,
      title: 'σ(w + b)',
      xLabel: 'weight w',
      yLabel: 'bias b',
      zLabel: 'output',
    });
    expectWellFormed(svg);
    expect(triangles(svg)).toHaveLength(4 * 3 * 2);
    expect(texts(svg)).toEqual(
      expect.arrayContaining(['σ(w + b)', 'weight w', 'bias b', 'output', '−6', '0', '6']),
    );
    expect(svg).toMatchSnapshot();
  });

  it('paints far triangles first (painter’s algorithm)', () => {
    // A flat floor seen from above: the nearest triangles are lowest on screen and must come last.
    const x = lin(0, 1, 6);
    const y = lin(0, 1, 6);
    const svg = surface3d({ x, y, z: y.map(() => x.map(() => 0)), zDomain: [-1, 1] });
    const meanY = triangles(svg).map((t) => t.reduce((s, p) => s + p[1], 0) / t.length);
    const first = meanY.slice(0, 5).reduce((a, b) => a + b) / 5;
    const last = meanY.slice(-5).reduce((a, b) => a + b) / 5;
    expect(last).toBeGreaterThan(first);
    for (let i = 1; i < meanY.length; i++)
      expect(meanY[i]!).toBeGreaterThanOrEqual(meanY[i - 1]! - 8);
  });

  it('colours by height: higher cells get the top of the map', () => {
    const svg = surface3d({
      x: [0, 1, 2],
      y: [0, 1],
      z: [
        [0, 0, 10],
        [0, 0, 10],
      ],
      cmap: 'gray',
    });
    const fills = [...svg.matchAll(/<path d="M[^"]+Z" fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]!);
    const light = fills.filter((f) => Number.parseInt(f.slice(1, 3), 16) > 80);
    expect(light.length).toBeGreaterThan(0);
    expect(light.length).toBeLessThan(fills.length);
  });

  it('strides large grids down to maxCells per side', () => {
    const x = lin(0, 1, 101);
    const svg = surface3d({ x, y: x, z: x.map((a) => x.map((b) => a * b)), maxCells: 10 });
    expect(triangles(svg)).toHaveLength(10 * 10 * 2);
  });

  it('explains bad input', () => {
    expect(() =>
      surface3d({
        x: [0, 1],
        y: [0, 1, 2],
        z: [
          [0, 0],
          [0, 0],
        ],
      }),
    ).toThrow('surface3d: z has 2 rows but y has 3 values');
    expect(() => surface3d({ x: [0, 1], y: [0, 1], z: [[0, 0], [0]] })).toThrow(
      'surface3d: rows have different lengths (row 1 has 1, expected 2)',
    );
  });
});
