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
