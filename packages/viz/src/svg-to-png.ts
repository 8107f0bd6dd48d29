import { Resvg } from '@resvg/resvg-js';
import { writeFileAtomic } from './write-file-atomic.js';

/** Options of {@link svgToPng}. */
export interface PngOptions {
  /** Pixel density: 2 renders a 640×420 figure as 1280×840 (default 2). */
  scale?: number;
  /** Background colour (default white; figures already paint their own). */
  background?: string;
}

/**
 * Renders an SVG to PNG bytes with resvg (a Rust renderer shipped as a
 * prebuilt binary, no browser). Text uses the system's fonts, falling back to
 * DejaVu Sans / any sans-serif; with no fonts installed text is not drawn
 * but the rest of the figure is. Node only.
 *
 * @param svg - an SVG document
 * @param options - scale and background
 * @returns the PNG file as bytes
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const scale = options.scale ?? 2;
  if (!(scale > 0 && scale <= 16))
    throw new Error(`svgToPng: scale must be in (0, 16], got ${scale}`);
  // resvg does not know CSS `image-rendering: pixelated` (browsers need it) and would
  // fall back to smoothing; without the style it honours the `optimizeSpeed` attribute.
  const source = svg.replace(/ style="image-rendering:pixelated"/g, '');
  const resvg = new Resvg(source, {
    fitTo: { mode: 'zoom', value: scale },
    background: options.background ?? '#ffffff',
    font: {
      loadSystemFonts: true,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  });
  return new Uint8Array(resvg.render().asPng());
}

/**
 * Renders an SVG to a PNG file (atomically; creates missing folders). Node only.
 *
 * @param path - file path, usually ending in `.png`
 * @param svg - an SVG document
 * @param options - scale and background
 */
export function savePng(path: string, svg: string, options: PngOptions = {}): void {
  writeFileAtomic(path, svgToPng(svg, options));
}
