import { fitOnInputs, type TrainOnInputsOptions } from '../../lib/fit-on-inputs.js';
import type { History } from '../../lib/train.js';
import { initOutputBias, type PixelCnn, pixelNll } from './model.js';

/** Options of training: data, epochs, batch size, Adam's lr, seed (held-out `xTest` loss after every epoch). */
export type TrainPixelCnnOptions = TrainOnInputsOptions;

/**
 * Adam on the mean per-pixel BCE between the logits and the image itself —
 * −log p(x) / 784, the exact negative log-likelihood, since the masks make
 * p(x) = Π p(x_ij | earlier pixels). History losses are nats per pixel.
 */
export async function trainPixelCnn(model: PixelCnn, o: TrainPixelCnnOptions): Promise<History> {
  await initOutputBias(model, o.xTrain);
  return fitOnInputs(model, { ...o, loss: pixelNll, evalBatchSize: 250 });
}
