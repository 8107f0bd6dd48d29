/** Observations of the GAN lab, computed from the run's numbers. */
import type { LabContext } from '../../runner/lab.js';
import type { SampleQuality } from './quality.js';
import type { GanHistory } from './train.js';
import type { VariationResult } from './variations.js';

const f = (v: number, d = 2) => v.toFixed(d);

export function observeRun(
  ctx: LabContext,
  r: {
    history: GanHistory;
    init: SampleQuality;
    final: SampleQuality;
    real: SampleQuality;
    vars: VariationResult[];
    seconds: number;
    judgeAccuracy: number;
  },
): void {
  const { history: h, init, final, real } = r;
  const n = h.epoch.length;
  const gap0 = init.nearestDistance - real.nearestDistance;
  const closed = (init.nearestDistance - final.nearestDistance) / gap0;
  ctx.observe(
    `Sample quality after ${n} epoch(s): classifier score ${f(init.classifierScore)} → ${f(final.classifierScore)} (real test digits: ${f(real.classifierScore)}; judge accuracy ${(100 * r.judgeAccuracy).toFixed(1)} %), distance to the nearest training image ${f(init.nearestDistance)} → ${f(final.nearestDistance)} (real digits: ${f(real.nearestDistance)}) — the generator closed ${(100 * closed).toFixed(0)} % of the pixel-space gap between its untrained output and real digits.`,
  );
  const top = Math.max(...final.classShare);
  const topDigit = final.classShare.indexOf(top);
  const present = final.classShare.filter((s) => s >= 0.02).length;
  if (final.confidence >= 0.6)
    ctx.observe(
      `Mode coverage: the judge finds ${present} of the 10 digits among the samples (≥ 2 % each); the most common is ${topDigit} with ${(100 * top).toFixed(0)} %${top > 0.4 ? ' — a sign of partial mode collapse: G found a few digits that fool D and keeps producing them' : top < 0.2 ? ', close to the 10 % of a balanced set' : ''}.`,
    );
  else
    ctx.observe(
      `The judge is unsure about the samples (mean top-class probability ${f(final.confidence)}, real digits ${f(real.confidence)}): they are not yet recognisable digits, so the class shares say nothing about mode coverage yet — the pixel distance is the better progress measure at this stage.`,
    );
  const dl = h.dLoss.at(-1)!;
  const gl = h.gLoss.at(-1)!;
  const dr = h.dReal.at(-1)!;
  const df = h.dFake.at(-1)!;
  ctx.observe(
    `Final epoch: D loss ${f(dl, 3)} (equilibrium 2 ln 2 = 1.386), G loss ${f(gl, 3)} (−ln 0.5 = 0.693 at equilibrium), D(x) ${f(dr)} and D(G(z)) ${f(df)}. ${dl < 0.1 ? 'D wins outright (its loss near 0): G gets vanishing feedback — the game has collapsed.' : dr - df > 0.3 ? 'D separates real from generated images clearly: G is behind but still getting a useful gradient.' : 'Neither player dominates: the losses stay in the contested range instead of running to 0 or diverging.'} Unlike a classifier’s loss, neither curve should fall steadily: each player’s loss is the other’s progress.`,
  );
  const minG = h.gLoss.indexOf(Math.min(...h.gLoss));
  ctx.observe(
    `Over the epochs G’s loss ranged ${f(Math.min(...h.gLoss), 3)}–${f(Math.max(...h.gLoss), 3)} (lowest in epoch ${minG + 1}) and D’s ${f(Math.min(...h.dLoss), 3)}–${f(Math.max(...h.dLoss), 3)}; the sample quality proxies, not the losses, show whether the images improved.`,
  );
  const base = r.vars.find((v) => v.factor === 'baseline')!;
  const best = r.vars.reduce((a, b) =>
    b.quality.classifierScore > a.quality.classifierScore ? b : a,
  );
  const worst = r.vars.reduce((a, b) =>
    b.quality.classifierScore < a.quality.classifierScore ? b : a,
  );
  const desc = (v: VariationResult) =>
    `score ${f(v.quality.classifierScore)}, distance ${f(v.quality.nearestDistance)}, ${v.steps} step${v.steps === 1 ? '' : 's'}`;
  ctx.observe(
    `Part 2 (same epochs and images each): baseline ${desc(base)}; best by classifier score ${best.label} (${desc(best)}); worst ${worst.label} (${desc(worst)}). Batch size changes the number of updates as well as their noise: ${r.vars
      .filter((v) => v.factor === 'batch size')
      .map((v) => `${v.label} makes ${v.steps} updates`)
      .join(', ')} against the baseline's ${base.steps}.`,
  );
  ctx.log(
    `Summary: classifier score ${f(init.classifierScore)} → ${f(final.classifierScore)} (real ${f(real.classifierScore)}), nearest distance ${f(init.nearestDistance)} → ${f(final.nearestDistance)} (real ${f(real.nearestDistance)}); D loss ${f(dl, 3)}, G loss ${f(gl, 3)}; trained in ${(r.seconds / 60).toFixed(1)} min; best variation ${best.label}`,
  );
}
