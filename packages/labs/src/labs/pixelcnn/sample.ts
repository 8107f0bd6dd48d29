/**
 * Sampling from a PixelCNN pixel by pixel in raster order: each step runs the
 * network, reads p(x_ij = 1 | earlier pixels) and draws the pixel. Because
 * the network is causal, the logits of row i depend only on rows
 * i − R … i (R = the receptive field in rows), so each step runs on that
 * band of rows instead of the whole image — same numbers, far less work.
 */
import { noGrad, Tensor } from '@gradlab/autograd';
import { type Generator, NDArray } from '@gradlab/tensor';
import type { PixelCnn } from './model.js';

/**
 * The logits of row `i` for every image of x [N, 1, H, W], computed from
 * rows max(0, i − rows) … i only.
 */
export function rowLogits(model: PixelCnn, x: NDArray, i: number, rows: number): NDArray {
  const top = Math.max(0, i - rows);
  const band = x.slice(2, top, i + 1).contiguous();
  const out = noGrad(() => model.forwardRows(new Tensor(band), top).data);
  return out
    .select(2, i - top)
    .select(1, 0)
    .contiguous(); // [N, W]
}

/** n binary images [n, 1, H, W] drawn pixel by pixel; `onRow` is called after each row. */
export async function samplePixelCnn(
  model: PixelCnn,
  n: number,
  generator: Generator,
  o: {
    rows: number;
    height?: number;
    width?: number;
    /** Called after each row with a copy of the images so far (later rows still 0). */
    onRow?: (row: number, partial: NDArray) => void;
  },
): Promise<NDArray> {
  const h = o.height ?? 28;
  const w = o.width ?? 28;
  const buf = new Float32Array(n * h * w);
  model.eval();
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const x = NDArray.fromTypedArray(buf.slice(), [n, 1, h, w]);
      const logits = await rowLogits(model, x, i, o.rows).data();
      for (let k = 0; k < n; k++) {
        const p = 1 / (1 + Math.exp(-logits[k * w + j]!));
        buf[k * h * w + i * w + j] = generator.random() < p ? 1 : 0;
      }
    }
    o.onRow?.(i, NDArray.fromTypedArray(buf.slice(), [n, 1, h, w]));
  }
  model.train();
  return NDArray.fromTypedArray(buf, [n, 1, h, w]);
}
