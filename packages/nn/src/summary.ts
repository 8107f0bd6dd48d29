import { noGrad, Tensor } from '@gradlab/autograd';
import { zeros } from '@gradlab/tensor';
import type { Module } from './module.js';

export interface SummaryRow {
  /** Dotted path of the layer in the model. */
  name: string;
  /** Class name, e.g. Conv2d. */
  type: string;
  /** Output shape with the batch dim shown as −1 (Keras's None). */
  outputShape: number[];
  params: number;
}

export interface ModelSummary {
  rows: SummaryRow[];
  totalParams: number;
  trainableParams: number;
  /** Frozen parameters plus float buffers (BatchNorm's running statistics), as Keras counts them. */
  nonTrainableParams: number;
  /** The Keras-style table. */
  toString(): string;
}

function ownParamCount(m: Module): { trainable: number; frozen: number } {
  let trainable = 0;
  let frozen = 0;
  for (const [name, p] of m.namedParameters()) {
    if (name.includes('.')) continue; // belongs to a child
    if (p.requiresGrad) trainable += p.size;
    else frozen += p.size;
  }
  for (const [name, b] of m.namedBuffers()) {
    if (!name.includes('.') && (b.dtype === 'float32' || b.dtype === 'float64')) frozen += b.size;
  }
  return { trainable, frozen };
}

/**
 * A Keras-style summary: runs one forward pass on zeros of `inputShape`
 * (batch dim included) in evaluation mode without recording gradients, and
 * lists each leaf layer's output shape and parameter count in call order.
 */
export function summary(model: Module, inputShape: readonly number[]): ModelSummary {
  const rows: SummaryRow[] = [];
  const leaves = model.namedModules().filter(([, m]) => m.children().length === 0);
  const wasTraining = model.training;
  const patched: Module[] = [];
  for (const [name, m] of leaves) {
    const original = m.forward;
    (m as { forward: Module['forward'] }).forward = (...args: Tensor[]) => {
      const out = original.apply(m, args);
      const { trainable, frozen } = ownParamCount(m);
      rows.push({
        name: name || m.constructor.name,
        type: m.constructor.name,
        outputShape: [-1, ...out.shape.slice(1)],
        params: trainable + frozen,
      });
      return out;
    };
    patched.push(m);
  }
  try {
    model.eval();
    noGrad(() => model.forward(new Tensor(zeros(inputShape))));
  } finally {
    for (const m of patched) delete (m as { forward?: unknown }).forward;
    model.train(wasTraining);
  }
  let trainableParams = 0;
  let nonTrainableParams = 0;
  for (const [, m] of model.namedModules()) {
    const c = ownParamCount(m);
    trainableParams += c.trainable;
    nonTrainableParams += c.frozen;
  }
  const totalParams = trainableParams + nonTrainableParams;
  return {
    rows,
    totalParams,
    trainableParams,
    nonTrainableParams,
    toString: () => formatSummary(model, rows, totalParams, trainableParams, nonTrainableParams),
  };
}

function formatSummary(
  model: Module,
  rows: SummaryRow[],
  total: number,
  trainable: number,
  frozen: number,
): string {
  const fmt = (n: number) => n.toLocaleString('en-US');
  const table = rows.map((r) => [
    `${r.name} (${r.type})`,
    `(${r.outputShape.map((d) => (d === -1 ? 'None' : String(d))).join(', ')})`,
    fmt(r.params),
  ]);
  const head = ['Layer (type)', 'Output Shape', 'Param #'];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)) + 2);
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('');
  const rule = (ch: string) => ch.repeat(widths.reduce((a, b) => a + b, 0));
  return [
    `Model: "${model.constructor.name}"`,
    rule('_'),
    line(head),
    rule('='),
    ...table.map(line),
    rule('='),
    `Total params: ${fmt(total)}`,
    `Trainable params: ${fmt(trainable)}`,
    `Non-trainable params: ${fmt(frozen)}`,
    rule('_'),
  ].join('\n');
}
