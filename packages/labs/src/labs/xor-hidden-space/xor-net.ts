/**
 * The 2-2-1 XOR network of the lab: a hidden layer of two units (tanh, or no
 * activation at all for Part 2) and one sigmoid output unit.
 */
import { noGrad, type Tensor } from '@gradlab/autograd';
import { Linear, Module } from '@gradlab/nn';
import type { Generator } from '@gradlab/tensor';

/** What the network looks like at one step of training. */
export interface Snapshot {
  step: number;
  loss: number;
  accuracy: number;
  /** Hidden activations (h1, h2) of the four inputs. */
  hidden: [number, number][];
  /** P(XOR = 1) of the four inputs. */
  output: number[];
  /** The output layer: P = σ(v1·h1 + v2·h2 + c). */
  v: [number, number];
  c: number;
  /** P(XOR = 1) at any input (x1, x2). */
  predict: (x1: number, x2: number) => number;
}

/** h = act(W·x + b) with two hidden units, ŷ = σ(v·h + c). */
export class XorNet extends Module {
  hiddenLayer: Linear;
  outputLayer: Linear;

  constructor(
    readonly activation: 'tanh' | 'none',
    generator: Generator,
  ) {
    super();
    this.hiddenLayer = new Linear(2, 2, { generator });
    this.outputLayer = new Linear(2, 1, { generator });
  }

  /** The hidden units' values for inputs `[n, 2]`. */
  hidden(x: Tensor): Tensor {
    const z = this.hiddenLayer.forward(x);
    return this.activation === 'tanh' ? z.tanh() : z;
  }

  forward(x: Tensor): Tensor {
    return this.outputLayer.forward(this.hidden(x)).sigmoid();
  }

  /** The state of the network on the inputs `x` with targets `y` (0/1), after `step` updates. */
  snapshot(step: number, x: Tensor, y: readonly number[]): Snapshot {
    return noGrad(() => {
      const h = this.hidden(x).toArray() as number[][];
      const out = Array.from(this.forward(x).dataSync());
      const [v1, v2] = Array.from(this.outputLayer.weight.dataSync());
      const c = this.outputLayer.bias!.item();
      const W = Array.from(this.hiddenLayer.weight.dataSync());
      const b = Array.from(this.hiddenLayer.bias!.dataSync());
      const act = this.activation === 'tanh' ? Math.tanh : (v: number) => v;
      const predict = (x1: number, x2: number) => {
        const h1 = act(W[0]! * x1 + W[1]! * x2 + b[0]!);
        const h2 = act(W[2]! * x1 + W[3]! * x2 + b[1]!);
        return 1 / (1 + Math.exp(-(v1! * h1 + v2! * h2 + c)));
      };
      const loss =
        -out.reduce((sum, p, i) => sum + (y[i] ? Math.log(p) : Math.log(1 - p)), 0) / out.length;
      return {
        step,
        loss,
        accuracy: out.filter((p, i) => (p > 0.5 ? 1 : 0) === y[i]).length / y.length,
        hidden: h.map((r) => [r[0]!, r[1]!] as [number, number]),
        output: out,
        v: [v1!, v2!],
        c,
        predict,
      };
    });
  }
}
