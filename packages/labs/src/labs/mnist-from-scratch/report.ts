/** The mnist-from-scratch lab's summary table, comparison figures and observations. */
import type { NDArray } from '@gradlab/tensor';
import type { LabContext } from '../../runner/lab.js';
import { comparisonFigure, mistakesFigure } from './figures.js';
import { type Activation, forward, type Network, parameterCount } from './network.js';
import type { ScratchHistory } from './train-scratch.js';

/** One network of the lab. */
export interface ModelSpec {
  key: string;
  name: string;
  sizes: readonly number[];
  activation: Activation;
  /** Test accuracy the course's original reached. */
  reference: number;
}

/** A trained network and its record. */
export interface Trained {
  model: ModelSpec;
  net: Network;
  history: ScratchHistory;
  seconds: number;
}

/** A fraction as a percentage string. */
export const pct = (v: number, digits = 1) => (100 * v).toFixed(digits);
/** Four decimals, as a number. */
export const round = (v: number) => Number(v.toFixed(4));

/** Pearson correlation of two equally long arrays. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** The summary table, the comparison and mistakes figures, and the observations on all networks. */
export async function report(
  ctx: LabContext,
  trained: Trained[],
  heading: string,
  data: { xTest: NDArray; yTest: NDArray },
): Promise<void> {
  ctx.table(
    `${trained.length === 1 ? 'The network' : `The ${trained.length} networks`}, ${heading}`,
    trained.map(({ model, net, history }) => {
      const best = Math.max(...history.testAccuracy);
      const t = history.seconds.reduce((a, b) => a + b, 0);
      return {
        network: model.name,
        parameters: parameterCount(net),
        'train acc (%)': Number(pct(history.trainAccuracy.at(-1)!, 2)),
        'test acc (%)': Number(pct(history.testAccuracy.at(-1)!, 2)),
        'best test acc (%) (epoch)': `${pct(best, 2)} (${history.testAccuracy.indexOf(best) + 1})`,
        'test loss': round(history.testLoss.at(-1)!),
        'original (%)': model.reference * 100,
        'training time (s)': Number(t.toFixed(1)),
        's / epoch': Number((t / history.seconds.length).toFixed(2)),
      };
    }),
  );
  if (trained.length > 1)
    ctx.figure(
      'test-accuracy',
      comparisonFigure(
        trained.map((t) => ({ name: t.model.name, history: t.history })),
        `Test accuracy per epoch — ${heading}`,
      ),
      'Test accuracy of the three networks per epoch, trained with the same learning rate, batch size and batch order.',
    );
  const best = trained.reduce((a, b) =>
    a.history.testAccuracy.at(-1)! >= b.history.testAccuracy.at(-1)! ? a : b,
  );
  const predicted = await forward(
    best.net,
    data.xTest.narrow(0, 0, Math.min(2000, data.xTest.shape[0]!)),
  )
    .logits.argmax(1)
    .data();
  const mistakes = mistakesFigure(data.xTest, predicted, data.yTest.dataSync());
  if (mistakes.shown > 0)
    ctx.figure(
      'misclassified',
      mistakes.svg,
      `The first ${mistakes.shown} test images that ${best.model.name} (the most accurate network here) gets wrong, with its prediction and the true label.`,
    );

  for (const { model, history, seconds } of trained) {
    const acc = history.testAccuracy.at(-1)!;
    const bestAcc = Math.max(...history.testAccuracy);
    const gap = history.trainAccuracy.at(-1)! - acc;
    const minLoss = Math.min(...history.testLoss);
    const minEpoch = history.testLoss.indexOf(minLoss) + 1;
    const rose = history.testLoss.at(-1)! > 1.05 * minLoss;
    const epochs = history.testAccuracy.length;
    const epochsRun =
      epochs === 1
        ? '1 epoch ('
        : `${epochs} epochs (best ${pct(bestAcc, 2)} % at epoch ${history.testAccuracy.indexOf(bestAcc) + 1}; `;
    const lossText =
      epochs === 1
        ? `The mean training loss over the epoch was ${history.trainLoss[0]!.toFixed(3)}`
        : `The training loss fell from ${history.trainLoss[0]!.toFixed(3)} in epoch 1 to ${history.trainLoss.at(-1)!.toFixed(3)}`;
    ctx.observe(
      `${model.name}: test accuracy ${pct(acc, 2)} % after ${epochsRun}the original reached ≈ ${model.reference * 100} %). ${lossText}; train − test accuracy is ${(100 * gap).toFixed(2)} points. ${rose ? `The test loss was lowest at epoch ${minEpoch} (${minLoss.toFixed(3)}) and rose to ${history.testLoss.at(-1)!.toFixed(3)}: the network is overfitting the training set (more confident on it, not more accurate on new digits).` : `The test loss was still at or near its lowest at the end (${minLoss.toFixed(3)}, epoch ${minEpoch}): no sign of overfitting yet.`} Training took ${seconds.toFixed(1)} s.`,
    );
  }
  const relu = trained.find((t) => t.model.key === 'mlp_relu');
  const sig = trained.find((t) => t.model.key === 'mlp_sigmoid');
  if (relu && sig) {
    const r1 = relu.history.testAccuracy[0]!;
    const s1 = sig.history.testAccuracy[0]!;
    ctx.observe(
      `After one epoch the ReLU MLP reached ${pct(r1)} % test accuracy and the sigmoid MLP ${pct(s1)} %: ${r1 > s1 ? 'ReLU learns faster — its derivative is 1 for active units, while σ′ is at most 0.25 and shrinks the gradients reaching the first layer' : 'here the sigmoid network kept up with ReLU in the first epoch'}; at the end the gap is ${(100 * (relu.history.testAccuracy.at(-1)! - sig.history.testAccuracy.at(-1)!)).toFixed(2)} points.`,
    );
  }
  const lin = trained.find((t) => t.model.key === 'linear');
  if (lin && relu) {
    const eLin = 1 - lin.history.testAccuracy.at(-1)!;
    const eRelu = 1 - relu.history.testAccuracy.at(-1)!;
    ctx.observe(
      eRelu < eLin
        ? `One hidden layer of 128 ReLU units cuts the test error from ${pct(eLin, 2)} % (linear) to ${pct(eRelu, 2)} % (${(eLin / eRelu).toFixed(1)}× fewer mistakes): the linear model can only match one template per digit.`
        : `After ${lin.history.testAccuracy.length} epochs the ReLU MLP (test error ${pct(eRelu, 2)} %) has not yet overtaken the linear model (${pct(eLin, 2)} %): its ${parameterCount(relu.net)} parameters need more updates than the linear model's ${parameterCount(lin.net)}.`,
    );
  }
}

