import type { Module } from '@gradlab/nn';
import { NDArray } from '@gradlab/tensor';
import { fitOnInputs, type TrainOnInputsOptions } from '../../lib/fit-on-inputs.js';
import type { History } from '../../lib/train.js';
import { type ArModel, meanNll, nllLoss } from './models.js';

/** Options of training: data, epochs, batch size, Adam's lr, seed (held-out `xTest` loss after every epoch). */
export type TrainArOptions = TrainOnInputsOptions;

export interface TrainArResult {
  history: History;
  /** Held-out mean NLL in nats after the last epoch. */
  testNll: number;
  /** Training-set mean NLL in nats after the last epoch (at most 5 000 rows). */
  trainNll: number;
  seconds: number;
}

/** Trainable parameters of a module. */
export const parameterCount = (m: Module): number =>
  m.parameters().reduce((n, p) => n + p.data.size, 0);

/**
 * Sets the output biases to the log-odds of each variable's training
 * frequency, so training starts from the independent Bernoulli model instead
 * of from random conditionals (the usual initialisation for NADE/MADE).
 */
export async function initOutputBias(model: ArModel, x: NDArray): Promise<void> {
  const n = x.shape[0]!;
  const logits = Float32Array.from(await x.sum(0).data(), (s) => {
    const p = (s + 1) / (n + 2);
    return Math.log(p / (1 - p));
  });
  const params = model.namedParameters();
  const out = params.find(([k]) => k === 'b') ?? params.at(-1)!;
  if (out[1].data.size !== logits.length)
    throw new Error(`initOutputBias: ${out[0]} is not the output bias`);
  out[1].data.copy_(NDArray.fromTypedArray(logits, [logits.length]));
}

/** Minimises the mean −log p(x) in nats of the training rows; measures held-out NLL per epoch. */
export async function trainAr(model: ArModel, o: TrainArOptions): Promise<TrainArResult> {
  await initOutputBias(model, o.xTrain);
  const t0 = performance.now();
  const history = await fitOnInputs(model, {
    ...o,
    loss: (out, x) => nllLoss(out, x),
    evalBatchSize: 500,
  });
  const seconds = (performance.now() - t0) / 1000;
  const nTr = Math.min(o.xTrain.shape[0]!, 5000);
  return {
    history,
    testNll: await meanNll(model, o.xTest),
    trainNll: await meanNll(model, o.xTrain.slice(0, 0, nTr).contiguous()),
    seconds,
  };
}
