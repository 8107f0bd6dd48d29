/** Training a PixelCNN on the exact NLL (per-pixel BCE with logits). */
import type { NDArray } from '@gradlab/tensor';
import { fitOnInputs } from '../../lib/fit-on-inputs.js';
import type { History } from '../../lib/train.js';
import type { ProgressHandle } from '../../runner/lab.js';
import { initOutputBias, type PixelCnn, pixelNll } from './model.js';

export interface TrainPixelCnnOptions {
  xTrain: NDArray;
  xTest: NDArray;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  progress?: (label: string, total: number) => ProgressHandle;
}

/**
 * Adam on the mean per-pixel BCE between the logits and the image itself —
 * −log p(x) / 784, the exact negative log-likelihood, since the masks make
 * p(x) = Π p(x_ij | earlier pixels). History losses are nats per pixel.
 */
export function trainPixelCnn(model: PixelCnn, o: TrainPixelCnnOptions): History {
  initOutputBias(model, o.xTrain);
  return fitOnInputs(model, { ...o, loss: pixelNll, evalBatchSize: 250 });
}
