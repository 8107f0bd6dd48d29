/**
 * A value that is either here now or will be: gpu.js's WebGPU kernels resolve
 * their results through promises, while its WebGL, WebAssembly and cpu modes
 * return them at once. Ops chain on deferred values so the synchronous
 * backend seam works on both: with a synchronous mode every step runs at once,
 * with WebGPU the steps are queued in call order and only a read waits.
 */
export type Deferred<T> = T | Promise<T>;

export function isPending<T>(v: Deferred<T>): v is Promise<T> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}

/** f(v), now when v is here, else once it arrives. */
export function after<T, R>(v: Deferred<T>, f: (value: T) => Deferred<R>): Deferred<R> {
  return isPending(v) ? v.then(f) : f(v);
}

/** f(values), now when every value is here, else once all arrive. */
export function afterAll<T, R>(
  vs: readonly Deferred<T>[],
  f: (values: T[]) => Deferred<R>,
): Deferred<R> {
  return vs.some(isPending) ? Promise.all(vs).then(f) : f(vs as T[]);
}
