/**
 * Keras's default initialisation for a model built from nn layers: every
 * Conv2d and Linear weight Glorot-uniform, U(±√(6 / (fanIn + fanOut))), and
 * every bias zero — what `Dense`/`Conv2D` do unless told otherwise. The
 * course's Keras assignments ran with these, PyTorch's layers start from
 * Kaiming-uniform (a = √5) weights and small uniform biases instead.
 */
import { Conv2d, Linear, type Module, xavierUniform_, zeros_ } from '@gradlab/nn';
import type { Generator } from '@gradlab/tensor';

/** Re-initialises `model`'s Conv2d and Linear layers in place, in module order; returns it. */
export function kerasInit_<M extends Module>(model: M, generator: Generator): M {
  for (const [, m] of model.namedModules()) {
    if (m instanceof Conv2d || m instanceof Linear) {
      xavierUniform_(m.weight, 1, { generator });
      if (m.bias) zeros_(m.bias);
    }
  }
  return model;
}
