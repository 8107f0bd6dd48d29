import { Tensor } from '@gradlab/autograd';
import {
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  crossEntropy,
  Flatten,
  Linear,
  LSTM,
  Module,
  mseLoss,
  ReLU,
  Sequential,
  Sigmoid,
} from '@gradlab/nn';
import { Adam, type Optimizer, SGD } from '@gradlab/optim';
import { array, Generator, type NDArray, randint, randn } from '@gradlab/tensor';
import { type Timing, throughput } from './timing.ts';
import { LSTM_STEPS, type ModelName, type OptimizerName, type TrainCase } from './train-cases.ts';

/** LABS.md `lstm-weather`: two stacked LSTMs (50), batch first, then Dense 25 and Dense 1 on the last step. */
class StackedLstm extends Module {
  recurrent: LSTM;
  head: Sequential;
  constructor(generator: Generator) {
    super();
    this.recurrent = new LSTM(1, 50, { numLayers: 2, batchFirst: true, generator });
    this.head = new Sequential(new Linear(50, 25, { generator }), new Linear(25, 1, { generator }));
  }
  forward(x: Tensor): Tensor {
    const out = this.recurrent.forward(x);
    return this.head.forward(out.select(1, out.shape[1]! - 1));
  }
}

/** LABS.md `mnist-cnn-bn`: three Conv 5×5 'same' + BatchNorm + ReLU + AvgPool 2×2 blocks, then 576→64→10. */
function courseCnn(generator: Generator): Module {
  const block = (cin: number, cout: number) => [
    new Conv2d(cin, cout, 5, { padding: 'same', generator }),
    new BatchNorm2d(cout),
    new ReLU(),
    new AvgPool2d(2),
  ];
  return new Sequential(
    ...block(1, 32),
    ...block(32, 32),
    ...block(32, 64),
    new Flatten(),
    new Linear(576, 64, { generator }),
    new BatchNorm1d(64),
    new ReLU(),
    new Linear(64, 10, { generator }),
  );
}

/** The model of each training benchmark, built with @gradlab/nn on the active backend. */
export function buildModel(name: ModelName | 'mnist-mlp', generator: Generator): Module {
  switch (name) {
    case 'mlp':
      return new Sequential(
        new Linear(784, 128, { generator }),
        new ReLU(),
        new Linear(128, 10, { generator }),
      );
    case 'mnist-mlp':
      return new Sequential(
        new Linear(784, 128, { generator }),
        new ReLU(),
        new Linear(128, 64, { generator }),
        new ReLU(),
        new Linear(64, 10, { generator }),
      );
    case 'cnn':
      return courseCnn(generator);
    case 'lstm':
      return new StackedLstm(generator);
    case 'xor':
      return new Sequential(
        new Linear(2, 4, { generator }),
        new Sigmoid(),
        new Linear(4, 1, { generator }),
        new Sigmoid(),
      );
  }
}

export function buildOptimizer(name: OptimizerName, model: Module, lr: number): Optimizer {
  return name === 'sgd'
    ? new SGD(model.parameters(), { lr })
    : new Adam(model.parameters(), { lr });
}

/** Random inputs of the model's shape and random targets (XOR gets its real 4 rows). */
export function batchFor(c: TrainCase, generator: Generator): { x: Tensor; y: NDArray } {
  switch (c.model) {
    case 'mlp':
      return {
        x: new Tensor(randn([c.batch, 784], { generator })),
        y: randint(0, 10, [c.batch], { generator }),
      };
    case 'cnn':
      return {
        x: new Tensor(randn([c.batch, 1, 28, 28], { generator })),
        y: randint(0, 10, [c.batch], { generator }),
      };
    case 'lstm':
      return {
        x: new Tensor(randn([c.batch, LSTM_STEPS, 1], { generator })),
        y: randn([c.batch, 1], { generator }),
      };
    case 'xor':
      return {
        x: new Tensor(
          array([
            [0, 0],
            [0, 1],
            [1, 0],
            [1, 1],
          ]),
        ),
        y: array([[0], [1], [1], [0]]),
      };
  }
}

/** Seconds per training step (forward, loss, backward, optimiser step) with our packages. */
export function runOursTraining(c: TrainCase): Promise<Timing> {
  const generator = new Generator(1234);
  const model = buildModel(c.model, generator);
  model.train();
  const optimizer = buildOptimizer(c.optimizer, model, c.lr);
  const { x, y } = batchFor(c, generator);
  const loss = c.model === 'xor' || c.model === 'lstm' ? mseLoss : crossEntropy;
  let last: Tensor | undefined;
  return throughput(
    () => {
      optimizer.zeroGrad();
      last = loss(model.forward(x), y);
      last.backward();
      optimizer.step();
    },
    c.budget,
    // The CPU backends finish a step before it returns; a device is waited for by reading the loss.
    x.data.onHost ? undefined : () => last?.data.data(),
  );
}
