import type { Tensor } from '@gradlab/autograd';
import { checkInput, Module } from '../module.js';

export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return checkInput('ReLU', x).relu();
  }
}

export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }
  forward(x: Tensor): Tensor {
    return checkInput('LeakyReLU', x).leakyRelu(this.negativeSlope);
  }
  override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return checkInput('Tanh', x).tanh();
  }
}

export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return checkInput('Sigmoid', x).sigmoid();
  }
}

export class GELU extends Module {
  forward(x: Tensor): Tensor {
    return checkInput('GELU', x).gelu();
  }
}

export class ELU extends Module {
  constructor(readonly alpha = 1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return checkInput('ELU', x).elu(this.alpha);
  }
}

export class Softmax extends Module {
  constructor(readonly dim = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return checkInput('Softmax', x).softmax(this.dim);
  }
}

export class LogSoftmax extends Module {
  constructor(readonly dim = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return checkInput('LogSoftmax', x).logSoftmax(this.dim);
  }
}
