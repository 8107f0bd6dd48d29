/**
 * Lab: a tiny MLP diagnoses flu from temperature and inflammation.
 *
 * Six patients (°F, inflammation) → flu, standardised; 2 → 4 (tanh or ReLU)
 * → 1 sigmoid, binary cross-entropy, Adam 1e-2, 500 full-batch epochs. We
 * print loss and accuracy every 10 epochs, draw the decision boundary over the
 * ORIGINAL feature space, and project the hidden layer's activations on their
 * two principal components (eigh of their covariance).
 */
import { Tensor } from '@gradlab/autograd';
import { DataLoader, fluPatients, StandardScaler, TensorDataset } from '@gradlab/datasets';
import {
  binaryCrossEntropy,
  Linear,
  ReLU,
  Sequential,
  Sigmoid,
  saveModule,
  Tanh,
} from '@gradlab/nn';
import { Adam } from '@gradlab/optim';
import { eigh, Generator, type NDArray } from '@gradlab/tensor';
import { binaryAccuracy, fit } from '../../lib/train.js';
import type { LabContext, LabDefinition } from '../../runner/lab.js';
import { boundaryFigure, curvesFigure, pcaFigure } from './figures.js';

/** Principal components of the rows of `h` [N, D]: projections on the top `k`, and explained variance ratios. */
export function pca(
  h: NDArray,
  k: number,
): { projected: NDArray; ratios: number[]; eigenvalues: number[] } {
  const centred = h.double().sub(h.double().mean(0, true));
  const cov = centred.T.matmul(centred).div(h.shape[0]! - 1);
  const { eigenvalues, eigenvectors } = eigh(cov);
  const d = eigenvalues.shape[0]!;
  const order = Array.from({ length: d }, (_, i) => d - 1 - i); // eigh is ascending
  const values = order.map((i) => Math.max(0, eigenvalues.get(i)));
  const total = values.reduce((a, b) => a + b, 0) || 1;
  const top = eigenvectors.indexSelect(1, order.slice(0, k));
  return {
    projected: centred.matmul(top),
    ratios: values.map((v) => v / total),
    eigenvalues: values,
  };
}

