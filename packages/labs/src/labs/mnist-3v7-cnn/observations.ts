/** The mnist-3v7-cnn lab's "Analysis and Inferences", computed from the run's numbers. */
import type { History } from '../../lib/train.js';
import type { LabContext } from '../../runner/lab.js';
import { pct } from '../mnist-mlp/model.js';
import { accuracy } from './figures.js';
import type { InitializerName } from './model.js';

/** One initialiser's training run and its test confusion matrices. */
export interface InitRun {
  name: InitializerName;
  label: string;
  history: History;
  /** [[3→3, 3→7], [7→3, 7→7]] at threshold 0.5. */
  atHalf: number[][];
  /** The same at the lab's strict threshold. */
  atThreshold: number[][];
}

export function observeComparison(
  ctx: LabContext,
  runs: InitRun[],
  threshold: number,
  patience: number,
): void {
  const main = runs[0]!;
  const h = main.history;
  const best = h.bestEpoch - 1;
  ctx.observe(
    h.stoppedEarly
      ? `With Glorot-uniform kernels the validation loss was lowest at epoch ${h.bestEpoch} (${h.valLoss[best]!.toFixed(4)}); after ${patience} epochs without improvement early stopping ended training at epoch ${h.epoch.at(-1)} and restored the epoch-${h.bestEpoch} weights.`
      : `With Glorot-uniform kernels training used all ${h.epoch.length} epochs without ${patience} epochs in a row of no improvement; the best validation loss ${h.valLoss[best]!.toFixed(4)} came at epoch ${h.bestEpoch} and its weights were kept${h.bestEpoch === h.epoch.at(-1) ? ' (still improving: --epochs could go further)' : ''}.`,
  );
  const [m5, m9] = [main.atHalf, main.atThreshold];
  const sevens = m9[1]![0]! + m9[1]![1]!;
  const called7 = m9[0]![1]! + m9[1]![1]!;
  ctx.observe(
    `At threshold 0.5 the test accuracy is ${pct(accuracy(m5))} (${m5[0]![1]} 3s called 7, ${m5[1]![0]} 7s called 3); at ${threshold} it is ${pct(accuracy(m9))}: ${m9[0]![1]} 3s called 7 and ${m9[1]![0]} 7s called 3. The strict threshold makes a "7" verdict ${called7 > 0 ? `right ${pct(m9[1]![1]! / called7)} of the time` : 'never given'} at the cost of recognising ${pct(m9[1]![1]! / Math.max(1, sevens))} of the 7s.`,
  );
  if (runs.length < 2) return;
  const byBest = [...runs].sort(
    (a, b) =>
      a.history.valLoss[a.history.bestEpoch - 1]! - b.history.valLoss[b.history.bestEpoch - 1]!,
  );
  const first = [...runs].sort((a, b) => a.history.valLoss[0]! - b.history.valLoss[0]!);
  ctx.observe(
    `After the first epoch the validation loss was ${runs.map((r) => `${r.history.valLoss[0]!.toFixed(4)} (${r.label})`).join(', ')}: ${first[0]!.label} started fastest. The best validation losses were ${runs.map((r) => `${r.history.valLoss[r.history.bestEpoch - 1]!.toFixed(4)} at epoch ${r.history.bestEpoch} (${r.label})`).join(', ')}, so ${byBest[0]!.label} ended best and ${byBest.at(-1)!.label} worst.`,
  );
  const accs = runs.map((r) => accuracy(r.atThreshold));
  const spread = Math.max(...accs) - Math.min(...accs);
  ctx.observe(
    `Test accuracy at ${threshold}: ${runs.map((r, i) => `${pct(accs[i]!)} (${r.label})`).join(', ')} — a spread of ${(100 * spread).toFixed(2)} points. ${spread < 0.01 ? 'On this easy two-class task every initialiser reaches nearly the same accuracy once trained; they differ mainly in how fast the loss falls at the start.' : 'The initialiser changed the final accuracy noticeably on this budget.'}`,
  );
}
