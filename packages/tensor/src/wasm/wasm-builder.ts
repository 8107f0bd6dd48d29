/**
 * A very small WebAssembly assembler: enough of the binary format to emit the
 * kernels of the wasm backend at run time (no build step, no toolchain). It
 * knows the handful of scalar, control-flow and SIMD instructions the kernels
 * use; `WebAssembly.validate` checks its output in the tests.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof F64 | typeof V128;

function uleb(n: number, out: number[]): void {
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
}

function sleb(n: number, out: number[]): void {
  let more = true;
  while (more) {
    let byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) more = false;
    else byte |= 0x80;
    out.push(byte);
  }
}

function section(id: number, body: number[], out: number[]): void {
  out.push(id);
  uleb(body.length, out);
  out.push(...body);
}

function name(s: string, out: number[]): void {
  const bytes = new TextEncoder().encode(s);
  uleb(bytes.length, out);
  out.push(...bytes);
}

/** Emits one function body; methods append instructions and return `this` for chaining. */
export class FunctionBuilder {
  readonly code: number[] = [];
  private readonly localTypes: ValType[] = [];

  constructor(
    readonly params: readonly ValType[],
    readonly results: readonly ValType[],
  ) {}

  /** Declares a local and returns its index (parameters come first). */
  local(type: ValType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }

  private op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
  private simd(opcode: number): this {
    this.code.push(0xfd);
    uleb(opcode, this.code);
    return this;
  }
  private memarg(align: number, offset: number): this {
    uleb(align, this.code);
    uleb(offset, this.code);
    return this;
  }

  get(i: number): this {
    this.op(0x20);
    uleb(i, this.code);
    return this;
  }
  set(i: number): this {
    this.op(0x21);
    uleb(i, this.code);
    return this;
  }
  tee(i: number): this {
    this.op(0x22);
    uleb(i, this.code);
    return this;
  }
  i32(v: number): this {
    this.op(0x41);
    sleb(v | 0, this.code);
    return this;
  }
  f32(v: number): this {
    const b = new Uint8Array(new Float32Array([v]).buffer);
    return this.op(0x43, ...b);
  }
  add(): this {
    return this.op(0x6a);
  }
  sub(): this {
    return this.op(0x6b);
  }
  mul(): this {
    return this.op(0x6c);
  }
  shl(): this {
    return this.op(0x74);
  }
  eqz(): this {
    return this.op(0x45);
  }
  eq(): this {
    return this.op(0x46);
  }
  ne(): this {
    return this.op(0x47);
  }
  and(): this {
    return this.op(0x71);
  }
  ltS(): this {
    return this.op(0x48);
  }
  geS(): this {
    return this.op(0x4e);
  }
  gtS(): this {
    return this.op(0x4a);
  }
  i32Load(offset = 0): this {
    return this.op(0x28).memarg(2, offset);
  }
  f32Load(offset = 0): this {
    return this.op(0x2a).memarg(2, offset);
  }
  f32Store(offset = 0): this {
    return this.op(0x38).memarg(2, offset);
  }
  f32Add(): this {
    return this.op(0x92);
  }
  f32Mul(): this {
    return this.op(0x94);
  }
  f32Max(): this {
    return this.op(0x97);
  }
  f64Store(offset = 0): this {
    return this.op(0x39).memarg(3, offset);
  }
  f64Add(): this {
    return this.op(0xa0);
  }
  f64Sub(): this {
    return this.op(0xa1);
  }
  f64Mul(): this {
    return this.op(0xa2);
  }
  /** f32 → f64 (exact). */
  f64PromoteF32(): this {
    return this.op(0xbb);
  }
  /** f64 → f32 (rounded to nearest). */
  f32DemoteF64(): this {
    return this.op(0xb6);
  }

  // control flow: block/loop/if take the body as a callback so nesting stays visible
  block(body: (f: this) => void): this {
    this.op(0x02, 0x40);
    body(this);
    return this.op(0x0b);
  }
  loop(body: (f: this) => void): this {
    this.op(0x03, 0x40);
    body(this);
    return this.op(0x0b);
  }
  if(then: (f: this) => void, otherwise?: (f: this) => void): this {
    this.op(0x04, 0x40);
    then(this);
    if (otherwise) {
      this.op(0x05);
      otherwise(this);
    }
    return this.op(0x0b);
  }
  br(depth: number): this {
    this.op(0x0c);
    uleb(depth, this.code);
    return this;
  }
  brIf(depth: number): this {
    this.op(0x0d);
    uleb(depth, this.code);
    return this;
  }
  call(index: number): this {
    this.op(0x10);
    uleb(index, this.code);
    return this;
  }

