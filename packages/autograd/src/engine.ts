import { lastStorageSerial, type NDArray, type Storage, zeros } from '@gradlab/tensor';
import { PartialGrad } from './node.js';
import type { Tensor } from './tensor.js';

/** Sums a broadcast gradient back to `shape` (the one place broadcasting is undone). */
export function sumToShape(grad: NDArray, shape: readonly number[]): NDArray {
  if (grad.ndim === shape.length && grad.shape.every((d, i) => d === shape[i])) return grad;
  const lead = grad.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < grad.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) dims.push(i);
  }
  let out = dims.length ? grad.sum(dims, true) : grad;
  if (lead > 0) out = out.reshape([...shape]);
  return out;
}

/** Tensors reachable from `root` through recorded ops, outputs before inputs (iterative DFS). */
function topologicalOrder(root: Tensor): Tensor[] {
  const post: Tensor[] = [];
  const seen = new Set<Tensor>([root]);
  const stack: { t: Tensor; next: number }[] = [{ t: root, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const inputs = top.t.gradFn?.inputs ?? [];
    if (top.next < inputs.length) {
      const child = inputs[top.next++]!;
      if (child.gradFn && !seen.has(child)) {
        seen.add(child);
        stack.push({ t: child, next: 0 });
      }
    } else {
      post.push(top.t);
      stack.pop();
    }
  }
  return post.reverse();
}

/**
 * Reverse-mode differentiation from `root` with output gradient `gradient`.
 * Leaves accumulate into `.grad` (added to what is there, like PyTorch);
 * non-leaves keep theirs only when `retainGrad()` was called. Unless
 * `retainGraph`, each node's saved values are released as soon as it is used.
 */
export function runBackward(root: Tensor, gradient: NDArray, retainGraph: boolean): void {
  const grads = new Map<Tensor, NDArray>([[root, gradient]]);
  // Sums the engine made itself: nothing else holds them, so further terms are added in place
  // (a weight used at every step of an RNN gathers its gradient in one array, not one per step).
  const owned = new Set<NDArray>();
  // A gradient a backward function returns in an array made during this pass (its storage serial
  // is newer than `start`) that no other gradient of the pass has used (`seen`: the serials of
  // the new arrays handed to or returned by backward functions so far) belongs to that one
  // input: a leaf with no gradient yet keeps it instead of a copy, as PyTorch steals an
  // unshared gradient. Older arrays (forward values, the caller's gradient, anything a closure
  // captured) are copied.
  const start = lastStorageSerial();
  const seen = new Set<number>();
  // Gradients in the map that only the engine holds (made in this pass, unshared, whole
  // storages): once their node's backward has run, and returned no view of them, they are
  // dead and their memory goes back to the backend for the next allocation of that size.
  const exclusive = new Set<NDArray>();
  for (const t of topologicalOrder(root)) {
    const g = grads.get(t);
    grads.delete(t);
    const node = t.gradFn!;
    if (!g) continue;
    owned.delete(g); // handed to a backward function, which may pass it on to its inputs
    markSeen(g.storage, start, seen);
    if (t.retainsGrad) t.grad = t.grad ? t.grad.add(g) : g.clone();
    if (!node.backward) {
      throw new Error(
        `backward: tried to backpropagate through '${node.name}' a second time; its saved values were freed. Pass { retainGraph: true } to the first backward()`,
      );
    }
    const inputs = node.inputs;
    const needs = inputs.map((x) => x.requiresGrad);
    const inGrads = node.backward(g, needs);
    if (!retainGraph) node.release();
    if (exclusive.delete(g) && node.transient && !inGrads.some((r) => storageOf(r) === g.storage))
      g.storage.backend.recycle?.(g.storage);
    const unshared = unsharedNewArrays(inGrads, start, seen);
    inputs.forEach((x, i) => {
      const gi = inGrads[i];
      if (!needs[i] || !gi) return;
      if (gi instanceof PartialGrad) {
        addPartial(x, gi);
        return;
      }
      const fresh = unshared?.has(gi) ?? false;
      let reduced = sumToShape(gi, x.shape);
      if (reduced.dtype !== x.dtype) reduced = reduced.to(x.dtype);
      if (x.gradFn) {
        const prev = grads.get(x);
        if (!prev) {
          grads.set(x, reduced);
          if (keepable(reduced, gi, fresh, start)) exclusive.add(reduced);
        } else if (owned.has(prev)) prev.add_(reduced);
        else {
          const sum = prev.add(reduced);
          owned.add(sum);
          exclusive.delete(prev);
          if (wholeStorage(sum)) exclusive.add(sum);
          grads.set(x, sum);
        }
      } else if (ownsGrad(x)) {
        // Leaves own their gradient (cloned on first use) and accumulate into it in place, like PyTorch.
        x.grad!.add_(reduced);
      } else if (!x.grad && keepable(reduced, gi, fresh, start)) {
        x.grad = reduced; // made in this pass for this leaf alone (see `seen`)
      } else {
        // Never alias an array another leaf, the caller or the graph may hold.
        x.grad = x.grad ? x.grad.add(reduced) : reduced.clone();
      }
    });
  }

  /** Adds a gradient that lives in one view of x into x's (owned, full-size) accumulator. */
  function addPartial(x: Tensor, part: PartialGrad): void {
    const value = part.value.dtype === x.dtype ? part.value : part.value.to(x.dtype);
    let full: NDArray;
    if (x.gradFn) {
      const prev = grads.get(x);
      if (prev && owned.has(prev)) full = prev;
      else {
        full = prev
          ? prev.clone()
          : zeros([...x.shape], { dtype: x.dtype, backend: value.backend });
        owned.add(full);
        grads.set(x, full);
      }
    } else {
      if (!ownsGrad(x)) {
        x.grad = x.grad
          ? x.grad.clone()
          : zeros([...x.shape], { dtype: x.dtype, backend: value.backend });
      }
      full = x.grad!;
    }
    part.view(full).add_(value);
  }
}

/**
 * The arrays among one backward function's results that a leaf may keep as
 * its gradient: made during this pass (storage serial after `start`), used by
 * no gradient seen so far in the pass and by no other result of this call.
 * Adds every result's storage to `seen`.
 */
function unsharedNewArrays(
  results: readonly (NDArray | PartialGrad | null)[],
  start: number,
  seen: Set<number>,
): Set<NDArray> | null {
  let out: Set<NDArray> | null = null;
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    if (!r || r instanceof PartialGrad) continue;
    const s = r.storage;
    if ((s.serial ?? 0) <= start || seen.has(s.serial!)) continue;
    let shared = false;
    for (let j = 0; j < results.length && !shared; j++)
      shared = j !== i && storageOf(results[j]) === s;
    if (!shared) (out ??= new Set()).add(r);
  }
  for (const r of results) {
    const s = storageOf(r);
    if (s) markSeen(s, start, seen);
  }
  return out;
}

