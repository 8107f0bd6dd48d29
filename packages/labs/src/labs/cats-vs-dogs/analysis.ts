/** The "Analysis and Inferences" of the cats-vs-dogs lab, from the run's numbers. */
import type { Classification } from '../../lib/classify.js';
import type { History } from '../../lib/train.js';
import type { LabContext } from '../../runner/lab.js';
import { pct } from '../mnist-mlp/model.js';

export interface CatsDogsRun {
  history: History;
  result: Classification;
  labels: Int32Array;
  classes: readonly string[];
  majority: number;
  quick: boolean;
}

export function catsDogsObservations(ctx: LabContext, r: CatsDogsRun): void {
  const h = r.history;
  const last = h.epoch.length - 1;
  const acc = r.result.accuracy;
  ctx.observe(
    `The network classifies ${pct(acc)} of the ${r.labels.length} test images correctly, ${(100 * (acc - r.majority)).toFixed(1)} points ${acc >= r.majority ? 'above' : 'below'} always answering the larger class (${pct(r.majority)})${r.quick ? ' — a --quick run on a small subset' : ''}.`,
  );
  const gap = h.trainAccuracy[last]! - acc;
  const minTest = Math.min(...h.valLoss);
  const minEpoch = h.epoch[h.valLoss.indexOf(minTest)]!;
  ctx.observe(
    `Training accuracy rose from ${pct(h.trainAccuracy[0]!)} in epoch 1 to ${pct(h.trainAccuracy[last]!)} (loss ${h.trainLoss[0]!.toFixed(3)} → ${h.trainLoss[last]!.toFixed(3)}); the test loss was lowest after epoch ${minEpoch} (${minTest.toFixed(3)}) and ended at ${h.valLoss[last]!.toFixed(3)}. ${gap > 0.15 ? `The ${(100 * gap).toFixed(0)}-point gap between training and test accuracy shows the network memorising its training photos: with few images, data augmentation, dropout or stopping near epoch ${minEpoch} would help.` : `The train–test gap is ${(100 * gap).toFixed(1)} points, so the network is not yet overfitting much.`}`,
  );
  const recall = r.classes.map((_, c) => {
    let n = 0;
    let right = 0;
    r.labels.forEach((l, i) => {
      if (l === c) {
        n++;
        if (r.result.predicted[i] === c) right++;
      }
    });
    return right / Math.max(1, n);
  });
  ctx.observe(
    `Per class: ${r.classes.map((c, i) => `${pct(recall[i]!)} of the ${c}s`).join(' and ')} are recognised${Math.abs(recall[0]! - recall[1]!) > 0.15 ? `; the network leans towards answering ${recall[0]! > recall[1]! ? r.classes[0] : r.classes[1]}` : ''}.`,
  );
  const secs = h.seconds.reduce((a, b) => a + b, 0);
  ctx.observe(
    `Training took ${secs.toFixed(0)} s (${(secs / h.epoch.length).toFixed(1)} s per epoch).`,
  );
}
