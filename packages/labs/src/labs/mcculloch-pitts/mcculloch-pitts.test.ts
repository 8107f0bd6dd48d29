import { describe, expect, it } from 'vitest';
import { runQuick } from '../../runner/test-run.js';
import { polynomial, quadraticRoots, searchSingleUnitXor } from './index.js';

describe('mcculloch-pitts', () => {
  it('builds the gates, shows XOR needs two layers, and solves the quadratic', async () => {
    const run = await runQuick('mcculloch-pitts');
    const gates = run.metrics.gates as Record<string, { outputs: number[] }>;
    expect(gates.and!.outputs).toEqual([0, 0, 0, 1]);
    expect(gates.or!.outputs).toEqual([0, 1, 1, 1]);
    expect(gates.nand!.outputs).toEqual([1, 1, 1, 0]);
    expect(gates.not!.outputs).toEqual([1, 0]);
    expect(run.metrics.xor_single_unit_solutions).toBe(0);
    expect(run.metrics.xor_single_unit_configs_tried).toBe(25 ** 3);
    expect(run.metrics.xor_two_layer_outputs).toEqual([0, 1, 1, 0]);
    expect(run.metrics.quadratic).toEqual({ discriminant: 0, roots: [2, 2] });
    expect(run.figures.sort()).toEqual(['gates.svg', 'truth-tables.svg', 'xor-two-layers.svg']);
    expect(run.report).toContain('double root at x = 2');
  });

  it('its search would find a separable gate (so finding no XOR unit means something)', () => {
    expect(searchSingleUnitXor(1, 1).found).toBe(0);
    expect(quadraticRoots(1, -5, 6).roots).toEqual([2, 3]);
    expect(quadraticRoots(1, 0, 1).roots).toEqual([]);
    expect(polynomial(1, -4, 4)).toBe('x² − 4x + 4');
  });
});
