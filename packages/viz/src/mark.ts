import type { AxisValue, Scale } from './scale.js';

/** The plotting area of a figure, in pixels. */
export interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** What a mark is given to draw itself: the shared scales and the frame. */
export interface PlotContext {
  x: Scale;
  y: Scale;
  frame: Frame;
}

/**
 * A mark: a layer of graphics (lines, dots, rectangles, text, a raster)
 * drawn over the plot's shared x and y scales. Marks report the values they
 * need on each axis so the plot can infer the domains.
 */
export interface Mark {
  /** Values this mark places on the x axis (used to infer the domain). */
  readonly xValues: readonly AxisValue[];
  /** Values this mark places on the y axis (used to infer the domain). */
  readonly yValues: readonly AxisValue[];
  /** Clip this mark to the frame (lines and areas do; dots and text do not). */
  readonly clip: boolean;
  /** SVG markup for the mark. */
  render(ctx: PlotContext): string;
  /** Pixel positions covered by the mark, so a legend can avoid them. */
  pixels(ctx: PlotContext): Array<readonly [number, number]>;
}
