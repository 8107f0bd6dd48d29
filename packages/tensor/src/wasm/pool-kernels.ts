import { type FunctionBuilder, I32, type ModuleBuilder, V128 } from './wasm-builder.js';

/**
 * Max pooling over 2×2 windows with stride 2 (every window inside the
 * input), four outputs at a time, with the rule of the reference loop in
 * cpu/cpu-window.ts: the window's values in the order top-left, top-right,
 * bottom-left, bottom-right, a later value replacing the best only when it
 * is greater or NaN, and nothing replacing a NaN. The index stored is the
 * winner's position in its plane (row · w + column), as the reference's.
 *
 * maxPool2x2(src, dst, idx, planes, h, w, outH, outW), addresses in bytes,
 * planes of h·w floats one after another in, outH·outW out (floats to dst,
 * int32 to idx). Each group of four outputs reads eight floats of two rows,
 * so the last group of a row may read up to six floats past the row (8
 * floats of slack after the input) and write up to three outputs past it:
 * they land on the next row's first outputs, which are written afterwards,
 * or in 4 values of slack after the output.
 */

/**
 * Shuffle lanes picking floats 0, 2, 4, 6 (evens) or 1, 3, 5, 7 (odds) of two
 * vectors holding floats 0–3 and 4–7 (the shuffle numbers the second one's
 * bytes 16–31, so float k is at bytes 4k..4k+3 either way).
 */
const floatLanes = (first: number) =>
  [0, 1, 2, 3].flatMap((k) => {
    const byte = (first + 2 * k) * 4;
    return [byte, byte + 1, byte + 2, byte + 3];
  });

function maxPool2x2Kernel(fn: FunctionBuilder): void {
  const [src, dst, idx, planes, h, w, outH, outW] = [0, 1, 2, 3, 4, 5, 6, 7];
  const p = fn.local(I32);
  const oh = fn.local(I32);
  const q = fn.local(I32); // the group's first output column
  const top = fn.local(I32); // byte address of the window row pair's top row
  const out = fn.local(I32); // byte offset of the group's first output
  const corner = fn.local(V128); // the four windows' top-left positions in the plane
  const best = fn.local(V128);
  const at = fn.local(V128);
  const v = fn.local(V128);
  const take = fn.local(V128);
  const offsets = [fn.local(V128), fn.local(V128), fn.local(V128)]; // 1, w, w + 1
  const [a, b] = [fn.local(V128), fn.local(V128)];
  const evens = floatLanes(0);
  const odds = floatLanes(1);
  fn.i32x4Const([1, 1, 1, 1]).set(offsets[0]!);
  fn.get(w).i32x4Splat().set(offsets[1]!);
  fn.get(w).i32(1).add().i32x4Splat().set(offsets[2]!);
  fn.i32(0).set(out);
  fn.block((exit) => {
    exit.get(planes).i32(0).gtS().eqz().brIf(0);
    exit.get(outH).i32(0).gtS().eqz().brIf(0);
    exit.get(outW).i32(0).gtS().eqz().brIf(0);
    exit.i32(0).set(p);
    exit.loop((planeLoop) => {
      planeLoop.i32(0).set(oh);
      planeLoop.loop((rowLoop) => {
        // top = src + 4·(p·h·w + 2·oh·w)
        rowLoop.get(src).get(p).get(h).mul().get(w).mul().get(oh).i32(2).mul().get(w).mul().add();
        rowLoop.i32(2).shl().add().set(top);
        rowLoop.i32(0).set(q);
        rowLoop.loop((groups) => {
          // the four windows' values: rows' floats 2q..2q+7 split into evens and odds
          const pair = (
            f: FunctionBuilder,
            rowBytes: () => void,
            lanes: number[],
            into: number,
          ) => {
            rowBytes();
            f.v128Load(0).set(a);
            rowBytes();
            f.v128Load(16).set(b);
            f.get(a).get(b).i8x16Shuffle(lanes);
            f.set(into);
          };
          const topRow = () => groups.get(top).get(q).i32(3).shl().add();
          const bottomRow = () =>
            groups.get(top).get(q).i32(3).shl().add().get(w).i32(2).shl().add();
          // corner = 2·oh·w + 2q + (0, 2, 4, 6)
          groups.get(oh).i32(2).mul().get(w).mul().get(q).i32(1).shl().add().i32x4Splat();
          groups.i32x4Const([0, 2, 4, 6]).i32x4Add().set(corner);
          pair(groups, topRow, evens, best);
          groups.get(corner).set(at);
          const candidates: [() => void, number[], number][] = [
            [topRow, odds, 0],
            [bottomRow, evens, 1],
            [bottomRow, odds, 2],
          ];
          for (const [row, lanes, k] of candidates) {
            pair(groups, row, lanes, v);
            // take = (v > best | v ≠ v) & best = best
            groups.get(v).get(best).f32x4Gt().get(v).get(v).f32x4Ne().v128Or();
            groups.get(best).get(best).f32x4Eq().v128And().set(take);
            groups.get(v).get(best).get(take).v128Bitselect().set(best);
            groups.get(corner).get(offsets[k]!).i32x4Add().get(at).get(take).v128Bitselect();
            groups.set(at);
          }
          groups.get(dst).get(out).add().get(best).v128Store(0);
          groups.get(idx).get(out).add().get(at).v128Store(0);
          groups.get(out).i32(16).add().set(out);
          groups.get(q).i32(4).add().tee(q).get(outW).ltS().brIf(0);
        });
        // the next row's outputs start outW after this row's (the last group may have run past)
        rowLoop.get(out).get(q).get(outW).sub().i32(2).shl().sub().set(out);
        rowLoop.get(oh).i32(1).add().tee(oh).get(outH).ltS().brIf(0);
      });
      planeLoop.get(p).i32(1).add().tee(p).get(planes).ltS().brIf(0);
    });
  });
}

/** Adds maxPool2x2 to the module. */
export function addPoolKernels(m: ModuleBuilder): void {
  maxPool2x2Kernel(m.func('maxPool2x2', [I32, I32, I32, I32, I32, I32, I32, I32], []).fn);
}
