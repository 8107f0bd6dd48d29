import { type Module, saveModule } from '@gradlab/nn';
import { prefetch } from '@gradlab/tensor';

/**
 * Saves a model's weights and buffers as safetensors, reading device arrays
 * back first (`prefetch`), so it works on the gpu backend under WebGPU too.
 */
export async function saveModel(model: Module, path: string): Promise<void> {
  await prefetch(Object.values(model.stateDict()));
  saveModule(model, path);
}
