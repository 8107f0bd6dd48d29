/**
 * Predicted classes, mean cross-entropy and accuracy of a classifier over a
 * whole image set, in chunks (a convnet's im2col buffers grow with the
 * batch), in evaluation mode without gradients — one forward pass for all
 * three.
 */
import { noGrad, Tensor } from '@gradlab/autograd';
import { crossEntropy, type Module } from '@gradlab/nn';
import type { NDArray } from '@gradlab/tensor';
import { EVAL_BATCH } from './train.js';

export interface Classification {
  predicted: Int32Array;
  loss: number;
  accuracy: number;
}

export async function classify(
  model: Module,
  x: NDArray,
  y: NDArray,
  chunk = EVAL_BATCH,
): Promise<Classification> {
  const n = x.shape[0]!;
  if (y.shape[0] !== n)
    throw new Error(
      `classify: ${n} images but ${y.shape[0]} labels ([${x.shape}] vs [${y.shape}])`,
    );
  const predicted = new Int32Array(n);
  const labels = await y.data();
  let lossSum = 0;
  let correct = 0;
  const wasTraining = model.training;
  model.eval();
  try {
    for (let start = 0; start < n; start += chunk) {
      const len = Math.min(chunk, n - start);
      const [loss, argmax] = noGrad(() => {
        const out = model.forward(new Tensor(x.narrow(0, start, len)));
        return [crossEntropy(out, y.narrow(0, start, len)).data, out.data.argmax(1)];
      });
      const [lossValue, pred] = await Promise.all([loss.data(), argmax.data()]);
      lossSum += lossValue[0]! * len;
      for (let i = 0; i < len; i++) {
        predicted[start + i] = Number(pred[i]);
        if (predicted[start + i] === Number(labels[start + i])) correct++;
      }
    }
  } finally {
    model.train(wasTraining);
  }
  return { predicted, loss: lossSum / n, accuracy: correct / n };
}
