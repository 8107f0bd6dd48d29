/**
 * The encoder's features: the 784-pixel weight templates of its first layer
 * (what each hidden unit responds to) and the bottleneck code of each digit
 * class (the mean 32-number code of its test images).
 */
import { noGrad, Tensor } from '@gradlab/autograd';
import { Linear, type Sequential } from '@gradlab/nn';
import { type NDArray, prefetch } from '@gradlab/tensor';
import { heatmap, imageGrid, subplots } from '@gradlab/viz';

export async function encoderFeatureFigure(
  encoder: Sequential,
  x: NDArray,
  labels: NDArray,
): Promise<string> {
  const first = encoder.layers[0];
  if (!(first instanceof Linear)) throw new Error('encoderFeatureFigure: expected a Linear first');
  const w = first.weight.data; // [hidden, 784]
  await prefetch([w, labels]);
  const shown = Math.min(w.shape[0]!, 32);
  const templates = imageGrid({
    images: Array.from({ length: shown }, (_, k) => ({
      data: w.select(0, k).contiguous().dataSync(),
      height: 28,
      width: 28,
    })),
    titles: Array.from({ length: shown }, (_, k) => `unit ${k}`),
    cols: 8,
    cmap: 'bwr',
    range: 'symmetric',
    tileSize: 52,
    title: `First-layer weights of ${shown} of ${w.shape[0]} units (red +, blue −)`,
  });
  encoder.eval();
  const codes = noGrad(() => encoder.forward(new Tensor(x)).data);
  encoder.train();
  const [n, d] = codes.shape as [number, number];
  const c = await codes.data();
  const lab = labels.dataSync();
  const sums = Array.from({ length: 10 }, () => new Float64Array(d));
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < n; i++) {
    counts[lab[i]!]!++;
    for (let j = 0; j < d; j++) sums[lab[i]!]![j]! += c[i * d + j]!;
  }
  const means = sums.map((s, k) => s.map((v) => v / Math.max(counts[k]!, 1)));
  const codeMap = heatmap({
    values: means,
    yLabels: means.map((_, k) => `digit ${k}`),
    xLabels: Array.from({ length: d }, (_, j) => `${j}`),
    cmap: 'viridis',
    annotate: false,
    title: `Mean ${d}-number code per digit (test images)`,
    xLabel: 'code unit',
    colorBarLabel: 'activation',
    width: 640,
    height: 400,
  });
  return subplots([templates, codeMap], { cols: 2, title: 'What the encoder computes' });
}
