import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from './cases.ts';
import type { EpochResult } from './ours-epoch.ts';

/** Debian's python3 with python3-torch; GRADLAB_PYTHON names another (a GPU machine's venv, say). */
export const PYTHON = process.env.GRADLAB_PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../py/torch_bench.py', import.meta.url));

export interface TorchReference {
  version: string;
  /** The BLAS entries of `torch.__config__.show()`. */
  blasConfig: string;
  /** The BLAS shared libraries the Python process actually loaded. */
  blasLibrary: string;
  mkldnn: boolean;
  /** torch.get_num_threads() after each torch.set_num_threads(n), keyed by n. */
  threads: Record<string, number>;
  /**
   * Per thread count, per case id: median seconds (kernels), median seconds per
   * step (training), or an epoch's figures.
   */
  results: Record<string, Record<string, number | EpochResult>>;
}

/**
 * Times the same cases with PyTorch in a child process, once per thread count.
 * Returns the reason instead when Python or torch is missing or the script fails.
 */
export function runTorch(
  cases: readonly BenchCase[],
  threads: readonly number[],
): TorchReference | { unavailable: string } {
  if (!existsSync(PYTHON)) return { unavailable: `${PYTHON} not found` };
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    return { unavailable: `${PYTHON} cannot import torch (${lastLine(probe.stderr)})` };
  }
  const run = spawnSync(PYTHON, [SCRIPT], {
    input: JSON.stringify({ threads, cases }),
    env: { ...process.env, OMP_WAIT_POLICY: ompWaitPolicy() },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) {
    return { unavailable: `torch_bench.py failed: ${lastLine(run.stderr ?? String(run.error))}` };
  }
  return JSON.parse(run.stdout) as TorchReference;
}

/**
 * OpenMP's wait policy for torch's threads: `active` (spin between parallel
 * regions) unless the caller set one. With libgomp's default, 2-thread torch
 * calls on our 2-vCPU VMs often stall ≈ 8 ms waking the sleeping thread, which
 * measures the VM's scheduler rather than torch.
 */
export function ompWaitPolicy(): string {
  return process.env.OMP_WAIT_POLICY ?? 'active';
}

function lastLine(text: string | null): string {
  const lines = (text ?? '').trim().split('\n');
  return lines[lines.length - 1] ?? '';
}
