import type { NDArray } from '@gradlab/tensor';
import { isGradEnabled } from './grad-mode.js';
import { Tensor } from './tensor.js';

/**
 * A gradient that is zero outside one view of its input (the backward of
 * slicing): `value` belongs at `view(full)` of a full-size gradient. The
 * engine adds it into one accumulator per input in place, so selecting every
 * time step of a sequence costs one full-size array, not one per step.
 */
export class PartialGrad {
  constructor(
    readonly value: NDArray,
    readonly view: (full: NDArray) => NDArray,
  ) {}
}

/**
 * The backward half of a primitive: given the gradient of the output, returns
 * one gradient per input (null where not needed). Gradients may have the
 * broadcast shape; the engine sums them back to each input's shape.
 */
export type BackwardFn = (
  grad: NDArray,
  needsGrad: readonly boolean[],
) => readonly (NDArray | PartialGrad | null)[];

/** A recorded operation: its inputs and the closure that computes their gradients. */
export class Node {
  constructor(
    readonly name: string,
    public inputs: readonly Tensor[],
    public backward: BackwardFn | null,
    /**
     * The backward function keeps no reference to the gradient it is given
     * (true for the library's own primitives): once it has run, the engine may
     * hand a gradient array it made back to the backend for reuse.
     */
    readonly transient = false,
  ) {}

  /** Drops the saved values and the links to the inputs so memory can be reclaimed. */
  release(): void {
    this.backward = null;
    this.inputs = [];
  }
}

/** Options of {@link record}. */
export interface RecordOptions {
  /**
   * The backward function keeps no reference to the gradient it is given
   * (nor to a view of it) once it returns. The engine may then hand that
   * gradient's memory back to the backend for reuse when nothing else holds
   * it — a training step's gradients are the same sizes at the next step.
   * Leave it unset for a backward function that stores its gradient (to
   * inspect it later, say).
   */
  transient?: boolean;
}

/**
 * Records one primitive: wraps the forward `value` as a Tensor and, when
 * gradients are enabled and an input requires them, attaches the backward
 * closure. Every differentiable op goes through here.
 */
export function record(
  name: string,
  inputs: readonly Tensor[],
  value: NDArray,
  backward: BackwardFn,
  options: RecordOptions = {},
): Tensor {
  const needs = isGradEnabled() && inputs.some((t) => t.requiresGrad);
  const out = new Tensor(value);
  if (needs) {
    out.requiresGrad = true;
    out.gradFn = new Node(name, inputs, backward, options.transient ?? false);
  }
  return out;
}

/** {@link record} for the library's own primitives, whose backward functions keep nothing of their gradient. */
export function primitive(
  name: string,
  inputs: readonly Tensor[],
  value: NDArray,
  backward: BackwardFn,
): Tensor {
  return record(name, inputs, value, backward, { transient: true });
}
