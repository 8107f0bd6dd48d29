import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Generator } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { dataFolder } from '../../runner/test-data.js';
import { type QuickRun, runQuick } from '../../runner/test-run.js';
import { bitsCell, CELLS, cellBits, cellProbabilities, DIMS } from './data.js';
import { Made } from './models.js';
import { sweepSettings } from './sweep.js';

const { present: hasMnist, skipNote } = dataFolder('mnist');

// One quick run (with MNIST when its data is there) serves both groups of assertions.
let quick: Promise<QuickRun> | undefined;
const run = () => {
  quick ??= runQuick('nade-made', hasMnist ? [] : ['--skip-mnist']);
  return quick;
};

describe('nade-made on the 2-D mixture', () => {
  it('learns a normalised density better than the uniform and independent models', async () => {
    const r = await run();
    const m = r.metrics as Record<string, number>;
    expect(m.mixture_uniform_nll).toBeCloseTo(Math.log(256), 3);
    for (const k of ['mixture_made_nll', 'mixture_nade_nll']) {
      expect(m[k]).toBeLessThan(m.mixture_uniform_nll! - 0.5);
      expect(m[k]).toBeLessThan(m.mixture_independent_bits_nll!);
    }
    // Exactly normalised: the 256 enumerated cell probabilities sum to 1.
    expect(Math.abs(m.mixture_made_prob_sum! - 1)).toBeLessThan(1e-4);
    expect(Math.abs(m.mixture_nade_prob_sum! - 1)).toBeLessThan(1e-4);
    // The NLL from the enumerated table equals the one from the forward pass.
    expect(m.mixture_made_exact_nll).toBeCloseTo(m.mixture_made_nll!, 2);
    const sweep = Object.keys(m).filter((k) => k.startsWith('mixture_sweep_nll_'));
    expect(sweep.length).toBeGreaterThanOrEqual(18);
    for (const k of sweep) expect(m[k]).toBeLessThan(m.mixture_uniform_nll!);
    expect(r.figures).toContain('mixture-density.svg');
    expect(r.figures).toContain('mixture-sweep.svg');
    expect(existsSync(join(r.outDir, 'mixture-made.safetensors'))).toBe(true);
  }, 60_000);
});

describe(`nade-made on binarised MNIST${skipNote}`, () => {
  it.skipIf(!hasMnist)(
    'MADE beats the independent per-pixel Bernoulli model',
    async () => {
      const r = await run();
      const m = r.metrics as Record<string, number>;
      expect(m.mnist_train_images).toBe(2000);
      expect(m.mnist_test_images).toBe(500);
      expect(m.mnist_bernoulli_nll).toBeGreaterThan(150);
      expect(m.mnist_bernoulli_nll).toBeLessThan(260);
      expect(m.mnist_made_nll).toBeLessThan(m.mnist_bernoulli_nll!);
      expect(m.mnist_made_bits_per_dim).toBeCloseTo(m.mnist_made_nll! / (784 * Math.LN2), 3);
      expect(m.mnist_nade_nll).toBeGreaterThan(0);
      expect(Object.keys(m).filter((k) => k.startsWith('mnist_sweep_nll_ordering_'))).toHaveLength(
        5,
      );
      expect(r.figures.sort()).toEqual([
        'mixture-density.svg',
        'mixture-sweep.svg',
        'mnist-nll.svg',
        'mnist-samples.svg',
        'mnist-sweep.svg',
      ]);
      expect(existsSync(join(r.outDir, 'mnist-made.safetensors'))).toBe(true);
      expect(r.report).toContain('independent per-pixel Bernoulli');
    },
    60_000,
  );
});

describe('nade-made helpers', () => {
  it('encodes the 256 cells as 8 bits and back', () => {
    for (let c = 0; c < CELLS; c++) expect(bitsCell(cellBits(c))).toBe(c);
    expect(cellBits(0x5a)).toEqual([0, 1, 0, 1, 1, 0, 1, 0]);
  });
  it('enumerates a normalised distribution even for an untrained MADE', async () => {
    const made = new Made(DIMS, { hidden: [16], ordering: 'random', generator: new Generator(3) });
    const p = await cellProbabilities(made);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });
  it('sweeps several MADE orderings and both mask connectivities', () => {
    const s = sweepSettings({
      kind: 'made',
      hidden: [64],
      activation: 'relu',
      ordering: 'natural',
      connectivity: 'random',
      draw: 0,
    });
    expect(s.filter((x) => x.factor === 'ordering')).toHaveLength(5);
    expect(s.filter((x) => x.factor === 'masks').map((x) => x.spec.connectivity)).toEqual([
      'random',
      'sequential',
    ]);
    for (const f of ['hidden size', 'depth', 'activation', 'NADE'])
      expect(s.some((x) => x.factor === f)).toBe(true);
  });
});
