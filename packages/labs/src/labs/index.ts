import type { LabDefinition } from '../runner/lab.js';
import { autoencoder } from './autoencoder/index.js';
import { backpropByHand } from './backprop-by-hand/index.js';
import { backpropXor } from './backprop-xor/index.js';
import { catsVsDogs } from './cats-vs-dogs/index.js';
import { cifar10Convnet } from './cifar10-convnet/index.js';
import { creditRiskMlp } from './credit-risk-mlp/index.js';
import { denoisingAutoencoder } from './denoising-autoencoder/index.js';
import { ganMnist } from './gan-mnist/index.js';
import { gdVariants } from './gd-variants/index.js';
import { gradientDescent } from './gradient-descent/index.js';
import { lstmWeather } from './lstm-weather/index.js';
import { mccullochPitts } from './mcculloch-pitts/index.js';
import { mlpFlu } from './mlp-flu/index.js';
import { mnist3v7Cnn } from './mnist-3v7-cnn/index.js';
import { mnistCnnLab } from './mnist-cnn/index.js';
import { mnistCnnBn } from './mnist-cnn-bn/index.js';
import { mnistFromScratch } from './mnist-from-scratch/index.js';
import { mnistManualVsAutograd } from './mnist-manual-vs-autograd/index.js';
import { mnistMlpLab } from './mnist-mlp/index.js';
import { nadeMade } from './nade-made/index.js';
import { neuronSurfaces } from './neuron-surfaces/index.js';
import { perceptronEeg } from './perceptron-eeg/index.js';
import { pixelcnn } from './pixelcnn/index.js';
import { polyOptimizers } from './poly-optimizers/index.js';
import { regressionDnn } from './regression-dnn/index.js';
import { rnnSine } from './rnn-sine/index.js';
import { sgdWeights } from './sgd-weights/index.js';
import { xorHiddenSpace } from './xor-hidden-space/index.js';
import { xorMlp } from './xor-mlp/index.js';

/** Every lab, in the order of LABS.md. */
export const LABS: readonly LabDefinition[] = [
  mccullochPitts,
  perceptronEeg,
  backpropByHand,
  neuronSurfaces,
  xorHiddenSpace,
  xorMlp,
  backpropXor,
  creditRiskMlp,
  gradientDescent,
  sgdWeights,
  polyOptimizers,
  gdVariants,
  mlpFlu,
  mnistFromScratch,
  mnistManualVsAutograd,
  mnistMlpLab,
  mnist3v7Cnn,
  mnistCnnLab,
  mnistCnnBn,
  cifar10Convnet,
  catsVsDogs,
  regressionDnn,
  rnnSine,
  lstmWeather,
  autoencoder,
  denoisingAutoencoder,
  nadeMade,
  pixelcnn,
  ganMnist,
];

export function findLab(id: string): LabDefinition {
  const lab = LABS.find((l) => l.id === id);
  if (!lab) {
    throw new Error(
      `unknown lab '${id}'. Run 'pnpm --filter labs start list' to see them: ${LABS.map((l) => l.id).join(', ')}`,
    );
  }
  return lab;
}
