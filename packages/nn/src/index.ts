export {
  calculateFanInAndFanOut,
  calculateGain,
  constant_,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  type InitOptions,
  type KaimingOptions,
  kaimingNormal_,
  kaimingUniform_,
  normal_,
  ones_,
  randomNormal,
  randomUniform,
  uniform_,
  xavierNormal_,
  xavierUniform_,
  zeros_,
} from './init.js';
export {
  ELU,
  GELU,
  LeakyReLU,
  LogSoftmax,
  ReLU,
  Sigmoid,
  Softmax,
  Tanh,
} from './layers/activations.js';
export { BatchNorm1d, BatchNorm2d, type BatchNormOptions } from './layers/batch-norm.js';
export { ModuleList, Sequential } from './layers/containers.js';
export { ConvTranspose2d, type ConvTranspose2dLayerOptions } from './layers/conv-transpose2d.js';
export { Conv2d, type Conv2dLayerOptions } from './layers/conv2d.js';
export { Dropout } from './layers/dropout.js';
export { Embedding, type EmbeddingOptions } from './layers/embedding.js';
export { Flatten, Unflatten } from './layers/flatten.js';
export { GRU } from './layers/gru.js';
export { Linear, type LinearOptions } from './layers/linear.js';
export { LSTM } from './layers/lstm.js';
export { type MadeMaskOptions, type MadeMasks, madeMasks } from './layers/made-masks.js';
export { MaskedConv2d, type MaskedConv2dOptions, pixelCnnMask } from './layers/masked-conv2d.js';
export { MaskedLinear } from './layers/masked-linear.js';
export { AvgPool2d, MaxPool2d } from './layers/pooling.js';
export { RecurrentBase, type RecurrentOptions } from './layers/recurrent-base.js';
export { RNN, type RNNOptions } from './layers/rnn.js';
export {
  BCELoss,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  HuberLoss,
  L1Loss,
  MSELoss,
  NLLLoss,
} from './loss-modules.js';
export {
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
export { checkInput, Module, type StateDict } from './module.js';
export { Parameter } from './parameter.js';
export { decodeSafetensors, encodeSafetensors } from './safetensors.js';
export { loadModule, loadSafetensors, saveModule, saveSafetensors } from './save-load.js';
export { type ModelSummary, type SummaryRow, summary } from './summary.js';