  // SIMD (128-bit)
  v128Load(offset = 0): this {
    return this.simd(0x00).memarg(4, offset);
  }
  v128Load32Splat(offset = 0): this {
    return this.simd(0x09).memarg(2, offset);
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b).memarg(4, offset);
  }
  /** Two floats (8 bytes) into the low half of a vector, the high half zero. */
  v128Load64Zero(offset = 0): this {
    return this.simd(0x5d).memarg(3, offset);
  }
  /** Stores the vector's low 8 bytes (lane 0 of its i64x2 view). */
  v128Store64Lane0(offset = 0): this {
    this.simd(0x5b).memarg(3, offset);
    this.code.push(0);
    return this;
  }
  /** A v128 constant from four int32 lanes. */
  i32x4Const(lanes: readonly [number, number, number, number]): this {
    this.simd(0x0c);
    this.code.push(...new Uint8Array(new Int32Array(lanes).buffer));
    return this;
  }
  /** v1, v2, c → (v1 & c) | (v2 & ~c). */
  v128Bitselect(): this {
    return this.simd(0x52);
  }
  i32x4Splat(): this {
    return this.simd(0x11);
  }
  i32x4GtS(): this {
    return this.simd(0x3b);
  }
  i32x4LeS(): this {
    return this.simd(0x3d);
  }
  v128And(): this {
    return this.simd(0x4e);
  }
  /** Bytes of two vectors picked by 16 lane indices (0–15: the first, 16–31: the second). */
  i8x16Shuffle(lanes: readonly number[]): this {
    if (lanes.length !== 16 || lanes.some((l) => !Number.isInteger(l) || l < 0 || l > 31))
      throw new Error(`i8x16Shuffle: 16 lane indices in 0..31, got [${lanes}]`);
    this.simd(0x0d);
    this.code.push(...lanes);
    return this;
  }
  i32x4Add(): this {
    return this.simd(0xae);
  }
  f32x4Eq(): this {
    return this.simd(0x41);
  }
  f32x4Ne(): this {
    return this.simd(0x42);
  }
  f32x4Gt(): this {
    return this.simd(0x44);
  }
  f32x4Ge(): this {
    return this.simd(0x46);
  }
  f32x4Lt(): this {
    return this.simd(0x43);
  }
  f32x4Abs(): this {
    return this.simd(0xe0);
  }
  f32x4Neg(): this {
    return this.simd(0xe1);
  }
  /** Lane-wise minimum; NaN if either lane is NaN. */
  f32x4Min(): this {
    return this.simd(0xe8);
  }
  /** Round to the nearest integer, ties to even. */
  f32x4Nearest(): this {
    return this.simd(0x6a);
  }
  /** f32 lanes to i32, truncating, saturating (NaN → 0). */
  i32x4TruncSatF32x4S(): this {
    return this.simd(0xf8);
  }
  i32x4Sub(): this {
    return this.simd(0xb1);
  }
  /** Shift each lane left by an i32 count. */
  i32x4Shl(): this {
    return this.simd(0xab);
  }
  /** Arithmetic shift right of each lane by an i32 count. */
  i32x4ShrS(): this {
    return this.simd(0xac);
  }
  v128Or(): this {
    return this.simd(0x50);
  }
  f64x2Splat(): this {
    return this.simd(0x14);
  }
  f64x2ExtractLane(lane: 0 | 1): this {
    this.simd(0x21);
    this.code.push(lane);
    return this;
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Sub(): this {
    return this.simd(0xf1);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }
  /** The low two f32 lanes, exactly, as f64x2. */
  f64x2PromoteLowF32x4(): this {
    return this.simd(0x5f);
  }
  /** f64x2 rounded to two f32 lanes (low half), the high half zero. */
  f32x4DemoteF64x2Zero(): this {
    return this.simd(0x5e);
  }
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Sub(): this {
    return this.simd(0xe5);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  f32x4Div(): this {
    return this.simd(0xe7);
  }
  f32x4Sqrt(): this {
    return this.simd(0xe3);
  }
  f32x4Max(): this {
    return this.simd(0xe9);
  }
  /** a·b + c with one rounding where the CPU has FMA (relaxed SIMD). */
  f32x4RelaxedMadd(): this {
    return this.simd(0x105);
  }

  /** The function body in binary form (locals grouped by type, then the code and `end`). */
  encode(): number[] {
    const body: number[] = [];
    const groups: [number, ValType][] = [];
    for (const t of this.localTypes) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    uleb(groups.length, body);
    for (const [count, type] of groups) {
      uleb(count, body);
      body.push(type);
    }
    body.push(...this.code, 0x0b);
    const out: number[] = [];
    uleb(body.length, out);
    out.push(...body);
    return out;
  }
}

/** A module that imports one (shared) memory `env.memory` and exports its functions. */
export class ModuleBuilder {
  private readonly functions: { name: string; fn: FunctionBuilder }[] = [];

  /** Adds a function; its index (for `call`) is the order of addition. */
  func(
    name: string,
    params: readonly ValType[],
    results: readonly ValType[],
  ): { index: number; fn: FunctionBuilder } {
    const fn = new FunctionBuilder(params, results);
    this.functions.push({ name, fn });
    return { index: this.functions.length - 1, fn };
  }

  /**
   * The module bytes. The memory import is shared (so worker threads can run
   * the same kernels on it) with the given page limits.
   */
  build(memory: { initial: number; maximum: number; shared: boolean }): Uint8Array<ArrayBuffer> {
    const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const types: number[] = [];
    uleb(this.functions.length, types);
    for (const { fn } of this.functions) {
      types.push(0x60);
      uleb(fn.params.length, types);
      types.push(...fn.params);
      uleb(fn.results.length, types);
      types.push(...fn.results);
    }
    section(1, types, out);
    const imports: number[] = [1];
    name('env', imports);
    name('memory', imports);
    imports.push(0x02, memory.shared ? 0x03 : 0x01);
    uleb(memory.initial, imports);
    uleb(memory.maximum, imports);
    section(2, imports, out);
    const funcs: number[] = [];
    uleb(this.functions.length, funcs);
    for (let i = 0; i < this.functions.length; i++) uleb(i, funcs);
    section(3, funcs, out);
    const exports: number[] = [];
    uleb(this.functions.length, exports);
    this.functions.forEach(({ name: n }, i) => {
      name(n, exports);
      exports.push(0x00);
      uleb(i, exports);
    });
    section(7, exports, out);
    const code: number[] = [];
    uleb(this.functions.length, code);
    for (const { fn } of this.functions) code.push(...fn.encode());
    section(10, code, out);
    return new Uint8Array(out);
  }
}
