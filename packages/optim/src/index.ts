export { Adagrad, type AdagradOptions } from './adagrad.js';
export { Adam, type AdamOptions } from './adam.js';
export { AdamW } from './adamw.js';
export { type ClipGradNormOptions, clipGradNorm } from './clip-grad-norm.js';
export { clipGradValue } from './clip-grad-value.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './cosine-annealing-lr.js';
export { EarlyStopping, type EarlyStoppingOptions, type StatefulModel } from './early-stopping.js';
export { ExponentialLR, type ExponentialLROptions } from './exponential-lr.js';
export { LRScheduler, type SchedulerStateDict } from './lr-scheduler.js';
export {
  type HyperParams,
  Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupInput,
  type ParamState,
  type Params,
} from './optimizer.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export { SGD, type SGDOptions } from './sgd.js';
export { StepLR, type StepLROptions } from './step-lr.js';
