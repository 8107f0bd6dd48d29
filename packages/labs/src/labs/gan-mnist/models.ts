/**
 * The GAN's two MLPs: a generator from 100 Gaussian numbers to a 784-pixel
 * image in [−1, 1] (tanh) and a discriminator from an image to the
 * probability that it is real (sigmoid), LeakyReLU(0.2) between layers.
 */
import { noGrad, Tensor } from '@gradlab/autograd';
import { LeakyReLU, Linear, type Module, Sequential, Sigmoid, Tanh } from '@gradlab/nn';
import { type Generator, type NDArray, randn } from '@gradlab/tensor';

/** One GAN architecture. */
export interface GanSpec {
  /** Size of the noise vector z. */
  latent: number;
  /** Generator hidden sizes, e.g. [128, 256, 512]. */
  gHidden: readonly number[];
  /** Discriminator hidden sizes, e.g. [512, 256]. */
  dHidden: readonly number[];
  /** Negative slope of the LeakyReLUs (0 = plain ReLU). */
  slope: number;
}

/** The lab's architecture (LABS.md): G 100→128→256→512→784, D 784→512→256→1. */
export const BASE_SPEC: GanSpec = {
  latent: 100,
  gHidden: [128, 256, 512],
  dHidden: [512, 256],
  slope: 0.2,
};

function mlp(sizes: readonly number[], slope: number, out: Module, g: Generator): Sequential {
  const layers: Module[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(new Linear(sizes[i]!, sizes[i + 1]!, { generator: g }));
    layers.push(i + 2 < sizes.length ? new LeakyReLU(slope) : out);
  }
  return new Sequential(...layers);
}

export function buildGenerator(spec: GanSpec, g: Generator): Sequential {
  return mlp([spec.latent, ...spec.gHidden, 784], spec.slope, new Tanh(), g);
}

export function buildDiscriminator(spec: GanSpec, g: Generator): Sequential {
  return mlp([784, ...spec.dHidden, 1], spec.slope, new Sigmoid(), g);
}

/** `G 100-128-256-512-784 · D 784-512-256-1` style name. */
export const specName = (s: GanSpec): string =>
  `G ${[s.latent, ...s.gHidden, 784].join('-')} · D ${[784, ...s.dHidden, 1].join('-')}${s.slope === 0.2 ? '' : ` · slope ${s.slope}`}`;

/** n noise vectors z ~ N(0, I). */
export const noise = (n: number, latent: number, g: Generator): NDArray =>
  randn([n, latent], { generator: g });

/** G(z) without gradients, in eval mode: [n, 784] in [−1, 1]. */
export function generate(generator: Module, z: NDArray): NDArray {
  generator.eval();
  const out = noGrad(() => generator.forward(new Tensor(z)).data);
  generator.train();
  return out;
}
