import { MR, NR } from './tile.js';
import { type FunctionBuilder, I32, V128 } from './wasm-builder.js';

/**
 * packA(src, rowStrideBytes, colStrideBytes, rows, kc, dst): copies A[0:rows,
 * 0:kc] (any strides, already staged in wasm memory) into MR-row panels of kc×MR
 * floats, zero-padding the last panel.
 */
export function packAKernel(fn: FunctionBuilder): void {
  const [src, sm, sk, rows, kc, dst] = [0, 1, 2, 3, 4, 5];
  const p = fn.local(I32);
  const k = fn.local(I32);
  const at = fn.local(I32);
  const rowOff = Array.from({ length: MR }, () => fn.local(I32));
  for (let r = 0; r < MR; r++) fn.i32(r).get(sm).mul().set(rowOff[r]!);
  fn.block((exit) => {
    exit.get(rows).i32(0).gtS().eqz().brIf(0);
    exit.loop((panels) => {
      panels.get(src).get(p).get(sm).mul().add().set(at);
      panels.i32(0).set(k);
      panels.get(rows).get(p).sub().i32(MR).geS();
      panels.if(
        (full) => {
          full.loop((ks) => {
            for (let r = 0; r < MR; r++)
              ks.get(dst)
                .get(at)
                .get(rowOff[r]!)
                .add()
                .f32Load()
                .f32Store(r * 4);
            ks.get(dst)
              .i32(MR * 4)
              .add()
              .set(dst);
            ks.get(at).get(sk).add().set(at);
            ks.get(k).i32(1).add().tee(k).get(kc).ltS().brIf(0);
          });
        },
        (partial) => {
          partial.loop((ks) => {
            for (let r = 0; r < MR; r++) {
              ks.get(p)
                .i32(r)
                .add()
                .get(rows)
                .ltS()
                .if(
                  (t) =>
                    t
                      .get(dst)
                      .get(at)
                      .get(rowOff[r]!)
                      .add()
                      .f32Load()
                      .f32Store(r * 4),
                  (e) =>
                    e
                      .get(dst)
                      .f32(0)
                      .f32Store(r * 4),
                );
            }
            ks.get(dst)
              .i32(MR * 4)
              .add()
              .set(dst);
            ks.get(at).get(sk).add().set(at);
            ks.get(k).i32(1).add().tee(k).get(kc).ltS().brIf(0);
          });
        },
      );
      panels.get(p).i32(MR).add().tee(p).get(rows).ltS().brIf(0);
    });
  });
}

/**
 * packB(src, rowStrideBytes, colStrideBytes, cols, kc, dst): copies B[0:kc,
 * 0:cols] into NR-column panels of kc×NR floats, zero-padding the last panel;
 * contiguous full panels move with two 128-bit loads and stores per row.
 */
export function packBKernel(fn: FunctionBuilder): void {
  const [src, sk, sn, cols, kc, dst] = [0, 1, 2, 3, 4, 5];
  const q = fn.local(I32);
  const k = fn.local(I32);
  const at = fn.local(I32);
  const left = fn.local(I32);
  fn.block((exit) => {
    exit.get(cols).i32(0).gtS().eqz().brIf(0);
    exit.loop((panels) => {
      panels.get(src).get(q).get(sn).mul().add().set(at);
      panels.get(cols).get(q).sub().set(left);
      panels.i32(0).set(k);
      panels
        .get(left)
        .i32(NR)
        .geS()
        .get(sn)
        .i32(4)
        .eq()
        .and()
        .if(
          (fast) =>
            fast.loop((ks) => {
              for (let v = 0; v < NR / 4; v++)
                ks.get(dst)
                  .get(at)
                  .v128Load(v * 16)
                  .v128Store(v * 16);
              ks.get(dst)
                .i32(NR * 4)
                .add()
                .set(dst);
              ks.get(at).get(sk).add().set(at);
              ks.get(k).i32(1).add().tee(k).get(kc).ltS().brIf(0);
            }),
          (slow) =>
            slow.loop((ks) => {
              for (let c = 0; c < NR; c++) {
                ks.i32(c)
                  .get(left)
                  .ltS()
                  .if(
                    (t) =>
                      t
                        .get(dst)
                        .get(at)
                        .i32(c)
                        .get(sn)
                        .mul()
                        .add()
                        .f32Load()
                        .f32Store(c * 4),
                    (e) =>
                      e
                        .get(dst)
                        .f32(0)
                        .f32Store(c * 4),
                  );
              }
              ks.get(dst)
                .i32(NR * 4)
                .add()
                .set(dst);
              ks.get(at).get(sk).add().set(at);
              ks.get(k).i32(1).add().tee(k).get(kc).ltS().brIf(0);
            }),
        );
      panels.get(q).i32(NR).add().tee(q).get(cols).ltS().brIf(0);
    });
  });
}

/**
 * gather(p, rowOffs, rows, laneOffs, panels, dst, segs): dst[q][r][j] =
 * P[rowOffs[r] + laneOffs[8q + j]] for NR = 8 lanes per panel, rows r < rows
 * and panels q < panels — an im2col block gathered from a padded image into
 * the GEMM's panel layout (conv-gemm.ts). `p` and `dst` are byte addresses,
 * the offset tables int32 element offsets from `p`.
 *
 * `segs` holds three ints per panel, [a, b, s]: when s ≥ 0 the panel's lane
 * offsets are two runs of consecutive offsets, lanes j < s at a + j and lanes
 * j ≥ s at b + j (s = 8: one run), so each row moves as four 128-bit loads
 * blended into two stores; s < 0 sends the panel through the lane-by-lane
 * loop. (b + j for j < s may point before the image: those lanes are loaded
 * and discarded by the blend — still inside wasm memory, past the tables.)
 */
