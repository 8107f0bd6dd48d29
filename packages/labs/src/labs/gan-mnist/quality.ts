/**
 * Sample-quality proxies for generated digits: a small MNIST classifier (the
 * "judge") gives a classifier score — exp E_x KL(p(y|x) ‖ p(y)), the
 * Inception Score with an MNIST classifier: 1 for unrecognisable or
 * single-class samples, 10 for confident, evenly spread digits — and the class
 * mix; the distance to the nearest real training image measures how far the
 * samples are from real digits in pixel space.
 */
import { noGrad, Tensor } from '@gradlab/autograd';
import { DataLoader } from '@gradlab/datasets';
import { crossEntropy, Linear, ReLU, Sequential } from '@gradlab/nn';
import { Adam } from '@gradlab/optim';
import { Generator, type NDArray } from '@gradlab/tensor';
import { argmaxAccuracy, evaluate, fit } from '../../lib/train.js';

/** A 784-128-10 MLP trained on labelled digits in [−1, 1]. */
export async function trainJudge(
  x: NDArray,
  labels: NDArray,
  xTest: NDArray,
  yTest: NDArray,
  seed: number,
): Promise<{ judge: Sequential; testAccuracy: number }> {
  const g = new Generator(seed);
  const judge = new Sequential(
    new Linear(784, 128, { generator: g }),
    new ReLU(),
    new Linear(128, 10, { generator: g }),
  );
  const loss = (out: Tensor, y: NDArray) => crossEntropy(out, y);
  await fit({
    model: judge,
    optimizer: new Adam(judge.parameters(), { lr: 1e-3 }),
    loss,
    train: new DataLoader([x, labels], { batchSize: 64, shuffle: true, seed: seed + 1 }),
    epochs: 3,
  });
  const test = await evaluate(
    judge,
    new DataLoader([xTest, yTest], { batchSize: 1000 }),
    loss,
    argmaxAccuracy,
  );
  return { judge, testAccuracy: test.accuracy };
}

export interface SampleQuality {
  /** exp E KL(p(y|x) ‖ p(y)) under the judge, 1 … 10. */
  classifierScore: number;
  /** Mean of the judge's top class probability. */
  confidence: number;
  /** Share of samples the judge puts in each class 0–9. */
  classShare: number[];
  /** Mean Euclidean distance (pixels in [−1, 1]) to the nearest reference image. */
  nearestDistance: number;
}

/** Scores a batch of images [n, 784] in [−1, 1] against the judge and a reference set. */
export async function sampleQuality(
  judge: Sequential,
  x: NDArray,
  reference: NDArray,
): Promise<SampleQuality> {
  const probs = noGrad(() => judge.forward(new Tensor(x)).softmax(1).data);
  const [n] = x.shape as [number];
  const p = await probs.data();
  const marginal = new Array<number>(10).fill(0);
  const share = new Array<number>(10).fill(0);
  let confidence = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 0; k < 10; k++) {
      marginal[k]! += p[i * 10 + k]! / n;
      if (p[i * 10 + k]! > p[i * 10 + best]!) best = k;
    }
    share[best]! += 1 / n;
    confidence += p[i * 10 + best]! / n;
  }
  let kl = 0;
  for (let i = 0; i < n; i++)
    for (let k = 0; k < 10; k++) {
      const q = p[i * 10 + k]!;
      if (q > 0) kl += (q * Math.log(q / marginal[k]!)) / n;
    }
  return {
    classifierScore: Math.exp(kl),
    confidence,
    classShare: share,
    nearestDistance: await nearestDistance(x, reference),
  };
}

/** Mean over the rows of x of the distance to the nearest row of `reference`. */
export async function nearestDistance(x: NDArray, reference: NDArray): Promise<number> {
  // ‖a − b‖² = ‖a‖² + ‖b‖² − 2 a·b, all pairs in one product.
  const aa = x.square().sum(1, true);
  const bb = reference.square().sum(1, true).transpose(0, 1);
  const d2 = aa.add(bb).sub(x.matmul(reference.transpose(0, 1)).mul(2));
  const best = await d2.min(1).data();
  let s = 0;
  for (const v of best) s += Math.sqrt(Math.max(v, 0));
  return s / best.length;
}