async function run(ctx: LabContext): Promise<void> {
  const { epochs, seed } = ctx.config;
  const activation = String(ctx.config.activation);
  const data = fluPatients();
  const [xRaw, y] = [data.features, data.targets!];
  const scaler = new StandardScaler().fit(xRaw);
  const x = scaler.transform(xRaw);
  ctx.log(
    `Standardised: temperature (°F − ${scaler.mean![0]!.toFixed(2)}) / ${scaler.scale![0]!.toFixed(3)}, inflammation (x − ${scaler.mean![1]!.toFixed(3)}) / ${scaler.scale![1]!.toFixed(3)}`,
  );
  const g = new Generator(seed);
  const hidden = new Sequential(
    new Linear(2, 4, { generator: g }),
    activation === 'relu' ? new ReLU() : new Tanh(),
  );
  const model = new Sequential(hidden, new Linear(4, 1, { generator: g }), new Sigmoid());
  const optimizer = new Adam(model.parameters(), { lr: Number(ctx.config.lr) });
  const loader = new DataLoader(new TensorDataset(x, y), { batchSize: x.shape[0]! });
  const bar = ctx.progress('training', epochs);
  const every = 10;
  const h = await fit({
    model,
    optimizer,
    loss: (o, t) => binaryCrossEntropy(o, t),
    train: loader,
    epochs,
    accuracy: binaryAccuracy,
    onEpochEnd: (epoch, hist) => {
      bar.tick({ loss: hist.trainLoss.at(-1)!, acc: hist.trainAccuracy.at(-1)! });
      if (epoch % every === 0)
        ctx.log(
          `  epoch ${String(epoch).padStart(4)}  loss ${hist.trainLoss.at(-1)!.toFixed(4)}  accuracy ${hist.trainAccuracy.at(-1)!.toFixed(3)}`,
        );
    },
  });
  saveModule(model, ctx.outPath('model.safetensors'));

  model.eval();
  const probs = Array.from(model.forward(new Tensor(x)).data.dataSync());
  const acc = probs.filter((p, i) => (p > 0.5 ? 1 : 0) === y.get(i, 0)).length / probs.length;
  const rows = (xRaw.toArray() as number[][]).map((r) => r.map((v) => Number(v.toFixed(2))));
  ctx.table(
    `Loss and accuracy every ${every} epochs`,
    h.epoch
      .map((e, i) => ({
        epoch: e,
        loss: Number(h.trainLoss[i]!.toFixed(4)),
        accuracy: Number(h.trainAccuracy[i]!.toFixed(3)),
      }))
      .filter((r) => r.epoch % every === 0),
  );
  ctx.table(
    'Patients and the trained network’s P(flu)',
    rows.map((r, i) => ({
      'temperature (°F)': r[0]!,
      inflammation: r[1]!,
      flu: y.get(i, 0),
      'P(flu)': Number(probs[i]!.toFixed(4)),
    })),
  );

  const act = hidden.forward(new Tensor(x)).data;
  const { projected, ratios } = pca(act, 2);
  ctx.table(
    'Hidden-layer activations of each patient, and their first two principal components',
    (act.toArray() as number[][]).map((a, i) => ({
      patient: i + 1,
      flu: y.get(i, 0),
      ...Object.fromEntries(a.map((v, j) => [`h${j + 1}`, Number(v.toFixed(3))])),
      PC1: Number(projected.get(i, 0).toFixed(3)),
      PC2: Number(projected.get(i, 1).toFixed(3)),
    })),
  );

  const firstPerfect = h.trainAccuracy.indexOf(1);
  ctx.metric('train_accuracy', acc);
  ctx.metric('final_loss', h.trainLoss.at(-1)!);
  ctx.metric('initial_loss', h.trainLoss[0]!);
  ctx.metric('first_epoch_at_100_percent', firstPerfect < 0 ? null : firstPerfect + 1);
  ctx.metric(
    'pca_explained_variance_ratio',
    ratios.map((r) => Number(r.toFixed(4))),
  );
  ctx.metric(
    'predictions',
    probs.map((p) => Number(p.toFixed(4))),
  );

  ctx.figure(
    'training-curves',
    curvesFigure(h),
    `Loss and training accuracy per epoch (markers every ${every} epochs).`,
  );
  ctx.figure(
    'decision-boundary',
    boundaryFigure(model, scaler, xRaw, y),
    'P(flu) over the original features — temperature in °F and inflammation — with the six patients; the line is P = 0.5. The grid is standardised with the training mean and scale before the forward pass.',
  );
  ctx.figure(
    'hidden-pca',
    pcaFigure(projected, y, ratios),
    `The ${activation} hidden layer’s 4-d activations of the six patients projected on their first two principal components (${(100 * ratios[0]!).toFixed(1)} % and ${(100 * ratios[1]!).toFixed(1)} % of the variance).`,
  );

  const drop = h.trainLoss[0]! - h.trainLoss.at(-1)!;
  const tenth = h.trainLoss.findIndex((l) => l <= h.trainLoss[0]! - 0.9 * drop) + 1;
  ctx.observe(
    `The loss fell from ${h.trainLoss[0]!.toFixed(3)} to ${h.trainLoss.at(-1)!.toFixed(4)}; 90 % of the drop came by epoch ${tenth} of ${epochs}. Training accuracy ${firstPerfect < 0 ? 'never reached 100 %' : `first reached 100 % at epoch ${firstPerfect + 1}`} and ended at ${(100 * acc).toFixed(0)} %.`,
  );
  const pc1 = Array.from(projected.select(1, 0).dataSync());
  const flu = pc1.filter((_, i) => y.get(i, 0) === 1);
  const well = pc1.filter((_, i) => y.get(i, 0) === 0);
  const separated = Math.min(...flu) > Math.max(...well) || Math.max(...flu) < Math.min(...well);
  ctx.observe(
    `The first principal component carries ${(100 * ratios[0]!).toFixed(1)} % of the hidden activations’ variance${separated ? ' and on its own separates the flu patients from the others' : ', but the two classes overlap on it'}: the hidden layer has turned the two raw features into a representation in which the output unit’s single line suffices.`,
  );
  const closest = probs
    .map((p, i) => ({ p, i }))
    .sort((a, b) => Math.abs(a.p - 0.5) - Math.abs(b.p - 0.5))[0]!;
  ctx.observe(
    `The least certain patient is #${closest.i + 1} (${rows[closest.i]![0]} °F, inflammation ${rows[closest.i]![1]}) with P(flu) = ${closest.p.toFixed(3)}; with six points the boundary is only pinned near them, so it should not be trusted far from the data.`,
  );
}

export const mlpFlu: LabDefinition = {
  id: 'mlp-flu',
  title: 'A tiny MLP diagnoses flu',
  description:
    '2-4-1 MLP (Adam, BCE) on six patients (°F, inflammation): training log, decision boundary, hidden-layer PCA',
  aim: 'Train a two-input MLP with one hidden layer of four units to classify six patients as flu or not from their temperature and inflammation, watch loss and accuracy every 10 epochs, draw the decision boundary in the original units, and look at what the hidden layer learned through a PCA of its activations.',
  procedure: [
    'Load the six patients (temperature °F, inflammation) → flu and standardise both features.',
    'Build Linear(2, 4) → tanh (or ReLU with --activation relu) → Linear(4, 1) → Sigmoid.',
    'Train with binary cross-entropy and Adam (lr 1e-2) on the full batch for 500 epochs, printing loss and accuracy every 10 epochs.',
    'Evaluate P(flu) on a grid over the original temperature/inflammation ranges (standardised with the same scaler) and draw the 0.5 contour.',
    'Centre the hidden activations of the six patients, compute their covariance, take its eigenvectors with eigh, and project on the two largest.',
  ],
  flags: [
    { name: 'lr', type: 'number', help: 'Adam learning rate', default: 0.01, min: 0 },
    {
      name: 'activation',
      type: 'string',
      help: 'hidden activation',
      default: 'tanh',
      choices: ['tanh', 'relu'],
    },
  ],
  epochs: { full: 500, quick: 200 },
  fullRunTime: 'about 3–6 s',
  source: import.meta.url,
  run,
};
