import { Tensor } from '@gradlab/autograd';
import type { NDArray } from '@gradlab/tensor';

/** What every optimiser's hyperparameters have in common: a learning rate. */
export interface HyperParams {
  lr: number;
}

/** Per-parameter state (`step`, `expAvg`, `momentumBuffer`…): arrays and numbers. */
export type ParamState = Record<string, NDArray | number>;

/** A parameter group as the optimiser holds it: every hyperparameter filled in. */
export type ParamGroup<H extends HyperParams = HyperParams> = H & { params: Tensor[] };

/** A parameter group as the user passes it: any hyperparameter may be left to the defaults. */
export type ParamGroupInput<H extends HyperParams = HyperParams> = Partial<H> & {
  params: Iterable<Tensor>;
};

/** What optimiser constructors accept: tensors, or parameter groups with per-group overrides. */
export type Params<H extends HyperParams = HyperParams> =
  | Iterable<Tensor>
  | Iterable<ParamGroupInput<H>>;

/**
 * What {@link Optimizer.stateDict} returns: state keyed by parameter index
 * (numbered across groups in order, as in PyTorch) and the groups'
 * hyperparameters with `params` as those indices.
 */
export interface OptimizerStateDict<H extends HyperParams = HyperParams> {
  state: Record<number, ParamState>;
  paramGroups: (H & { params: number[] })[];
}

/**
 * The base of every optimiser, like `torch.optim.Optimizer`. It owns the
 * parameter groups, the per-parameter state, the step loop, `zeroGrad` and
 * (de)serialisation; each optimiser only writes {@link Optimizer.update}, the
 * rule for one parameter. Updates work on the parameters' `.data` arrays in
 * place and are never recorded by autograd.
 */
export abstract class Optimizer<H extends HyperParams = HyperParams> {
  /** The defaults each group's missing hyperparameters are taken from. */
  readonly defaults: Partial<H>;
  /** The parameter groups, with every hyperparameter filled in. Schedulers change `lr` here. */
  readonly paramGroups: ParamGroup<H>[] = [];
  /** Per-parameter state, created on a parameter's first update. */
  state: Map<Tensor, ParamState> = new Map();
  /** The optimiser's name, used in error messages (`'Adam'`); a getter, so it works during construction. */
  protected get name(): string {
    return this.constructor.name;
  }

  /**
   * @param params the tensors to optimise, or parameter groups (`{ params, lr?, … }`).
   * @param defaults hyperparameters for groups that do not set their own.
   */
  constructor(params: Params<H>, defaults: Partial<H>) {
    this.defaults = defaults;
    if (params instanceof Tensor || typeof params !== 'object' || params === null) {
      throw new Error(
        `${this.name}: params should be an array of tensors or of parameter groups, got ${describe(params)}`,
      );
    }
    const list = [...(params as Iterable<Tensor | ParamGroupInput<H>>)];
    if (list.length === 0) throw new Error(`${this.name}: got an empty parameter list`);
    const groups = list.every((p) => p instanceof Tensor)
      ? [{ params: list as Tensor[] } as unknown as ParamGroupInput<H>]
      : (list as ParamGroupInput<H>[]);
    for (const group of groups) this.addParamGroup(group);
  }

  /**
   * Adds a parameter group (fine-tuning a new layer, say); hyperparameters it
   * leaves out come from the defaults. A parameter may belong to one group only.
   */
  addParamGroup(group: ParamGroupInput<H>): void {
    const name = this.name;
    if (group instanceof Tensor || typeof group !== 'object' || group === null || !group.params) {
      throw new Error(
        `${name}: a parameter group must be an object with a params array, got ${describe(group)}`,
      );
    }
    if (group.params instanceof Tensor) {
      throw new Error(`${name}: a group's params must be an array of tensors, got a single Tensor`);
    }
    const params = [...group.params];
    const index = this.paramGroups.length;
    params.forEach((p, i) => {
      if (!(p instanceof Tensor)) {
        throw new Error(
          `${name}: parameter ${i} of group ${index} is ${describe(p)}, expected a Tensor`,
        );
      }
      if (!p.isLeaf) {
        throw new Error(
          `${name}: cannot optimise a non-leaf tensor (parameter ${i} of group ${index})`,
        );
      }
    });
    if (new Set(params).size !== params.length) {
      throw new Error(`${name}: parameter group ${index} contains the same tensor more than once`);
    }
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    if (params.some((p) => seen.has(p))) {
      throw new Error(`${name}: some parameters appear in more than one parameter group`);
    }
    const filled = copyHyper(this.defaults) as Record<string, unknown>;
    for (const [key, value] of Object.entries(group)) {
      if (key !== 'params' && value !== undefined) {
        filled[key] = Array.isArray(value) ? [...value] : value;
      }
    }
    if (filled.lr === undefined) {
      throw new Error(
        `${name}: parameter group ${index} didn't specify a value of required optimization parameter lr`,
      );
    }
    const full = { ...filled, params } as unknown as ParamGroup<H>;
    this.validate(full);
    this.paramGroups.push(full);
  }

