/**
 * The GAN training loop: per batch, one discriminator step on real images
 * (label 1) and generated ones (label 0), then one generator step with the
 * non-saturating loss −log D(G(z)) (BCE against label 1). Adam for both.
 */
import { Tensor } from '@gradlab/autograd';
import { DataLoader } from '@gradlab/datasets';
import { binaryCrossEntropy, type Sequential } from '@gradlab/nn';
import { Adam } from '@gradlab/optim';
import { Generator, type NDArray, ones, prefetch, zeros } from '@gradlab/tensor';
import { readScalars } from '../../lib/train.js';
import type { ProgressHandle } from '../../runner/lab.js';
import { buildDiscriminator, buildGenerator, type GanSpec, generate, noise } from './models.js';

export interface GanHistory {
  epoch: number[];
  /** Mean discriminator loss (real + fake BCE) per epoch. */
  dLoss: number[];
  /** Mean generator loss −log D(G(z)) per epoch. */
  gLoss: number[];
  /** Mean D(x) on real and D(G(z)) on generated images per epoch. */
  dReal: number[];
  dFake: number[];
  seconds: number[];
  /** G(fixed noise) after each epoch, [n, 784] in [−1, 1]. */
  snapshots: NDArray[];
}

export interface TrainGanOptions {
  spec: GanSpec;
  /** Training images [N, 784] in [−1, 1]. */
  x: NDArray;
  epochs: number;
  batchSize: number;
  lr: number;
  /** Adam's β1 (0.5 for GANs, after Radford et al. 2015). */
  beta1: number;
  seed: number;
  /** Noise vectors whose images are kept after every epoch. */
  fixedNoise: NDArray;
  progress?: (label: string, total: number) => ProgressHandle;
  /** Called with the untrained generator, then after every epoch. */
  onStart?: (generator: Sequential) => void | Promise<void>;
  onEpochEnd?: (epoch: number, h: GanHistory, generator: Sequential) => void | Promise<void>;
}

export interface TrainedGan {
  generator: Sequential;
  discriminator: Sequential;
  history: GanHistory;
}

export async function trainGan(o: TrainGanOptions): Promise<TrainedGan> {
  const init = new Generator(o.seed);
  const G = buildGenerator(o.spec, init);
  const D = buildDiscriminator(o.spec, init);
  const betas: [number, number] = [o.beta1, 0.999];
  const optG = new Adam(G.parameters(), { lr: o.lr, betas });
  const optD = new Adam(D.parameters(), { lr: o.lr, betas });
  const z = new Generator(o.seed + 1);
  const loader = new DataLoader([o.x], {
    batchSize: o.batchSize,
    shuffle: true,
    dropLast: o.x.shape[0]! >= o.batchSize,
    seed: o.seed + 2,
  });
  const h: GanHistory = {
    epoch: [],
    dLoss: [],
    gLoss: [],
    dReal: [],
    dFake: [],
    seconds: [],
    snapshots: [],
  };
  await o.onStart?.(G);
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const bar = o.progress?.(`epoch ${epoch}/${o.epochs}`, loader.length);
    const t0 = performance.now();
    let [dl, gl, dr, df, n] = [0, 0, 0, 0, 0];
    for (const [real] of loader) {
      const b = real!.shape[0]!;
      const yReal = new Tensor(ones([b, 1]));
      const yFake = new Tensor(zeros([b, 1]));
      // Discriminator: real → 1, G(z) → 0 (G's output detached: only D learns here).
      const fake = G.forward(new Tensor(noise(b, o.spec.latent, z)));
      const pReal = D.forward(new Tensor(real!));
      const pFake = D.forward(fake.detach());
      const lossD = binaryCrossEntropy(pReal, yReal).add(binaryCrossEntropy(pFake, yFake));
      optD.zeroGrad();
      lossD.backward();
      optD.step();
      // Generator: make D call G(z) real (the non-saturating loss).
      const lossG = binaryCrossEntropy(D.forward(fake), yReal);
      optG.zeroGrad();
      lossG.backward();
      optG.step();
      const [ld, lg, pr, pf] = await readScalars(
        lossD.data,
        lossG.data,
        pReal.data.mean(),
        pFake.data.mean(),
      );
      if (!Number.isFinite(ld) || !Number.isFinite(lg))
        throw new Error(`gan-mnist: a loss became ${ld}/${lg} in epoch ${epoch}; lower --lr`);
      dl += ld * b;
      gl += lg * b;
      dr += pr * b;
      df += pf * b;
      n += b;
      bar?.tick({ d_loss: dl / n, g_loss: gl / n });
    }
    h.seconds.push((performance.now() - t0) / 1000);
    h.epoch.push(epoch);
    h.dLoss.push(dl / n);
    h.gLoss.push(gl / n);
    h.dReal.push(dr / n);
    h.dFake.push(df / n);
    const snapshot = generate(G, o.fixedNoise);
    await prefetch([snapshot]); // drawn as figures, read synchronously
    h.snapshots.push(snapshot);
    await o.onEpochEnd?.(epoch, h, G);
  }
  return { generator: G, discriminator: D, history: h };
}
