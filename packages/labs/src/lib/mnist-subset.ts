import { type ImageDataset, loadMnist } from '@gradlab/datasets';
import type { FlagSpec } from '../runner/flags.js';
import type { LabConfig } from '../runner/lab.js';

/** How many MNIST images a lab uses with --quick (the full runs use all of them). */
export interface MnistSubset {
  quickTrain: number;
  quickTest: number;
}

/** The --train-images and --test-images flags of the MNIST labs. */
export function mnistSubsetFlags(d: MnistSubset): FlagSpec[] {
  return [
    {
      name: 'trainImages',
      type: 'integer',
      help: `training images to use (default 60000; ${d.quickTrain} with --quick)`,
      min: 1,
    },
    {
      name: 'testImages',
      type: 'integer',
      help: `test images to evaluate on (default 10000; ${d.quickTest} with --quick)`,
      min: 1,
    },
  ];
}

/** The numbers of training and test images this run uses, checked against MNIST's sizes. */
export function mnistSubsetSizes(
  lab: string,
  config: LabConfig,
  d: MnistSubset,
): { nTrain: number; nTest: number } {
  const nTrain = Number(config.trainImages ?? (config.quick ? d.quickTrain : 60000));
  const nTest = Number(config.testImages ?? (config.quick ? d.quickTest : 10000));
  if (nTrain > 60000)
    throw new Error(`${lab}: --train-images ${nTrain} > 60000 (MNIST has 60 000)`);
  if (nTest > 10000) throw new Error(`${lab}: --test-images ${nTest} > 10000 (MNIST has 10 000)`);
  return { nTrain, nTest };
}

/**
 * The first nTrain training and nTest test images, flattened to 784 pixels
 * (or kept as [N, 1, 28, 28] images for convolutional nets with `flatten: false`).
 */
export async function loadMnistSubsets(
  nTrain: number,
  nTest: number,
  scale: 'unit' | 'symmetric' = 'unit',
  { flatten = true }: { flatten?: boolean } = {},
): Promise<{ train: ImageDataset; test: ImageDataset }> {
  const train = await loadMnist({ train: true, flatten, scale, limit: nTrain });
  const test = await loadMnist({ train: false, flatten, scale, limit: nTest });
  return { train, test };
}