function storageOf(r: NDArray | PartialGrad | null | undefined): Storage | undefined {
  return r instanceof PartialGrad ? r.value.storage : r?.storage;
}

/** Records a storage made during the pass (only those can be kept, so only those are tracked). */
function markSeen(s: Storage, start: number, seen: Set<number>): void {
  if ((s.serial ?? 0) > start) seen.add(s.serial!);
}

/**
 * Whether a leaf may keep `reduced` (gi summed to its shape and cast) as its
 * gradient: gi itself when gi is unshared and new, or an array the engine just
 * made from it; and a contiguous array that is all of its storage.
 */
function keepable(reduced: NDArray, gi: NDArray, fresh: boolean, start: number): boolean {
  const isNew = reduced.storage === gi.storage ? fresh : (reduced.storage.serial ?? 0) > start;
  return isNew && wholeStorage(reduced);
}

/** A contiguous array that is all of its storage (no other view can see a part it lacks). */
function wholeStorage(a: NDArray): boolean {
  return a.isContiguous() && a.offset === 0 && a.size === a.storage.length;
}

/** Whether x.grad can take further terms in place (a contiguous array of x's dtype). */
function ownsGrad(x: Tensor): boolean {
  return !!x.grad && x.grad.isContiguous() && x.grad.dtype === x.dtype;
}
