/** The kinds of position scale a plot axis can use. */
export type ScaleType = 'linear' | 'log' | 'band' | 'time';

/** A value on an axis: a number (linear, log, time in ms) or a category. */
export type AxisValue = number | string;

/** One tick of an axis: its value, its pixel position and its label. */
export interface Tick {
  value: AxisValue;
  position: number;
  label: string;
  /** Minor ticks are drawn shorter and without a label. */
  minor?: boolean;
}

/**
 * A position scale: maps domain values to pixels in `range`. Band scales map
 * a category (or its index) to the start of its band.
 */
export interface Scale {
  readonly type: ScaleType;
  /** `[min, max]` for continuous scales, the categories for band scales. */
  readonly domain: readonly AxisValue[];
  readonly range: readonly [number, number];
  /** Width of one band in pixels (0 for continuous scales). */
  readonly bandwidth: number;
  /** Maps a value to a pixel; band scales return the start of the band. */
  map(value: AxisValue): number;
  /** About `count` ticks, positioned in pixels (band scales: band centres). */
  ticks(count: number): Tick[];
}
