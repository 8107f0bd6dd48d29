/** The "Analysis and Inferences" of the cifar10-convnet lab, from the run's numbers. */
import { confusionCounts } from '@gradlab/viz';
import type { Classification } from '../../lib/classify.js';
import type { History } from '../../lib/train.js';
import type { LabContext } from '../../runner/lab.js';
import { pct } from '../mnist-mlp/model.js';

export interface CifarRun {
  history: History;
  result: Classification;
  labels: Int32Array;
  classes: readonly string[];
  exactAcc: number;
  nExact: number;
  quick: boolean;
}

/** 'a ship', 'an airplane'. */
const article = (noun: string) => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;

export function cifarObservations(ctx: LabContext, r: CifarRun): void {
  const h = r.history;
  const last = h.epoch.length - 1;
  const n = r.labels.length;
  ctx.observe(
    `After ${h.epoch.length} epochs the network classifies ${pct(r.result.accuracy)} of the ${n} test images correctly (chance: 10 %)${r.quick ? ' — a --quick run on a small subset' : ''}; on the exact records 0–${r.nExact - 1} alone it scores ${pct(r.exactAcc)} (${(100 * (r.exactAcc - r.result.accuracy)).toFixed(1)} points ${r.exactAcc >= r.result.accuracy ? 'higher' : 'lower'}${n > r.nExact ? '; records 1000–9999 of the shared copy went through a lossy JPEG round trip' : ''}).`,
  );
  const bestAcc = Math.max(...h.valAccuracy);
  const bestAccEpoch = h.epoch[h.valAccuracy.indexOf(bestAcc)]!;
  const gap = h.trainAccuracy[last]! - h.valAccuracy[last]!;
  const rising = h.valLoss[last]! > Math.min(...h.valLoss) * 1.05;
  ctx.observe(
    `The training loss fell from ${h.trainLoss[0]!.toFixed(3)} to ${h.trainLoss[last]!.toFixed(3)} and the training accuracy rose from ${pct(h.trainAccuracy[0]!)} to ${pct(h.trainAccuracy[last]!)}. The test loss on records 0–${r.nExact - 1} was lowest after epoch ${h.bestEpoch} (${Math.min(...h.valLoss).toFixed(3)}) and the test accuracy highest after epoch ${bestAccEpoch} (${pct(bestAcc)}); the final train–test gap is ${(100 * gap).toFixed(1)} points${gap > 0.1 || rising ? `, and ${rising ? 'the test loss has risen again since its minimum: the network is overfitting the training images (data augmentation, dropout or early stopping would help)' : 'the network fits the training images much better than new ones: it has begun to overfit'}` : ', so it is not overfitting much yet'}.`,
  );
  const counts = confusionCounts(r.labels, r.result.predicted, 10);
  const recall = counts.map(
    (row, t) =>
      row[t]! /
      Math.max(
        1,
        row.reduce((a, b) => a + b, 0),
      ),
  );
  let worst = { t: 0, p: 0, n: 0 };
  counts.forEach((row, t) => {
    row.forEach((c, p) => {
      if (t !== p && c > worst.n) worst = { t, p, n: c };
    });
  });
  const hardest = recall.indexOf(Math.min(...recall));
  const easiest = recall.indexOf(Math.max(...recall));
  ctx.observe(
    `Per-class accuracy ranges from ${pct(recall[hardest]!)} for ${r.classes[hardest]} to ${pct(recall[easiest]!)} for ${r.classes[easiest]}; the most frequent confusion is ${article(r.classes[worst.t]!)} taken for ${article(r.classes[worst.p]!)} (${worst.n} times).`,
  );
  const secs = h.seconds.reduce((a, b) => a + b, 0);
  ctx.observe(
    `Training took ${secs.toFixed(0)} s (${(secs / h.epoch.length).toFixed(1)} s per epoch).`,
  );
}
