/**
 * The hand computation of one exercise written out as a worked solution: each
 * line is a formula, the numbers substituted into it, and the result.
 */
import { type BackpropCase, PARAM_NAMES } from './manual.js';

/** A number the way a worked solution writes it: 6 significant digits, a real minus sign. */
export function fmt(v: number): string {
  if (v === 0) return '0';
  const s = Math.abs(v) >= 1e-4 ? String(Number(v.toPrecision(6))) : v.toExponential(4);
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

/**
 * An updated parameter with enough decimals to show how far it moved
 * (1 + 6.66e−6 is written 1.0000066641, not 1.00001).
 */
export function fmtNew(before: number, after: number): string {
  const change = Math.abs(after - before);
  const decimals = change === 0 ? 6 : Math.min(12, Math.max(6, Math.ceil(-Math.log10(change)) + 4));
  const s = String(Number(after.toFixed(decimals)));
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

/** A percentage with 3 significant digits. */
export const pct = (v: number): string => fmt(Number(v.toPrecision(3)));

/** A factor in a product: negative numbers in parentheses. */
const par = (v: number) => (v < 0 ? `(${fmt(v)})` : fmt(v));

/**
 * The worked solution of case `c` from the values `v` of `backpropByHand`.
 */
export function workedSolution(
  name: string,
  c: BackpropCase,
  v: Record<string, number>,
  lr: number,
): string {
  const p = c.params;
  const n = (k: string) => v[k]!;
  const L: string[] = [];
  L.push(
    `${name}: x = (${fmt(c.x1)}, ${fmt(c.x2)}), target y = ${fmt(c.y)}, learning rate lr = ${lr}`,
  );
  L.push(`Parameters: ${PARAM_NAMES.map((k) => `${k} = ${fmt(p[k])}`).join(', ')}`);
  L.push('');
  L.push(
    '1. Forward pass, hidden layer: z_j = w_(2j−1)·x1 + w_(2j)·x2 + b_j,  a_j = σ(z_j) = 1/(1 + e^(−z_j))',
  );
  for (const j of [1, 2, 3]) {
    const [wa, wb, b] = [`w${2 * j - 1}`, `w${2 * j}`, `b${j}`] as const;
    L.push(
      `   z${j} = ${wa}·x1 + ${wb}·x2 + ${b} = ${par(p[wa as 'w1'])}·${par(c.x1)} + ${par(p[wb as 'w1'])}·${par(c.x2)} + ${par(p[b as 'b1'])} = ${fmt(n(`z${j}`))}`,
    );
    L.push(`   a${j} = σ(z${j}) = 1/(1 + e^(${fmt(-n(`z${j}`))})) = ${fmt(n(`a${j}`))}`);
  }
  L.push('2. Forward pass, output: z = w7·a1 + w8·a2 + w9·a3 + b4,  ŷ = σ(z)');
  L.push(
    `   z = ${par(p.w7)}·${par(n('a1'))} + ${par(p.w8)}·${par(n('a2'))} + ${par(p.w9)}·${par(n('a3'))} + ${par(p.b4)} = ${fmt(n('z'))}`,
  );
  L.push(`   ŷ = σ(z) = 1/(1 + e^(${fmt(-n('z'))})) = ${fmt(n('y_hat'))}`);
  L.push(`3. Loss: L = ½(y − ŷ)² = ½(${fmt(c.y)} − ${fmt(n('y_hat'))})² = ${fmt(n('loss'))}`);
  L.push('4. Backward pass, output unit: ∂L/∂z = ∂L/∂ŷ · ∂ŷ/∂z');
  L.push(`   ∂L/∂ŷ  = ŷ − y = ${fmt(n('y_hat'))} − ${fmt(c.y)} = ${fmt(n('dL_dy_hat'))}`);
  L.push(
    `   ∂ŷ/∂z  = ŷ(1 − ŷ) = ${fmt(n('y_hat'))}·${fmt(1 - n('y_hat'))} = ${fmt(n('dy_hat_dz'))}`,
  );
  L.push(
    `   ∂L/∂z  = ∂L/∂ŷ·∂ŷ/∂z = ${par(n('dL_dy_hat'))}·${par(n('dy_hat_dz'))} = ${fmt(n('dL_dz'))}`,
  );
  for (const j of [1, 2, 3]) {
    L.push(
      `   ∂L/∂w${6 + j} = ∂L/∂z·a${j} = ${par(n('dL_dz'))}·${par(n(`a${j}`))} = ${fmt(n(`dL_dw${6 + j}`))}`,
    );
  }
  L.push(`   ∂L/∂b4 = ∂L/∂z·1 = ${fmt(n('dL_db4'))}`);
  L.push('5. Backward pass, hidden units: ∂L/∂z_j = ∂L/∂z · w_(6+j) · a_j(1 − a_j)');
  for (const j of [1, 2, 3]) {
    const w = `w${6 + j}` as 'w7';
    L.push(`   ∂L/∂a${j} = ∂L/∂z·${w} = ${par(n('dL_dz'))}·${par(p[w])} = ${fmt(n(`dL_da${j}`))}`);
    L.push(
      `   ∂a${j}/∂z${j} = a${j}(1 − a${j}) = ${fmt(n(`a${j}`))}·${fmt(1 - n(`a${j}`))} = ${fmt(n(`da${j}_dz${j}`))}`,
    );
    L.push(
      `   ∂L/∂z${j} = ∂L/∂a${j}·∂a${j}/∂z${j} = ${par(n(`dL_da${j}`))}·${par(n(`da${j}_dz${j}`))} = ${fmt(n(`dL_dz${j}`))}`,
    );
    L.push(
      `   ∂L/∂w${2 * j - 1} = ∂L/∂z${j}·x1 = ${par(n(`dL_dz${j}`))}·${par(c.x1)} = ${fmt(n(`dL_dw${2 * j - 1}`))}`,
    );
    L.push(
      `   ∂L/∂w${2 * j} = ∂L/∂z${j}·x2 = ${par(n(`dL_dz${j}`))}·${par(c.x2)} = ${fmt(n(`dL_dw${2 * j}`))}`,
    );
    L.push(`   ∂L/∂b${j} = ∂L/∂z${j}·1 = ${fmt(n(`dL_db${j}`))}`);
  }
  L.push(`6. Update: p_new = p − lr·∂L/∂p with lr = ${lr}`);
  for (const k of PARAM_NAMES) {
    L.push(
      `   ${k}_new = ${fmt(p[k])} − ${lr}·${par(n(`dL_d${k}`))} = ${fmtNew(p[k], n(`${k}_new`))}`,
    );
  }
  const change = n('loss_after') - n('loss');
  L.push(
    `7. Check: a forward pass with the new parameters gives L = ${fmt(n('loss_after'))} (before ${fmt(n('loss'))}): ${change < 0 ? 'down' : 'up'} by ${fmt(Math.abs(change))} (${pct((100 * Math.abs(change)) / n('loss'))} %).`,
  );
  return L.join('\n');
}
