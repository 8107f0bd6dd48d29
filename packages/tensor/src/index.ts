export { reluBackward, sigmoidBackward, tanhBackward } from './activation-backward.js';
export type {
  Backend,
  BinaryOp,
  ReduceOp,
  Storage,
  UnaryOp,
  View,
  Window2d,
} from './backend.js';
export { lastStorageSerial, nextStorageSerial } from './backend.js';
export {
  backendByName,
  cpuBackend,
  getBackend,
  listBackends,
  registerBackend,
  setBackend,
} from './backend-registry.js';
export {
  type BatchNormGrads,
  type BatchNormResult,
  batchNormBackward,
  batchNormTrain,
} from './batch-norm.js';
export {
  type Conv2dOptions,
  type ConvTranspose2dOptions,
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  convTranspose2d,
  convTranspose2dBackward,
} from './conv.js';
export { CpuBackend } from './cpu/cpu-backend.js';
export { CpuStorage } from './cpu/cpu-storage.js';
export {
  type ArrayInput,
  arange,
  array,
  type CreateOptions,
  eye,
  full,
  fullLike,
  linspace,
  meshgrid,
  ones,
  onesLike,
  zeros,
  zerosLike,
} from './creation.js';
export { DTYPES, type DType, promoteTypes, type TypedArray } from './dtype.js';
export {
  abs,
  add,
  ceil,
  clamp,
  cos,
  div,
  eq,
  erf,
  exp,
  expm1,
  floor,
  ge,
  gt,
  le,
  leakyRelu,
  log,
  log1p,
  logicalNot,
  lt,
  maximum,
  minimum,
  mul,
  ne,
  neg,
  pow,
  reciprocal,
  relu,
  round,
  rsqrt,
  sigmoid,
  sign,
  sin,
  sqrt,
  square,
  sub,
  tanh,
  where,
} from './elementwise.js';
export { formatNDArray } from './format.js';
export { GpuBackend } from './gpu/gpu-backend.js';
export {
  createGpuBackend,
  findWebGpuAdapter,
  type GpuBackendOptions,
  type GpuMode,
  GpuUnavailableError,
  loadGpuBackend,
  type WebGpuAdapterInfo,
} from './gpu/load-gpu-backend.js';
export { gather, indexSelect, maskedSelect, oneHot, pad, scatterAdd } from './indexing.js';
export { concat, stack } from './join.js';
export { dot, eigh, matmul, outer } from './linalg.js';
export {
  type LstmCellBackward,
  type LstmCellForward,
  lstmCellBackward,
  lstmCellForward,
} from './lstm-cell.js';
export {
  broadcastTo,
  chunk,
  clone,
  contiguous,
  expand,
  flatten,
  flip,
  narrow,
  permute,
  reshape,
  select,
  slice,
  split,
  squeeze,
  transpose,
  unsqueeze,
  view,
} from './movement.js';
export { NDArray, type NestedArray, type Operand } from './ndarray.js';
export {
  type AdamStepParams,
  fusedAdamStep,
  fusedSgdStep,
  type SgdStepParams,
} from './optimizer-steps.js';
export {
  type AvgPool2dOptions,
  avgPool2d,
  avgPool2dBackward,
  maxPool2d,
  maxPool2dBackward,
  maxPool2dWithIndices,
  type Pool2dOptions,
} from './pool.js';
export { prefetch } from './prefetch.js';
export {
  bernoulli,
  defaultGenerator,
  Generator,
  manualSeed,
  normal,
  type RandomOptions,
  rand,
  randint,
  randn,
  randperm,
  shuffle,
  uniform,
} from './random.js';
export { argmax, argmin, cumsum, max, mean, min, prod, std, sum, variance } from './reduce.js';
export { broadcastShapes, type Shape, shapeStr, sizeOf } from './shape.js';
export { logSoftmax, logsumexp, softmax } from './softmax.js';
export { WasmBackend, type WasmBackendOptions, wasmSimdSupported } from './wasm/wasm-backend.js';
export type { Pair } from './window.js';
