import type { View } from '../backend.js';
import type { DType } from '../dtype.js';
import type { Deferred } from './deferred.js';
import { coordinates, position } from './index-code.js';
import type { DeviceArray } from './kernel-runner.js';

/** A kernel being written: its source lines, the arrays it reads and its float parameters. */
export class KernelBody {
  readonly lines: string[] = [];
  readonly views: View[] = [];
  readonly scalars: number[] = [];

  /** Declares `${name}0…` as the coordinates of this thread's output element in `shape`. */
  coords(shape: readonly number[], name = 'c', flat = 'this.thread.x'): this {
    this.lines.push(coordinates(shape, flat, name));
    return this;
  }

  private readonly specials = new Map<number, string>();

  /** A float parameter's name. */
  scalar(value: number): string {
    this.scalars.push(value);
    return `s${this.scalars.length - 1}`;
  }

  /**
   * A parameter holding NaN or ±Infinity (one per value): WGSL has no literal
   * for them and rejects a constant expression that makes one (`sqrt(-1.0)`
   * does not compile), so they come in as parameters.
   */
  special(value: number): string {
    let name = this.specials.get(value);
    if (name === undefined) {
      name = this.scalar(value);
      this.specials.set(value, name);
    }
    return name;
  }

  /** The array parameter's name for a view (one per view; its offset is a parameter). */
  array(view: View): { name: string; offset: string } {
    let k = this.views.indexOf(view);
    if (k < 0) {
      this.views.push(view);
      k = this.views.length - 1;
    }
    return { name: `a${k}`, offset: this.scalar(view.offset) };
  }

  /** An expression reading `view` at the coordinates given per dim. */
  read(view: View, coord: (d: number) => string): string {
    const { name, offset } = this.array(view);
    return `${name}[${position(view.shape, view.strides, offset, coord)}]`;
  }

  line(...code: string[]): this {
    this.lines.push(...code);
    return this;
  }

  source(): string {
    return this.lines.join('\n');
  }
}

/** The expression `r` converted to what an array of `dtype` stores (int32 truncates, bool is r ≠ 0). */
export function castTo(dtype: DType, r: string): string {
  if (dtype === 'int32') return `(${r} < 0 ? Math.ceil(${r}) : Math.floor(${r}))`;
  if (dtype === 'bool') return `(${r} != 0 ? 1 : 0)`;
  return r;
}

/** How the backend runs a finished body: it binds the views' device arrays and launches. */
export type Launch = (body: KernelBody, n: number) => Deferred<DeviceArray>;
