import { renderColorBar } from './color-bar.js';
import { type ColorMapName, colorMap } from './color-maps.js';
import { escapeXml } from './escape-xml.js';
import { extent } from './extent.js';
import { decimalsFor, formatNumber } from './format-number.js';
import { matrixRows } from './matrix-rows.js';
import { niceTicks, tickStep } from './nice-ticks.js';
import { orbitCamera, project, type Vec3 } from './projection-3d.js';
import { strided, surfaceTriangles } from './surface-triangles.js';
import { svgDocument } from './svg-document.js';
import { svgNumber as n } from './svg-number.js';
import { textWidth } from './text-width.js';
import { theme } from './theme.js';

/** Options of {@link surface3d}. */
export interface Surface3dOptions {
  /** Grid x coordinates (columns), ascending. */
  x: readonly number[];
  /** Grid y coordinates (rows), ascending. */
  y: readonly number[];
  /** Heights, `z[i][j]` at `(x[j], y[i])` (matplotlib's meshgrid order). NaN leaves a hole. */
  z: readonly ArrayLike<number>[];
  title?: string;
  xLabel?: string;
  yLabel?: string;
  zLabel?: string;
  /** Axis ranges (default: the data's; fix them to compare several plots). */
  xDomain?: readonly [number, number];
  yDomain?: readonly [number, number];
  zDomain?: readonly [number, number];
  /** Colour map for height (default `viridis`). */
  cmap?: ColorMapName;
  /** Degrees above the floor (default 30). */
  elevation?: number;
  /** Degrees around the vertical axis (default −60). */
  azimuth?: number;
  /** Most cells drawn per side; larger grids are strided (default 50, like matplotlib). */
  maxCells?: number;
  /** Show a colour bar for height (default false). */
  colorBar?: boolean;
  width?: number;
  height?: number;
}

const ZH = 0.75;

function axisTicks(lo: number, hi: number) {
  const values = niceTicks(lo, hi, 4);
  const d = decimalsFor(tickStep(lo, hi, 4));
  return values.map((v) => ({ v, label: formatNumber(v, d) }));
}

/**
 * A 3-D surface plot: the grid projected orthographically, quads coloured by
 * height and shaded by their slope, drawn back to front (painter's
 * algorithm) inside a box with gray back panes, grid lines, labelled axes and
 * ticks, like matplotlib's `plot_surface`.
 *
 * @param options - the grid, labels and view
 * @returns an SVG document
 */
