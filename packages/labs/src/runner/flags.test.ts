import { describe, expect, it } from 'vitest';
import { COMMON_FLAGS, type FlagSpec, parseFlags } from './flags.js';

const specs: FlagSpec[] = [
  ...COMMON_FLAGS,
  { name: 'hiddenSize', type: 'integer', help: 'units', default: 4, min: 1 },
  { name: 'optimizer', type: 'string', help: 'which', choices: ['sgd', 'adam'] },
];

describe('parseFlags', () => {
  it('reads values, defaults, = forms, kebab-case names and switches', () => {
    const v = parseFlags(
      'lab',
      ['--seed', '7', '--hidden-size=8', '--quick', '--optimizer', 'adam'],
      specs,
    );
    expect(v).toMatchObject({
      seed: 7,
      hiddenSize: 8,
      quick: true,
      optimizer: 'adam',
    });
    expect(parseFlags('lab', ['--no-quick'], specs).quick).toBe(false);
    expect(parseFlags('lab', [], specs).hiddenSize).toBe(4);
  });

  it('rejects unknown flags and bad values with messages that name them', () => {
    expect(() => parseFlags('lab', ['--epoch', '3'], specs)).toThrow(
      /lab: unknown flag --epoch \(valid flags: --seed, --epochs/,
    );
    expect(() => parseFlags('lab', ['--epochs', '2.5'], specs)).toThrow(
      "lab: --epochs must be an integer; got '2.5'",
    );
    expect(() => parseFlags('lab', ['--epochs', '0'], specs)).toThrow(
      'lab: --epochs must be ≥ 1; got 0',
    );
    expect(() => parseFlags('lab', ['--optimizer', 'lbfgs'], specs)).toThrow(
      "lab: --optimizer must be one of sgd, adam; got 'lbfgs'",
    );
    expect(() => parseFlags('lab', ['--seed'], specs)).toThrow(/lab: --seed needs a value/);
    expect(() => parseFlags('lab', ['--quick=yes'], specs)).toThrow(/--quick is a switch/);
    expect(() => parseFlags('lab', ['seed'], specs)).toThrow(/unexpected argument 'seed'/);
  });
});
