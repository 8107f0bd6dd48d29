import type { Tensor, TensorLike } from '@gradlab/autograd';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  type CrossEntropyOptions,
  crossEntropy,
  huberLoss,
  l1Loss,
  mseLoss,
  type NllOptions,
  nllLoss,
  type Reduction,
} from './losses.js';
import { Module } from './module.js';

/** A loss as a module: `forward(input, target)`. */
abstract class Loss extends Module {
  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

export class MSELoss extends Loss {
  constructor(readonly reduction: Reduction = 'mean') {
    super();
  }
  forward(input: Tensor, target: TensorLike): Tensor {
    return mseLoss(input, target, this.reduction);
  }
}

export class L1Loss extends Loss {
  constructor(readonly reduction: Reduction = 'mean') {
    super();
  }
  forward(input: Tensor, target: TensorLike): Tensor {
    return l1Loss(input, target, this.reduction);
  }
}

export class HuberLoss extends Loss {
  constructor(readonly options: { delta?: number; reduction?: Reduction } = {}) {
    super();
  }
  forward(input: Tensor, target: TensorLike): Tensor {
    return huberLoss(input, target, this.options.delta ?? 1, this.options.reduction ?? 'mean');
  }
}

export class BCELoss extends Loss {
  constructor(readonly options: { weight?: TensorLike; reduction?: Reduction } = {}) {
    super();
  }
  forward(input: Tensor, target: TensorLike): Tensor {
    return binaryCrossEntropy(input, target, this.options);
  }
}

export class BCEWithLogitsLoss extends Loss {
  constructor(
    readonly options: { weight?: TensorLike; posWeight?: TensorLike; reduction?: Reduction } = {},
  ) {
    super();
  }
  forward(input: Tensor, target: TensorLike): Tensor {
    return binaryCrossEntropyWithLogits(input, target, this.options);
  }
}

export class CrossEntropyLoss extends Loss {
  constructor(readonly options: CrossEntropyOptions = {}) {
    super();
  }
  forward(input: Tensor, target: TensorLike): Tensor {
    return crossEntropy(input, target, this.options);
  }
}

export class NLLLoss extends Loss {
  constructor(readonly options: NllOptions = {}) {
    super();
  }
  forward(input: Tensor, target: TensorLike): Tensor {
    return nllLoss(input, target, this.options);
  }
}
