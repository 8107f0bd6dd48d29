import type { NDArray } from '@gradlab/tensor';
import { isGradEnabled } from './grad-mode.js';
import { Tensor } from './tensor.js';

/**
 * The backward half of a primitive: given the gradient of the output, returns
 * one gradient per input (null where not needed). Gradients may have the
 * broadcast shape; the engine sums them back to each input's shape.
 */
export type BackwardFn = (
  grad: NDArray,
  needsGrad: readonly boolean[],
) => readonly (NDArray | null)[];

/** A recorded operation: its inputs and the closure that computes their gradients. */
export class Node {
  constructor(
    readonly name: string,
    public inputs: readonly Tensor[],
    public backward: BackwardFn | null,
  ) {}

  /** Drops the saved values and the links to the inputs so memory can be reclaimed. */
  release(): void {
    this.backward = null;
    this.inputs = [];
  }
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
): Tensor {
  const needs = isGradEnabled() && inputs.some((t) => t.requiresGrad);
  const out = new Tensor(value);
  if (needs) {
    out.requiresGrad = true;
    out.gradFn = new Node(name, inputs, backward);
  }
  return out;
}