export function surface3d(options: Surface3dOptions): string {
  const rows = matrixRows(options.z, 'surface3d');
  const { x, y } = options;
  if (rows.length !== y.length)
    throw new Error(`surface3d: z has ${rows.length} rows but y has ${y.length} values`);
  if (rows[0]!.length !== x.length) {
    throw new Error(`surface3d: z has ${rows[0]!.length} columns but x has ${x.length} values`);
  }
  if (x.length < 2 || y.length < 2)
    throw new Error('surface3d: the grid needs at least 2×2 points');
  const xd = options.xDomain ?? extent(x) ?? [0, 1];
  const yd = options.yDomain ?? extent(y) ?? [0, 1];
  let zd = options.zDomain ?? extent(rows.flat()) ?? [0, 1];
  if (zd[0] === zd[1]) zd = [zd[0] - 1, zd[1] + 1];
  for (const [name, d] of [
    ['xDomain', xd],
    ['yDomain', yd],
  ] as const) {
    if (!(d[0] < d[1]))
      throw new Error(
        `surface3d: ${name} must be [min, max] with min < max, got [${d[0]}, ${d[1]}]`,
      );
  }
  const W = options.width ?? 560;
  const cam = orbitCamera(options.elevation ?? 30, options.azimuth ?? -60);
  const cmapName = options.cmap ?? 'viridis';
  const cmap = colorMap(cmapName);
  const nx = (v: number) => ((v - xd[0]) / (xd[1] - xd[0])) * 2 - 1;
  const ny = (v: number) => ((v - yd[0]) / (yd[1] - yd[0])) * 2 - 1;
  const nz = (v: number) =>
    (((Math.max(zd[0], Math.min(zd[1], v)) - zd[0]) / (zd[1] - zd[0])) * 2 - 1) * ZH;

  // Fit the projected box into the drawing area.
  const top = options.title ? theme.titleFontSize + 26 : 16;
  const right = options.colorBar ? 96 : 34;
  const zTicks = axisTicks(zd[0], zd[1]);
  const zWidest = zTicks.reduce((m, t) => Math.max(m, textWidth(t.label, theme.tickFontSize)), 0);
  const left = 14 + (options.zLabel ? theme.fontSize + 10 : 0) + zWidest + 14;
  const areaWidth = W - left - right;
  const corners: Vec3[] = [];
  for (const a of [-1, 1])
    for (const b of [-1, 1]) for (const c of [-ZH, ZH]) corners.push([a, b, c]);
  const proj = corners.map((c) => project(cam, c));
  const [sx0, sx1] = extent(proj.map((p) => p[0]))!;
  const [sy0, sy1] = extent(proj.map((p) => p[1]))!;
  // Without a given height, the figure is as tall as the box needs at full width.
  const H =
    options.height ??
    Math.round(Math.min(W * 0.9, top + 10 + (areaWidth / (sx1 - sx0)) * (sy1 - sy0) + 64));
  const area = { left, top: top + 10, width: areaWidth, height: H - top - 10 - 60 };
  const k = Math.min(area.width / (sx1 - sx0), area.height / (sy1 - sy0));
  const ox = area.left + area.width / 2 - ((sx0 + sx1) / 2) * k;
  const oy = area.top + area.height / 2 + ((sy0 + sy1) / 2) * k;
  const screen = (p: Vec3): [number, number] => {
    const [a, b] = project(cam, p);
    return [ox + a * k, oy - b * k];
  };
  const pt = (p: Vec3) => {
    const [a, b] = screen(p);
    return `${n(a)},${n(b)}`;
  };

  const v = cam.toViewer;
  const backX = v[0] > 0 ? -1 : 1;
  const backY = v[1] > 0 ? -1 : 1;
  const floor = v[2] >= 0 ? -ZH : ZH;
  const xt = axisTicks(xd[0], xd[1]).filter((t) => t.v >= xd[0] && t.v <= xd[1]);
  const yt = axisTicks(yd[0], yd[1]).filter((t) => t.v >= yd[0] && t.v <= yd[1]);
  const zt = axisTicks(zd[0], zd[1]).filter((t) => t.v >= zd[0] && t.v <= zd[1]);

  let body = '';
  if (options.title) {
    body += `<text x="${n(W / 2)}" y="${n(10 + theme.titleFontSize * 0.85)}" text-anchor="middle" font-size="${theme.titleFontSize}" font-weight="bold" fill="${theme.textColor}">${escapeXml(options.title)}</text>`;
  }
  // Back panes with grid lines.
  const pane = (pts: Vec3[]) =>
    `<path d="M${pts.map(pt).join('L')}Z" fill="#f0f0f0" stroke="#cfcfcf" stroke-width="0.8"/>`;
  body += pane([
    [backX, -1, -ZH],
    [backX, 1, -ZH],
    [backX, 1, ZH],
    [backX, -1, ZH],
  ]);
  body += pane([
    [-1, backY, -ZH],
    [1, backY, -ZH],
    [1, backY, ZH],
    [-1, backY, ZH],
  ]);
  body += pane([
    [-1, -1, floor],
    [1, -1, floor],
    [1, 1, floor],
    [-1, 1, floor],
  ]);
  let grid = '';
  for (const t of xt) {
    const a = nx(t.v);
    grid += `M${pt([a, backY, -ZH])}L${pt([a, backY, ZH])}M${pt([a, -1, floor])}L${pt([a, 1, floor])}`;
  }
  for (const t of yt) {
    const b = ny(t.v);
    grid += `M${pt([backX, b, -ZH])}L${pt([backX, b, ZH])}M${pt([-1, b, floor])}L${pt([1, b, floor])}`;
  }
  for (const t of zt) {
    const c = nz(t.v);
    grid += `M${pt([backX, -1, c])}L${pt([backX, 1, c])}M${pt([-1, backY, c])}L${pt([1, backY, c])}`;
  }
  body += `<path d="${grid}" stroke="#ffffff" stroke-width="1" fill="none"/>`;

  // Surface triangles, far to near.
  const is = strided(y.length, options.maxCells ?? 50);
  const js = strided(x.length, options.maxCells ?? 50);
  const span = zd[1] - zd[0];
  const triangles = surfaceTriangles(
    rows,
    is,
    js,
    (i, j) => [nx(x[j]!), ny(y[i]!), nz(rows[i]![j]!)],
    cam,
    (h) => cmap((Math.max(zd[0], Math.min(zd[1], h)) - zd[0]) / span),
  );
  body += '<g stroke-width="0.6" stroke-linejoin="round">';
  for (const t of triangles) {
    body += `<path d="M${t.points.map(pt).join('L')}Z" fill="${t.fill}" stroke="${t.fill}"/>`;
  }
  body += '</g>';

  // Axes: x and y along the front floor edges, z on the left-most vertical edge.
  const fs = theme.tickFontSize;
  let axes = '';
  let labels = '';
  const drawAxis = (
    from: Vec3,
    to: Vec3,
    outward: Vec3,
    ticks: Array<{ v: number; label: string }>,
    at: (value: number) => Vec3,
    title: string | undefined,
    vertical = false,
  ) => {
    axes += `M${pt(from)}L${pt(to)}`;
    const o0 = screen([0, 0, 0]);
    const o1 = screen(outward);
    let ux = o1[0] - o0[0];
    let uy = o1[1] - o0[1];
    const m = Math.hypot(ux, uy) || 1;
    ux /= m;
    uy /= m;
    const anchor = ux < -0.35 ? 'end' : ux > 0.35 ? 'start' : 'middle';
    let widest = 0;
    for (const t of ticks) {
      const [tx, ty] = screen(at(t.v));
      axes += `M${n(tx)},${n(ty)}l${n(ux * 5)},${n(uy * 5)}`;
      labels += `<text x="${n(tx + ux * 10)}" y="${n(ty + uy * 10)}" dy="${n(0.35 + uy * 0.45)}em" text-anchor="${anchor}">${escapeXml(t.label)}</text>`;
      widest = Math.max(widest, textWidth(t.label, fs));
    }
    if (title) {
      const [ax, ay] = screen([
        (from[0] + to[0]) / 2,
        (from[1] + to[1]) / 2,
        (from[2] + to[2]) / 2,
      ]);
      if (vertical) {
        const lx = n(ax + ux * (14 + widest + fs * 0.4));
        const ly = n(ay);
        labels += `<text x="${lx}" y="${ly}" text-anchor="middle" font-size="${theme.fontSize}" transform="rotate(-90 ${lx} ${ly})">${escapeXml(title)}</text>`;
        return;
      }
      const dist = 18 + Math.abs(ux) * widest + Math.abs(uy) * fs;
      labels += `<text x="${n(ax + ux * dist)}" y="${n(ay + uy * dist)}" dy="${n(0.35 + uy * 0.5)}em" text-anchor="${anchor}" font-size="${theme.fontSize}">${escapeXml(title)}</text>`;
    }
  };
  const frontY = -backY;
  const frontX = -backX;
  drawAxis(
    [-1, frontY, floor],
    [1, frontY, floor],
    [0, frontY, floor > 0 ? 0.4 : -0.4],
    xt,
    (t) => [nx(t), frontY, floor],
    options.xLabel,
  );
  drawAxis(
    [frontX, -1, floor],
    [frontX, 1, floor],
    [frontX, 0, floor > 0 ? 0.4 : -0.4],
    yt,
    (t) => [frontX, ny(t), floor],
    options.yLabel,
  );
  const verticals: Array<[number, number]> = [
    [-1, -1],
    [-1, 1],
    [1, -1],
    [1, 1],
  ];
  const [zx, zy] = verticals
    .filter(([a, b]) => !(a === frontX && b === frontY))
    .sort((p, q) => screen([p[0], p[1], 0])[0] - screen([q[0], q[1], 0])[0])[0]!;
  const outZ: Vec3 = [zx * 0.5, zy * 0.5, 0];
  drawAxis([zx, zy, -ZH], [zx, zy, ZH], outZ, zt, (t) => [zx, zy, nz(t)], options.zLabel, true);
  body += `<path d="${axes}" stroke="${theme.axisColor}" stroke-width="1" fill="none"/>`;
  body += `<g font-size="${fs}" fill="${theme.textColor}">${labels}</g>`;
  if (options.colorBar) {
    body += renderColorBar(
      { cmap: cmapName, domain: zd, label: options.zLabel },
      W - right + 4,
      area.top + area.height * 0.15,
      area.height * 0.7,
    );
  }
  return svgDocument(W, H, body, options.title);
}
