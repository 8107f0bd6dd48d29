import { tensor } from '@gradlab/autograd';
import { describe, expect, it } from 'vitest';
import { CosineAnnealingLR, ExponentialLR, ReduceLROnPlateau, SGD, StepLR } from './index.js';

const makeOpt = (lr = 0.1) => new SGD([tensor([1], { requiresGrad: true })], { lr });

describe('schedulers', () => {
  it('StepLR decays every stepSize epochs; getLastLr matches the group', () => {
    const opt = makeOpt(1);
    const s = new StepLR(opt, { stepSize: 2, gamma: 0.5 });
    const lrs = [s.getLastLr()[0]];
    for (let i = 0; i < 6; i++) {
      s.step();
      lrs.push(s.getLastLr()[0]);
    }
    expect(lrs).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25, 0.125]);
    expect(opt.paramGroups[0]!.lr).toBe(0.125);
  });

  it('CosineAnnealingLR reaches etaMin at tMax and matches the closed form', () => {
    const s = new CosineAnnealingLR(makeOpt(0.1), { tMax: 8, etaMin: 0.01 });
    for (let t = 1; t <= 8; t++) {
      s.step();
      const closed = 0.01 + ((0.1 - 0.01) * (1 + Math.cos((Math.PI * t) / 8))) / 2;
      expect(s.getLastLr()[0]).toBeCloseTo(closed, 14);
    }
    expect(s.getLastLr()[0]).toBeCloseTo(0.01, 15);
  });

  it.each([
    ['StepLR', (o: SGD) => new StepLR(o, { stepSize: 3, gamma: 0.3 })],
    ['ExponentialLR', (o: SGD) => new ExponentialLR(o, { gamma: 0.8 })],
    ['CosineAnnealingLR', (o: SGD) => new CosineAnnealingLR(o, { tMax: 5 })],
  ] as const)('%s stateDict round trip resumes the same sequence', (_n, make) => {
    const a = makeOpt();
    const sa = make(a);
    const seq: number[] = [];
    for (let i = 0; i < 12; i++) {
      sa.step();
      seq.push(sa.getLastLr()[0]!);
    }
    const b = makeOpt();
    const sb = make(b);
    for (let i = 0; i < 6; i++) sb.step();
    const savedOpt = b.stateDict();
    const savedSched = sb.stateDict();
    expect(savedSched).not.toHaveProperty('optimizer');
    const c = makeOpt();
    const sc = make(c);
    c.loadStateDict(savedOpt);
    sc.loadStateDict(savedSched);
    const rest: number[] = [];
    for (let i = 0; i < 6; i++) {
      sc.step();
      rest.push(sc.getLastLr()[0]!);
    }
    expect(rest).toEqual(seq.slice(6));
  });

  it('ReduceLROnPlateau waits patience epochs, then reduces; its state round trips', () => {
    const opt = makeOpt(1);
    const s = new ReduceLROnPlateau(opt, { patience: 1, factor: 0.5 });
    for (const m of [1, 1, 1]) s.step(m);
    expect(s.getLastLr()).toEqual([0.5]);
    const saved = s.stateDict();
    expect(saved).toMatchObject({ best: 1, numBadEpochs: 0, lastEpoch: 3 });
    const other = new ReduceLROnPlateau(makeOpt(0.5), { patience: 1, factor: 0.5 });
    other.loadStateDict(saved);
    other.step(2);
    other.step(2);
    expect(other.getLastLr()).toEqual([0.25]);
  });

  it('ReduceLROnPlateau never goes below minLr', () => {
    const opt = makeOpt(1);
    const s = new ReduceLROnPlateau(opt, { patience: 0, factor: 0.1, minLr: 0.05 });
    for (let i = 0; i < 5; i++) s.step(1);
    expect(opt.paramGroups[0]!.lr).toBe(0.05);
  });
});