  /**
   * Performs one optimisation step: updates every parameter that has a
   * gradient (those whose `.grad` is null are skipped). A `closure` that
   * re-evaluates the model and returns the loss is called first, as in PyTorch.
   */
  step(closure?: () => number): number | undefined {
    const loss = closure ? closure() : undefined;
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        if (param.grad === null) continue;
        let state = this.state.get(param);
        if (!state) {
          state = this.initState(param.data, group);
          this.state.set(param, state);
        }
        this.update(param.data, param.grad, state, group);
      }
    }
    return loss;
  }

  /**
   * Clears the gradients of every parameter: sets them to null (the default,
   * PyTorch 2's `set_to_none=True`), or fills them with zeros in place.
   */
  zeroGrad(setToNone = true): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (setToNone) p.grad = null;
        else p.grad?.zero_();
      }
    }
  }

  /**
   * A snapshot of the optimiser: state arrays are copied, so later steps do
   * not change it. Load it with {@link loadStateDict} to resume training.
   */
  stateDict(): OptimizerStateDict<H> {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((group) => {
      const ids = group.params.map((p) => {
        if (!index.has(p)) index.set(p, index.size);
        return index.get(p)!;
      });
      return { ...copyHyper(group), params: ids } as unknown as H & { params: number[] };
    });
    const state: Record<number, ParamState> = {};
    for (const [param, s] of this.state) {
      const id = index.get(param);
      if (id !== undefined) state[id] = copyState(s);
    }
    return { state, paramGroups };
  }

  /**
   * Restores hyperparameters and state saved by {@link stateDict}. The groups
   * must have the same sizes as this optimiser's; arrays are copied and cast to
   * each parameter's dtype.
   */
  loadStateDict(stateDict: OptimizerStateDict<H>): void {
    const name = this.name;
    const saved = stateDict?.paramGroups;
    if (!Array.isArray(saved) || typeof stateDict.state !== 'object') {
      throw new Error(`${name}: loadStateDict expects { state, paramGroups } from stateDict()`);
    }
    if (saved.length !== this.paramGroups.length) {
      throw new Error(
        `${name}: loaded state dict has ${saved.length} parameter groups, this optimizer has ${this.paramGroups.length}`,
      );
    }
    const byId = new Map<number, Tensor>();
    saved.forEach((g, i) => {
      const own = this.paramGroups[i]!;
      if (g.params.length !== own.params.length) {
        throw new Error(
          `${name}: loaded parameter group ${i} has ${g.params.length} parameters, this optimizer's has ${own.params.length}`,
        );
      }
      g.params.forEach((id, j) => {
        byId.set(id, own.params[j]!);
      });
    });
    const state = new Map<Tensor, ParamState>();
    for (const [key, s] of Object.entries(stateDict.state)) {
      const param = byId.get(Number(key));
      if (!param) continue;
      const copy = copyState(s);
      for (const [k, v] of Object.entries(copy)) {
        if (typeof v !== 'number' && v.dtype !== param.dtype) copy[k] = v.to(param.dtype);
      }
      state.set(param, copy);
    }
    saved.forEach((g, i) => {
      const own = this.paramGroups[i]!;
      const { params: _ids, ...hyper } = g;
      this.paramGroups[i] = { ...copyHyper(hyper), params: own.params } as unknown as ParamGroup<H>;
    });
    this.state = state;
  }

  /** Checks a group's hyperparameters; throws `Name: invalid x … (expected …)`. */
  protected abstract validate(group: ParamGroup<H>): void;

  /** The fresh state of a parameter, created just before its first update. */
  protected abstract initState(param: NDArray, group: ParamGroup<H>): ParamState;

  /**
   * The update rule for one parameter: change `param` (the tensor's `.data`)
   * and `state` in place from `grad`, with the group's hyperparameters.
   */
  protected abstract update(
    param: NDArray,
    grad: NDArray,
    state: ParamState,
    group: ParamGroup<H>,
  ): void;

  /** Throws `Name: invalid key value (expected …)` unless `ok`. */
  protected check(ok: boolean, key: string, value: unknown, expected: string): void {
    if (typeof value !== 'number') {
      throw new Error(
        `${this.name}: invalid ${key} ${JSON.stringify(value)} (expected a number, ${expected})`,
      );
    }
    if (!ok) throw new Error(`${this.name}: invalid ${key} ${value} (expected ${expected})`);
  }

  /** Reads an array entry of a parameter's state. */
  protected array(state: ParamState, key: string): NDArray {
    const v = state[key];
    if (v === undefined || typeof v === 'number') {
      throw new Error(
        `${this.name}: parameter state has no array '${key}' (was it loaded from another optimizer?)`,
      );
    }
    return v;
  }
}

function copyHyper<T extends object>(group: T): Omit<T, 'params'> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(group)) {
    if (k !== 'params') out[k] = Array.isArray(v) ? [...v] : v;
  }
  return out as Omit<T, 'params'>;
}

function copyState(s: ParamState): ParamState {
  const out: ParamState = {};
  for (const [k, v] of Object.entries(s)) out[k] = typeof v === 'number' ? v : v.clone();
  return out;
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x instanceof Tensor) return 'a single Tensor';
  return typeof x === 'object' ? (x.constructor?.name ?? 'object') : typeof x;
}