export function gatherKernel(fn: FunctionBuilder): void {
  const [p, rowOffs, rows, laneOffs, panels, dst, segs] = [0, 1, 2, 3, 4, 5, 6];
  const lane = Array.from({ length: NR }, () => fn.local(I32));
  const q = fn.local(I32);
  const r = fn.local(I32);
  const o = fn.local(I32);
  const s = fn.local(I32);
  const a = fn.local(I32);
  const b = fn.local(I32);
  const m0 = fn.local(V128);
  const m1 = fn.local(V128);
  const blended = (f: FunctionBuilder, offset: number, mask: number) =>
    f
      .get(dst)
      .get(o)
      .get(a)
      .add()
      .v128Load(offset)
      .get(o)
      .get(b)
      .add()
      .v128Load(offset)
      .get(mask)
      .v128Bitselect()
      .v128Store(offset);
  /** For r < rows: o = the byte offset of row r, `body`, then dst moves to the next panel row. */
  const eachRow = (f: FunctionBuilder, body: (f: FunctionBuilder) => void) =>
    f.loop((b) => {
      b.get(rowOffs).get(r).i32(2).shl().add().i32Load().i32(2).shl().set(o);
      body(b);
      b.get(dst)
        .i32(NR * 4)
        .add()
        .set(dst);
      b.get(r).i32(1).add().tee(r).get(rows).ltS().brIf(0);
    });
  fn.block((exit) => {
    exit.get(rows).i32(0).gtS().eqz().brIf(0);
    exit.get(panels).i32(0).gtS().eqz().brIf(0);
    exit.loop((lanes) => {
      lanes.get(segs).i32Load(8).set(s);
      lanes.i32(0).set(r);
      lanes.get(s).i32(0).ltS();
      lanes.if(
        (scalar) => {
          // byte addresses of the panel's NR lanes at row offset 0
          for (let j = 0; j < NR; j++)
            scalar
              .get(laneOffs)
              .i32Load(j * 4)
              .i32(2)
              .shl()
              .get(p)
              .add()
              .set(lane[j]!);
          eachRow(scalar, (body) => {
            for (let j = 0; j < NR; j++)
              body
                .get(dst)
                .get(o)
                .get(lane[j]!)
                .add()
                .f32Load()
                .f32Store(j * 4);
          });
        },
        (simd) => {
          simd.get(segs).i32Load(0).i32(2).shl().get(p).add().set(a);
          simd.get(segs).i32Load(4).i32(2).shl().get(p).add().set(b);
          simd.get(s).i32x4Splat().i32x4Const([0, 1, 2, 3]).i32x4GtS().set(m0);
          simd.get(s).i32x4Splat().i32x4Const([4, 5, 6, 7]).i32x4GtS().set(m1);
          eachRow(simd, (body) => {
            blended(body, 0, m0);
            blended(body, 16, m1);
          });
        },
      );
      lanes
        .get(laneOffs)
        .i32(NR * 4)
        .add()
        .set(laneOffs);
      lanes.get(segs).i32(12).add().set(segs);
      lanes.get(q).i32(1).add().tee(q).get(panels).ltS().brIf(0);
    });
  });
}

/**
 * padRows(src, dst, planes, h, w, wp, hp): copies `planes` contiguous h×w
 * float planes at byte address `src` into the rows of a padded buffer, plane
 * p row y going to byte address dst + 4·(p·hp·wp + y·wp) — the staging of an
 * image for the implicit-im2col convolutions (conv-gemm.ts), four floats per
 * load and store.
 */
export function padRowsKernel(fn: FunctionBuilder): void {
  const [src, dst, planes, h, w, wp, hp] = [0, 1, 2, 3, 4, 5, 6];
  const p = fn.local(I32);
  const y = fn.local(I32);
  const i = fn.local(I32);
  const row = fn.local(I32);
  const w4 = fn.local(I32);
  fn.get(w).i32(-4).and().set(w4);
  fn.block((exit) => {
    exit.get(planes).i32(0).gtS().eqz().brIf(0);
    exit.get(h).i32(0).gtS().eqz().brIf(0);
    exit.loop((plane) => {
      // row: byte address of this plane's first padded row
      plane.get(dst).get(p).get(hp).mul().get(wp).mul().i32(2).shl().add().set(row);
      plane.i32(0).set(y);
      plane.loop((rows) => {
        rows.i32(0).set(i);
        rows.block((vecExit) => {
          vecExit.get(w4).i32(0).gtS().eqz().brIf(0);
          vecExit.loop((v) => {
            v.get(row).get(i).i32(2).shl().add();
            v.get(src).get(i).i32(2).shl().add().v128Load();
            v.v128Store();
            v.get(i).i32(4).add().tee(i).get(w4).ltS().brIf(0);
          });
        });
        rows.block((tailExit) => {
          tailExit.get(i).get(w).ltS().eqz().brIf(0);
          tailExit.loop((t) => {
            t.get(row).get(i).i32(2).shl().add();
            t.get(src).get(i).i32(2).shl().add().f32Load();
            t.f32Store();
            t.get(i).i32(1).add().tee(i).get(w).ltS().brIf(0);
          });
        });
        rows.get(src).get(w).i32(2).shl().add().set(src);
        rows.get(row).get(wp).i32(2).shl().add().set(row);
        rows.get(y).i32(1).add().tee(y).get(h).ltS().brIf(0);
      });
      plane.get(p).i32(1).add().tee(p).get(planes).ltS().brIf(0);
    });
  });
}
