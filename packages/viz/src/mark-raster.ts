import { base64Encode } from './base64.js';
import { encodePng } from './encode-png.js';
import type { Mark } from './mark.js';
import { svgNumber as n } from './svg-number.js';

/** Options of {@link rasterMark}. */
export interface RasterMarkOptions {
  /** `[left, right]` data extent of the image. */
  x: readonly [number, number];
  /** `[bottom, top]` data extent of the image. */
  y: readonly [number, number];
  width: number;
  height: number;
  /** 8-bit pixels, top row first, `channels` per pixel. */
  pixels: Uint8Array;
  channels: 1 | 3 | 4;
  /** Smooth (bilinear) scaling; false keeps square pixels (default false). */
  smooth?: boolean;
  opacity?: number;
}

/**
 * A raster image stretched over a data rectangle, embedded as a PNG data URI
 * (decision regions, dense fields). Pixel row 0 is the top of the rectangle.
 *
 * @param options - extent, pixels and smoothing
 * @returns the mark
 */
export function rasterMark(options: RasterMarkOptions): Mark {
  const png = base64Encode(
    encodePng(options.pixels, options.width, options.height, options.channels),
  );
  return {
    xValues: [...options.x],
    yValues: [...options.y],
    clip: true,
    render(ctx) {
      const x0 = ctx.x.map(options.x[0]);
      const x1 = ctx.x.map(options.x[1]);
      const y0 = ctx.y.map(options.y[0]);
      const y1 = ctx.y.map(options.y[1]);
      const rendering = options.smooth ? 'optimizeQuality' : 'optimizeSpeed';
      const opacity = options.opacity !== undefined ? ` opacity="${n(options.opacity)}"` : '';
      return `<image x="${n(Math.min(x0, x1))}" y="${n(Math.min(y0, y1))}" width="${n(Math.abs(x1 - x0))}" height="${n(Math.abs(y1 - y0))}" preserveAspectRatio="none" image-rendering="${rendering}"${opacity} href="data:image/png;base64,${png}"/>`;
    },
    pixels() {
      return [];
    },
  };
}
