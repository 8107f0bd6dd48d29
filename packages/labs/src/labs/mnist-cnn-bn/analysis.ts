/** The mnist-cnn-bn lab's "Analysis and Inferences", computed from the run's numbers. */
import { confusionCounts } from '@gradlab/viz';
import type { History } from '../../lib/train.js';
import type { LabContext } from '../../runner/lab.js';
import { pct } from '../mnist-mlp/model.js';

/** Over/underfitting verdict from the last epoch's gaps and the test-loss trend. */
export function fitVerdict(h: History): { verdict: string; reason: string } {
  const last = h.epoch.length - 1;
  const accGap = h.trainAccuracy[last]! - h.valAccuracy[last]!;
  const lossRatio = h.valLoss[last]! / h.trainLoss[last]!;
  const minLoss = Math.min(...h.valLoss);
  const minAt = h.valLoss.indexOf(minLoss);
  const rise = h.valLoss[last]! / minLoss - 1;
  if (minAt < last && rise > 0.1 && h.trainLoss[last]! < h.trainLoss[minAt]!) {
    return {
      verdict: 'overfitting',
      reason: `the test loss was lowest at epoch ${h.epoch[minAt]} (${minLoss.toFixed(4)}) and has since risen ${(100 * rise).toFixed(0)} % while the training loss kept falling`,
    };
  }
  if (accGap > 0.01 || lossRatio > 2) {
    return {
      verdict: 'beginning to overfit',
      reason: `training accuracy is ${(100 * accGap).toFixed(2)} points above test accuracy and the test loss is ${lossRatio.toFixed(1)}× the training loss`,
    };
  }
  if (h.trainAccuracy[last]! < 0.98) {
    return {
      verdict: 'underfitting',
      reason: `even the training accuracy is only ${pct(h.trainAccuracy[last]!)}: the network has not yet fitted the training data, so more epochs or a higher learning rate would help`,
    };
  }
  return {
    verdict: 'neither over- nor underfitting',
    reason: `training and test accuracy are within ${(100 * Math.abs(accGap)).toFixed(2)} points of each other (test loss ${lossRatio.toFixed(2)}× the training loss) and both are high`,
  };
}

export function observeFit(
  ctx: LabContext,
  h: History,
  testAcc: number,
  predicted: ArrayLike<number>,
  labels: ArrayLike<number>,
  nTrain: number,
): void {
  const last = h.epoch.length - 1;
  const n = labels.length;
  ctx.observe(
    `After ${h.epoch.length} epoch${h.epoch.length === 1 ? '' : 's'} the network classifies ${pct(testAcc)} of the ${n} test images correctly (${Math.round((1 - testAcc) * n)} mistakes), ${testAcc >= 0.99 ? 'meeting' : 'short of'} the 99 % target${ctx.config.quick ? ' (a --quick run on a small subset, where 99 % is not expected)' : ''}; after the first epoch it was already at ${pct(h.valAccuracy[0]!)}.`,
  );
  const { verdict, reason } = fitVerdict(h);
  ctx.metric('fit_verdict', verdict);
  ctx.observe(
    `Over/underfitting: the model is ${verdict} — ${reason}. Final training loss ${h.trainLoss[last]!.toFixed(4)} (accuracy ${pct(h.trainAccuracy[last]!)}), test loss ${h.valLoss[last]!.toFixed(4)} (accuracy ${pct(h.valAccuracy[last]!)}). The training figures are averages over each epoch while the weights still changed and BatchNorm used batch statistics, so they trail the end-of-epoch test figures a little.`,
  );
  if (h.epoch.length > 1) {
    const gains = h.valAccuracy.slice(1).map((a, i) => a - h.valAccuracy[i]!);
    const lastGain = gains.at(-1)!;
    ctx.observe(
      `The learning rate fell from ${h.lr[0]!.toExponential(1)} to ${h.lr[last]!.toExponential(1)}; the last epoch changed the test accuracy by ${lastGain >= 0 ? '+' : ''}${(100 * lastGain).toFixed(2)} points, ${Math.abs(lastGain) < 0.001 ? 'so training has converged and more epochs would add little' : lastGain > 0 ? 'so it was still improving and --epochs could take it further' : 'a small dip from the noise of the last updates'}.`,
    );
  }
  const counts = confusionCounts(labels, predicted, 10);
  let worst = { t: 0, p: 0, n: 0 };
  counts.forEach((row, t) => {
    row.forEach((c, p) => {
      if (t !== p && c > worst.n) worst = { t, p, n: c };
    });
  });
  const recall = counts.map(
    (row, t) =>
      row[t]! /
      Math.max(
        1,
        row.reduce((a, b) => a + b, 0),
      ),
  );
  const hardest = recall.indexOf(Math.min(...recall));
  if (worst.n > 0)
    ctx.observe(
      `The most frequent mistake is a ${worst.t} read as ${worst.p} (${worst.n} times); the hardest digit is ${hardest} (recall ${pct(recall[hardest]!)}).`,
    );
  const seconds = h.seconds.reduce((a, b) => a + b, 0);
  ctx.observe(
    `Training took ${(seconds / h.epoch.length).toFixed(0)} s per epoch (${Math.round((nTrain * h.epoch.length) / seconds)} images/s on the ${ctx.config.backend} backend).`,
  );
}
