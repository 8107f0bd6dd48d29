// Usage: node <path to>/scripts/tuned-malloc.mjs <entry.ts> [args…]
//
// Runs `node --conditions=source --import tsx <entry.ts> [args…]` in a child process whose glibc
// malloc keeps freed memory for reuse. `pnpm --filter labs start` (the labs) and
// `pnpm --filter @gradlab/bench bench` (the benchmarks, and the PyTorch process they start,
// which inherits the setting) go through it.
//
// Why: the tensors of a training step are typed arrays that V8 frees in bursts at garbage
// collection. With glibc's defaults, large blocks go back to the operating system (munmap, heap
// trimming) and the next step's arrays fault their pages back in one by one — on the virtual
// machines we measure on, ≈ 2 300 page faults per step of the mnist-cnn-bn network at 10–20 µs
// each. Raising the mmap threshold to glibc's maximum (32 MiB) and the trim threshold to 1 GiB
// keeps those blocks in the heap: the step then faults ≈ 100–200 times and takes ≈ 11 % less time
// (bench/RESULTS.md). PyTorch gains more still (its documentation recommends jemalloc or tcmalloc
// for the same reason). Peak memory grows by ≈ 5 %. On a bare-metal laptop a page fault costs
// well under a microsecond, so there the setting changes little.
//
// GLIBC_TUNABLES is read when a process starts, so it cannot be set from inside Node: hence the
// child process. Elsewhere (macOS, Windows, musl) the variable means nothing and is harmless. A
// GLIBC_TUNABLES already set is kept, and GRADLAB_MALLOC=default leaves malloc alone.
import { spawn } from 'node:child_process';

const MALLOC_TUNABLES =
  'glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/tuned-malloc.mjs <entry.ts> [args…]');
  process.exit(2);
}

const env = { ...process.env };
if (env.GLIBC_TUNABLES === undefined && env.GRADLAB_MALLOC !== 'default')
  env.GLIBC_TUNABLES = MALLOC_TUNABLES;

const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', entry, ...args], {
  stdio: 'inherit',
  env,
});

// Ctrl-C reaches the child directly (same process group): this process only waits for it.
process.on('SIGINT', () => {});
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));

child.on('error', (err) => {
  console.error(`error: could not start ${entry}: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    // End the way the child ended, so a shell sees the same status.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
