import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import { findLab } from '../labs/index.js';
import type { MetricValue } from './lab.js';
import { runLab } from './run-lab.js';

export interface QuickRun {
  metrics: Record<string, MetricValue>;
  outDir: string;
  /** Names of the SVG files written. */
  figures: string[];
  report: string;
  console: string;
}

/**
 * Runs a lab's --quick form for real into a temp dir and checks what every
 * lab must leave behind: well-formed SVG figures, a metrics.json with the
 * config and wall time, and a report with the four sections and every figure.
 */
export async function runQuick(id: string, extra: string[] = []): Promise<QuickRun> {
  const outDir = mkdtempSync(join(tmpdir(), `gradlab-${id}-`));
  let console = '';
  await runLab(findLab(id), ['--quick', '--out', outDir, ...extra], {
    write: (s) => (console += s),
  });
  const figures = readdirSync(outDir).filter((f) => f.endsWith('.svg'));
  for (const f of figures) {
    expect(XMLValidator.validate(readFileSync(join(outDir, f), 'utf8')), f).toBe(true);
  }
  const json = JSON.parse(readFileSync(join(outDir, 'metrics.json'), 'utf8'));
  expect(json.lab).toBe(id);
  expect(json.config.quick).toBe(true);
  expect(json.wall_time_s).toBeGreaterThan(0);
  expect(existsSync(join(outDir, 'report.html'))).toBe(true);
  const report = readFileSync(join(outDir, 'report.html'), 'utf8');
  for (const section of ['Aim', 'Procedure', 'Data and Results', 'Analysis and Inferences']) {
    expect(report).toContain(`>${section}</h2>`);
  }
  expect((report.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(figures.length);
  return { metrics: json.metrics, outDir, figures, report, console };
}

/**
 * Checks a checkpointing lab's `--resume`: `--epochs 1` and then `--resume
 * --epochs 2` in one out dir must give exactly what an uninterrupted
 * `--epochs 2` run gives — the same metrics (except the `timing` keys, at any
 * depth: measured seconds) and byte-identical weight files — and resuming where there is no
 * checkpoint, or with other flags, must fail clearly.
 */
export async function expectExactResume(
  id: string,
  flags: string[],
  timing: readonly string[],
): Promise<void> {
  const lab = findLab(id);
  const quiet = { write: () => {} };
  const run = async (dir: string, extra: string[]) => {
    await runLab(lab, ['--quick', '--out', dir, ...flags, ...extra], quiet);
    const json = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    const dropTiming = (o: unknown): void => {
      if (o === null || typeof o !== 'object') return;
      for (const t of timing) delete (o as Record<string, unknown>)[t];
      for (const v of Object.values(o)) dropTiming(v);
    };
    dropTiming(json.metrics);
    const weights = Object.fromEntries(
      readdirSync(dir)
        .filter((f) => f.endsWith('.safetensors') && !f.includes('checkpoint'))
        .map((f) => [f, readFileSync(join(dir, f))]),
    );
    return { metrics: json.metrics, weights };
  };
  const whole = await run(mkdtempSync(join(tmpdir(), `gradlab-${id}-whole-`)), ['--epochs', '2']);
  const dir = mkdtempSync(join(tmpdir(), `gradlab-${id}-resumed-`));
  await expect(run(dir, ['--resume', '--epochs', '2'])).rejects.toThrow(
    /--resume: no checkpoint at .*; run without --resume first/,
  );
  await run(dir, ['--epochs', '1']);
  await expect(run(dir, ['--resume', '--epochs', '2', '--seed', '7'])).rejects.toThrow(
    /another configuration \(seed: 42 in the checkpoint, 7 now\)/,
  );
  const resumed = await run(dir, ['--resume', '--epochs', '2']);
  expect(resumed.metrics).toEqual(whole.metrics);
  expect(Object.keys(resumed.weights).sort()).toEqual(Object.keys(whole.weights).sort());
  for (const [f, bytes] of Object.entries(whole.weights))
    expect(Buffer.compare(resumed.weights[f]!, bytes), `${f} differs`).toBe(0);
}
