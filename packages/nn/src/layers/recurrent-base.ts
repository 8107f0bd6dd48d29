import { concat, stack, Tensor } from '@gradlab/autograd';
import { bernoulli, defaultGenerator, type Generator, zeros } from '@gradlab/tensor';
import { uniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

/** Options shared by {@link RNN}, {@link LSTM} and {@link GRU}, named as in PyTorch. */
export interface RecurrentOptions {
  /** Stacked recurrent layers; layer k > 0 reads layer k − 1's outputs. Default 1. */
  numLayers?: number;
  /** Whether each layer has the biases `biasIhLk` and `biasHhLk`. Default true. */
  bias?: boolean;
  /** Input and output are [batch, seq, feature] instead of [seq, batch, feature]. Default false. */
  batchFirst?: boolean;
  /** Dropout probability on the outputs of every layer but the last, in training mode. Default 0. */
  dropout?: number;
  /** Also run each layer backwards in time and concatenate both directions' outputs. Default false. */
  bidirectional?: boolean;
  /** Seeded generator for the initial weights and for dropout (the global one otherwise). */
  generator?: Generator;
}

/**
 * One layer-direction's weights, as stored ([gates·hidden, in]): a step applies
 * them with autograd's `linear` (x·Wᵀ + b as one node, whose weight gradient is
 * made in W's layout, so the steps' gradients add into W's as contiguous arrays).
 */
export interface CellWeights {
  wIh: Tensor;
  wHh: Tensor;
  bIh: Tensor | null;
  bHh: Tensor | null;
}

/** One time step: the new state (h first, then c for an LSTM) from the input and the old state. */
export type CellFn = (x: Tensor, state: readonly Tensor[], w: CellWeights) => Tensor[];

interface LayerParameters {
  weightIh: Parameter;
  weightHh: Parameter;
  biasIh: Parameter | null;
  biasHh: Parameter | null;
}

/**
 * The machinery common to RNN, LSTM and GRU: PyTorch's parameters
 * (`weightIhL0` [gates·hidden, input], `weightHhL0` [gates·hidden, hidden],
 * `biasIhL0`, `biasHhL0`, … with a `Reverse` suffix for the backward direction),
 * all initialised U(±1/√hiddenSize); input layout (time-major, `batchFirst`,
 * or unbatched [seq, feature]); and the unrolled loop over layers, directions
 * and time steps, built from autograd ops.
 */
export abstract class RecurrentBase extends Module {
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  private readonly generator: Generator | undefined;
  private readonly cells: LayerParameters[] = [];
  /** Layer 0's parameters, typed; deeper layers' (`weightIhL1`, …) are found by name like every parameter. */
  declare readonly weightIhL0: Parameter;
  declare readonly weightHhL0: Parameter;
  /** Absent with `bias: false`. */
  declare readonly biasIhL0?: Parameter;
  declare readonly biasHhL0?: Parameter;

  constructor(
    protected readonly layer: string,
    gates: number,
    readonly inputSize: number,
    readonly hiddenSize: number,
    options: RecurrentOptions,
  ) {
    super();
    for (const [name, v] of [
      ['inputSize', inputSize],
      ['hiddenSize', hiddenSize],
      ['numLayers', options.numLayers ?? 1],
    ] as const) {
      if (!Number.isInteger(v) || v <= 0)
        throw new Error(`${layer}: ${name} must be a positive integer, got ${v}`);
    }
    this.numLayers = options.numLayers ?? 1;
    this.bias = options.bias ?? true;
    this.batchFirst = options.batchFirst ?? false;
    this.dropout = options.dropout ?? 0;
    if (!(this.dropout >= 0 && this.dropout < 1))
      throw new Error(`${layer}: dropout must be in [0, 1), got ${this.dropout}`);
    this.bidirectional = options.bidirectional ?? false;
    this.generator = options.generator;
    const bound = 1 / Math.sqrt(hiddenSize);
    const own = this as unknown as Record<string, unknown>;
    const make = (name: string, shape: number[]) => {
      const p = new Parameter(zeros(shape));
      uniform_(p, -bound, bound, { generator: options.generator });
      own[name] = p;
      return p;
    };
    const g = gates * hiddenSize;
    for (let k = 0; k < this.numLayers; k++) {
      const inSize = k === 0 ? inputSize : hiddenSize * this.numDirections;
      for (const suffix of this.bidirectional ? ['', 'Reverse'] : ['']) {
        this.cells.push({
          weightIh: make(`weightIhL${k}${suffix}`, [g, inSize]),
          weightHh: make(`weightHhL${k}${suffix}`, [g, hiddenSize]),
          biasIh: this.bias ? make(`biasIhL${k}${suffix}`, [g]) : null,
          biasHh: this.bias ? make(`biasHhL${k}${suffix}`, [g]) : null,
        });
      }
    }
  }

  /** 2 when bidirectional, else 1. */
  get numDirections(): number {
    return this.bidirectional ? 2 : 1;
  }

  /**
   * Runs the stack over `input` from the initial states (`initial[i]` is h0,
   * then c0; each [numLayers·numDirections, batch, hidden] or unbatched
   * [numLayers·numDirections, hidden]; zeros when missing). Returns the last
   * layer's outputs at every step and each state's final value, in the
   * caller's layout.
   */
  protected run(
    input: Tensor,
    initial: readonly (Tensor | undefined)[],
    cell: CellFn,
  ): { output: Tensor; finals: Tensor[] } {
    const name = this.layer;
    if (!(input instanceof Tensor)) throw new Error(`${name}: expected a Tensor input`);
    if (input.ndim !== 2 && input.ndim !== 3) {
      throw new Error(
        `${name}: expected a 3-d input [${this.batchFirst ? 'batch, seq' : 'seq, batch'}, ${this.inputSize}] or an unbatched 2-d input [seq, ${this.inputSize}], got shape [${input.shape.join(', ')}]`,
      );
    }
    if (input.shape[input.ndim - 1] !== this.inputSize) {
      throw new Error(
        `${name}: expected input with last dim ${this.inputSize} (inputSize), got shape [${input.shape.join(', ')}]`,
      );
    }
    const batched = input.ndim === 3;
    let x = batched ? input : input.unsqueeze(1);
    if (batched && this.batchFirst) x = x.transpose(0, 1);
    const [seqLen, batch] = [x.shape[0]!, x.shape[1]!];
    if (seqLen === 0) throw new Error(`${name}: the input sequence is empty`);
    const slots = this.numLayers * this.numDirections;
    const states = initial.map((s, i) => {
      if (s === undefined) return undefined;
      const want = batched ? [slots, batch, this.hiddenSize] : [slots, this.hiddenSize];
      if (!(s instanceof Tensor) || s.shape.join() !== want.join()) {
        const got = s instanceof Tensor ? `[${s.shape.join(', ')}]` : typeof s;
        throw new Error(
          `${name}: initial ${i === 0 ? 'h0' : 'c0'} must have shape [${want.join(', ')}], got ${got}`,
        );
      }
      return batched ? s : s.unsqueeze(1);
    });
    const zero = () => new Tensor(zeros([batch, this.hiddenSize], { dtype: input.dtype }));
    const finals: Tensor[][] = initial.map(() => []);
    let layerInput = x;
    for (let k = 0; k < this.numLayers; k++) {
      const outputs: Tensor[] = [];
      for (let dir = 0; dir < this.numDirections; dir++) {
        const slot = k * this.numDirections + dir;
        const p = this.cells[slot]!;
        const w: CellWeights = {
          wIh: p.weightIh,
          wHh: p.weightHh,
          bIh: p.biasIh,
          bHh: p.biasHh,
        };
        let state = states.map((s) => (s ? s.select(0, slot) : zero()));
        const steps: Tensor[] = new Array(seqLen);
        for (let i = 0; i < seqLen; i++) {
          const t = dir === 0 ? i : seqLen - 1 - i;
          state = cell(layerInput.select(0, t), state, w);
          steps[t] = state[0]!;
        }
        state.forEach((s, j) => {
          finals[j]!.push(s);
        });
        outputs.push(stack(steps, 0));
      }
      layerInput = outputs.length === 1 ? outputs[0]! : concat(outputs, 2);
      if (k < this.numLayers - 1 && this.training && this.dropout > 0) {
        const keep = bernoulli(1 - this.dropout, [...layerInput.shape], {
          generator: this.generator ?? defaultGenerator(),
          dtype: layerInput.dtype,
        });
        layerInput = layerInput.mul(keep.mul(1 / (1 - this.dropout)));
      }
    }
    let output = layerInput;
    if (batched && this.batchFirst) output = output.transpose(0, 1);
    if (!batched) output = output.squeeze(1);
    return {
      output,
      finals: finals.map((f) => {
        const s = stack(f, 0);
        return batched ? s : s.squeeze(1);
      }),
    };
  }

  override extraRepr(): string {
    const extra = [
      this.numLayers > 1 ? `numLayers=${this.numLayers}` : '',
      this.bias ? '' : 'bias=false',
      this.batchFirst ? 'batchFirst=true' : '',
      this.dropout > 0 ? `dropout=${this.dropout}` : '',
      this.bidirectional ? 'bidirectional=true' : '',
    ].filter(Boolean);
    return [`${this.inputSize}`, `${this.hiddenSize}`, ...extra].join(', ');
  }
}
