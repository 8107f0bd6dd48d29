export { ones, rand, randn, type TensorOptions, tensor, zeros } from './creation.js';
export { sumToShape } from './engine.js';
export { isGradEnabled, noGrad } from './grad-mode.js';
export { type BackwardFn, Node, PartialGrad, type RecordOptions, record } from './node.js';
export {
  elu,
  gelu,
  leakyRelu,
  logSoftmax,
  logsumexp,
  relu,
  sigmoid,
  softmax,
  softplus,
  tanh,
} from './ops/activation.js';
export {
  abs,
  add,
  clamp,
  cos,
  div,
  exp,
  log,
  log1p,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  sin,
  sqrt,
  square,
  sub,
  whereT as where,
} from './ops/elementwise.js';
export {
  avgPool2d,
  conv2d,
  convTranspose2d,
  linear,
  matmul,
  maxPool2d,
} from './ops/linalg.js';
export {
  concat,
  flatten,
  gather,
  indexSelect,
  narrow,
  pad,
  permute,
  reshape,
  scatterAdd,
  select,
  slice,
  split,
  stack,
  transpose,
  unsqueeze,
} from './ops/movement.js';
export { type BatchNormOutput, batchNorm } from './ops/normalization.js';
export { lstmCell } from './ops/recurrent.js';
export { amax, amin, cumsum, mean, prod, std, sum, variance } from './ops/reduce.js';
export { Tensor, type TensorLike } from './tensor.js';