/** Correlates each template with its digit's mean training image (a derived check of the picture). */
export function observeTemplates(
  ctx: LabContext,
  weight: NDArray,
  images: NDArray,
  labels: NDArray,
  testImages: NDArray,
): void {
  const w = weight.contiguous().dataSync();
  const px = images.contiguous().dataSync();
  const y = labels.dataSync();
  const rs: number[] = [];
  for (let k = 0; k < 10; k++) {
    const mean = new Float64Array(784);
    let count = 0;
    for (let i = 0; i < y.length; i++) {
      if (y[i] !== k) continue;
      count++;
      for (let p = 0; p < 784; p++) mean[p]! += px[i * 784 + p]!;
    }
    const template = Array.from({ length: 784 }, (_, p) => w[p * 10 + k]!);
    rs.push(count ? correlation(template, mean) : Number.NaN);
  }
  const mean = rs.reduce((a, b) => a + b, 0) / rs.length;
  ctx.metric('template_correlation_min', Number(Math.min(...rs).toFixed(3)));
  ctx.metric('template_correlation_mean', Number(mean.toFixed(3)));
  const lo = rs.indexOf(Math.min(...rs));
  const hi = rs.indexOf(Math.max(...rs));
  ctx.observe(
    `Each linear template correlates with its digit's mean training image (Pearson r from ${rs[lo]!.toFixed(2)} for ${lo} to ${rs[hi]!.toFixed(2)} for ${hi}, mean ${mean.toFixed(2)}): the weights are a blurred picture of the digit, with negative weight where other digits put ink.`,
  );
  // Pixels that are 0 in every training image never get a gradient (dW = xᵀ·dz), so they keep their initial values.
  const blank: number[] = [];
  for (let p = 0; p < 784; p++) {
    let ink = false;
    for (let i = 0; i < y.length && !ink; i++) ink = px[i * 784 + p]! > 0;
    if (!ink) blank.push(p);
  }
  if (blank.length > 0) {
    const wb = blank.flatMap((p) => Array.from({ length: 10 }, (_, k) => w[p * 10 + k]!));
    const sd = Math.sqrt(wb.reduce((a, v) => a + v * v, 0) / wb.length);
    const tp = testImages.contiguous().dataSync();
    const nTest = testImages.shape[0]!;
    let touched = 0;
    for (let i = 0; i < nTest; i++) if (blank.some((p) => tp[i * 784 + p]! > 0)) touched++;
    const edge = blank.filter((p) => {
      const [r, c] = [Math.floor(p / 28), p % 28];
      return Math.min(r, c, 27 - r, 27 - c) < 4;
    }).length;
    ctx.metric('never_inked_pixels', blank.length);
    ctx.observe(
      `${blank.length} of the 784 pixels (${edge} of them within 4 pixels of the edge) are 0 in every training image used, so their weights never receive a gradient (dW = xᵀ·dz) and keep their He initialisation: their standard deviation is ${sd.toFixed(4)} against √(2/784) = ${Math.sqrt(2 / 784).toFixed(4)}. That is the speckle around the templates. It costs little: only ${touched} of the ${nTest} test images put any ink on those pixels.`,
    );
  }
}
