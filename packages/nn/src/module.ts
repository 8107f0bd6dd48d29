import { Tensor } from '@gradlab/autograd';
import { type DType, NDArray } from '@gradlab/tensor';
import { Parameter } from './parameter.js';

/** A module's saved values: parameters and buffers by dotted name. */
export type StateDict = Record<string, NDArray>;

/**
 * Base class of every layer and model. Parameters and sub-modules are found by
 * walking the module's own properties (in definition order), arrays of modules
 * included; buffers (e.g. BatchNorm's running statistics) are registered with
 * {@link registerBuffer}. Subclasses implement `forward`.
 */
export abstract class Module {
  /** True in training mode (dropout active, batch statistics in BatchNorm). */
  training = true;
  private readonly bufferNames = new Set<string>();

  abstract forward(...inputs: Tensor[]): Tensor;

  /** Keeps an NDArray as state that is saved and loaded but not trained; returns it. */
  protected registerBuffer(name: string, value: NDArray): NDArray {
    this.bufferNames.add(name);
    (this as unknown as Record<string, unknown>)[name] = value;
    return value;
  }

  /** Direct sub-modules with their property names (arrays of modules are named `name.i`). */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [key, value] of Object.entries(this)) {
      if (value instanceof Module) out.push([key, value]);
      else if (Array.isArray(value)) {
        value.forEach((v, i) => {
          if (v instanceof Module) out.push([`${key}.${i}`, v]);
        });
      }
    }
    return out;
  }

  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and every module below it, depth first, with dotted names ('' for this one). */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.namedChildren()) {
      out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name));
    }
    return out;
  }

  /** Parameters of this module and its sub-modules, with dotted names; each listed once. */
  namedParameters(prefix = ''): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    for (const [modName, mod] of this.namedModules(prefix)) {
      for (const [key, value] of Object.entries(mod)) {
        if (value instanceof Parameter && !seen.has(value)) {
          seen.add(value);
          out.push([modName ? `${modName}.${key}` : key, value]);
        }
      }
    }
    return out;
  }

  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  namedBuffers(prefix = ''): [string, NDArray][] {
    const out: [string, NDArray][] = [];
    for (const [modName, mod] of this.namedModules(prefix)) {
      for (const name of mod.bufferNames) {
        const value = (mod as unknown as Record<string, unknown>)[name];
        if (value instanceof NDArray) out.push([modName ? `${modName}.${name}` : name, value]);
      }
    }
    return out;
  }

  /** Sets training mode on this module and all sub-modules. */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /**
   * Converts every floating-point parameter and buffer of this module and its
   * sub-modules to `dtype`, in place (PyTorch's `module.to(dtype)`); integer
   * buffers such as BatchNorm's `numBatchesTracked` keep their dtype.
   * Gradients are dropped.
   */
  to(dtype: 'float32' | 'float64'): this {
    const isFloat = (d: DType) => d === 'float32' || d === 'float64';
    for (const p of this.parameters()) {
      if (isFloat(p.dtype) && p.dtype !== dtype) {
        p.data = p.data.to(dtype);
        p.grad = null;
      }
    }
    for (const [, m] of this.namedModules()) {
      const own = m as unknown as Record<string, unknown>;
      for (const name of m.bufferNames) {
        const value = own[name];
        if (value instanceof NDArray && isFloat(value.dtype)) own[name] = value.to(dtype);
      }
    }
    return this;
  }

  /** `to('float64')`. */
  double(): this {
    return this.to('float64');
  }

  /** `to('float32')`. */
  float(): this {
    return this.to('float32');
  }

  /** Clears every parameter's gradient (sets it to null, PyTorch's default). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Parameter values and buffers by dotted name (shared, not copied). */
  stateDict(): StateDict {
    const state: StateDict = {};
    for (const [name, p] of this.namedParameters()) state[name] = p.data;
    for (const [name, b] of this.namedBuffers()) state[name] = b;
    return state;
  }

  /**
   * Copies values into this module's parameters and buffers. With `strict`
   * (default) the keys must match exactly; shapes must always match.
   */
  loadStateDict(state: StateDict, strict = true): void {
    const own = this.stateDict();
    if (strict) {
      const missing = Object.keys(own).filter((k) => !(k in state));
      const unexpected = Object.keys(state).filter((k) => !(k in own));
      if (missing.length || unexpected.length) {
        throw new Error(
          `loadStateDict: keys do not match (missing: ${missing.join(', ') || 'none'}; unexpected: ${unexpected.join(', ') || 'none'})`,
        );
      }
    }
    for (const [name, target] of Object.entries(own)) {
      const value = state[name];
      if (!value) continue;
      if (value.shape.join() !== target.shape.join()) {
        throw new Error(
          `loadStateDict: '${name}' has shape [${value.shape.join(', ')}] but the module expects [${target.shape.join(', ')}]`,
        );
      }
      target.copy_(value);
    }
  }

  /** Number of parameter elements (optionally only trainable ones). */
  numParameters(onlyTrainable = false): number {
    return this.parameters()
      .filter((p) => !onlyTrainable || p.requiresGrad)
      .reduce((n, p) => n + p.size, 0);
  }

  /** A one-line description of this module's own settings, shown by toString (e.g. `in=3, out=4`). */
  extraRepr(): string {
    return '';
  }

  /** PyTorch-style nested description. */
  toString(): string {
    const children = this.namedChildren();
    const head = `${this.constructor.name}(${this.extraRepr()}`;
    if (children.length === 0) return `${head})`;
    const lines = children.map(
      ([name, m]) => `  (${name}): ${m.toString().replace(/\n/g, '\n  ')}`,
    );
    return `${head}\n${lines.join('\n')}\n)`;
  }
}

/** Asserts a module input is a Tensor, naming the layer otherwise. */
export function checkInput(layer: string, x: unknown, ndims?: readonly number[]): Tensor {
  if (!(x instanceof Tensor)) {
    throw new Error(
      `${layer}: expected a Tensor input, got ${x instanceof NDArray ? 'an NDArray (wrap it with tensor(...))' : typeof x}`,
    );
  }
  if (ndims && !ndims.includes(x.ndim)) {
    throw new Error(
      `${layer}: expected a ${ndims.join('-d or ')}-d input, got shape [${x.shape.join(', ')}]`,
    );
  }
  return x;
}
