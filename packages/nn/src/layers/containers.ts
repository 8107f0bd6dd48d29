import type { Tensor } from '@gradlab/autograd';
import { Module } from '../module.js';

/** Runs its modules in order, each on the previous one's output. */
export class Sequential extends Module {
  readonly layers: Module[];

  constructor(...layers: Module[]) {
    super();
    layers.forEach((m, i) => {
      if (!(m instanceof Module)) throw new Error(`Sequential: item ${i} is not a Module`);
    });
    this.layers = layers;
  }

  forward(input: Tensor): Tensor {
    let x = input;
    for (const layer of this.layers) x = layer.forward(x);
    return x;
  }

  /** Sub-modules are named 0, 1, 2… as in PyTorch. */
  override namedChildren(): [string, Module][] {
    return this.layers.map((m, i) => [String(i), m]);
  }

  get length(): number {
    return this.layers.length;
  }
  at(i: number): Module {
    const m = this.layers.at(i);
    if (!m) throw new Error(`Sequential: no layer ${i} (it has ${this.layers.length})`);
    return m;
  }
}

/** A list of modules whose parameters are registered (indexable, iterable). */
export class ModuleList extends Module {
  readonly items: Module[];

  constructor(modules: readonly Module[] = []) {
    super();
    this.items = [...modules];
  }
  forward(): Tensor {
    throw new Error('ModuleList: has no forward; call its modules');
  }
  override namedChildren(): [string, Module][] {
    return this.items.map((m, i) => [String(i), m]);
  }
  append(m: Module): this {
    this.items.push(m);
    return this;
  }
  at(i: number): Module {
    const m = this.items.at(i);
    if (!m) throw new Error(`ModuleList: no module ${i} (it has ${this.items.length})`);
    return m;
  }
  get length(): number {
    return this.items.length;
  }
  [Symbol.iterator](): Iterator<Module> {
    return this.items[Symbol.iterator]();
  }
}
