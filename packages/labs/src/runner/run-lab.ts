import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Generator,
  type GpuMode,
  getBackend,
  listBackends,
  loadGpuBackend,
  setBackend,
} from '@gradlab/tensor';
import { Report, saveSvg, writeFileAtomic } from '@gradlab/viz';
import { COMMON_FLAGS, type FlagSpec, formatFlags, parseFlags } from './flags.js';
import type { LabConfig, LabContext, LabDefinition, MetricValue } from './lab.js';
import { formatDuration, Progress } from './progress.js';

export interface LabRunResult {
  config: LabConfig;
  metrics: Record<string, MetricValue>;
  wallTimeSeconds: number;
  outDir: string;
}

type ResultPart =
  | { kind: 'figure'; name: string; svg: string; caption: string }
  | {
      kind: 'table';
      caption: string;
      rows: readonly Record<string, string | number | boolean | null>[];
      columns?: readonly string[];
    }
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string; caption?: string };

const SNAKE = /^[a-z][a-z0-9_]*$/;

export function labFlags(lab: LabDefinition): FlagSpec[] {
  return [...COMMON_FLAGS, ...(lab.flags ?? [])];
}

/** The `--help` text of a lab. */
export function labHelp(lab: LabDefinition): string {
  return [
    `${lab.id} — ${lab.title}`,
    '',
    lab.description,
    '',
    `Usage: pnpm --filter labs start ${lab.id} [flags]`,
    '',
    formatFlags(labFlags(lab)),
    '',
    lab.epochs
      ? `Epochs: ${lab.epochs.full} (--quick: ${lab.epochs.quick}). A full run takes ${lab.fullRunTime} on a 2-core laptop.`
      : `This lab does not train. A run takes ${lab.fullRunTime} on a 2-core laptop.`,
  ].join('\n');
}

/**
 * Parses the flags, runs the lab, and writes its out dir: one SVG per figure,
 * metrics.json (headline numbers, config, wall time) and report.html.
 */
/**
 * DATA.md: the labs read datasets from `../shared/data` beside the checkout
 * when GRADLAB_DATA is not set (the loaders then fall back to the user cache).
 */
export function defaultDataDir(): void {
  if (process.env.GRADLAB_DATA) return;
  const shared = fileURLToPath(new URL('../../../../../shared/data', import.meta.url));
  if (existsSync(shared)) process.env.GRADLAB_DATA = shared;
}

export async function runLab(
  lab: LabDefinition,
  argv: readonly string[],
  io: { write: (s: string) => void; isTTY?: boolean } = { write: (s) => process.stdout.write(s) },
): Promise<LabRunResult> {
  const values = parseFlags(lab.id, argv, labFlags(lab));
  defaultDataDir();
  let backend = values.backend === undefined ? getBackend().name : String(values.backend);
  if (values.gpuMode !== undefined && backend !== 'gpu')
    throw new Error(`${lab.id}: --gpu-mode applies only with --backend gpu`);
  if (backend === 'gpu') {
    // gpu.js is loaded on demand (or the 'gpu' backend already registered is used); without a
    // GPU — or under WebGPU for a lab that reads synchronously — it says so and uses a CPU backend.
    backend = setBackend(
      await loadGpuBackend({
        log: (m) => io.write(`${m}\n`),
        syncReads: !lab.asyncReads,
        mode: (values.gpuMode as GpuMode | undefined) ?? 'auto',
      }),
    ).name;
  } else if (!listBackends().includes(backend)) {
    throw new Error(
      `${lab.id}: unknown backend '${backend}' (available: ${[...listBackends(), 'gpu'].join(', ')})`,
    );
  }
  setBackend(backend);
  const quick = values.quick === true;
  if (!lab.epochs && values.epochs !== undefined)
    throw new Error(`${lab.id}: this lab does not train, so --epochs does not apply`);
  const resume = values.resume === true;
  if (resume && !lab.checkpoints)
    throw new Error(`${lab.id}: this lab does not write checkpoints, so --resume does not apply`);
  const config = {
    ...values,
    resume,
    seed: Number(values.seed),
    quick,
    epochs:
      values.epochs !== undefined
        ? Number(values.epochs)
        : lab.epochs
          ? quick
            ? lab.epochs.quick
            : lab.epochs.full
          : 0,
    out: resolve(String(values.out ?? join('runs', lab.id))),
    backend,
  } as LabConfig;
  delete (config as Record<string, unknown>).help;
  mkdirSync(config.out, { recursive: true });
  // A fresh run must not later resume from the checkpoints of an older one.
  if (lab.checkpoints && !resume)
    for (const f of readdirSync(config.out))
      if (f.endsWith('.checkpoint.safetensors')) rmSync(join(config.out, f));

  const parts: ResultPart[] = [];
  const metrics: Record<string, MetricValue> = {};
  const observations: string[] = [];
  const consoleLines: string[] = [];
  const figureNames = new Set<string>();
  const log = (line = '') => {
    consoleLines.push(line);
    io.write(`${line}\n`);
  };
  const ctx: LabContext = {
    config,
    generator: new Generator(config.seed),
    log,
    progress: (label, total) =>
      new Progress(label, total, (line, final) => {
        if (io.isTTY) io.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
        else io.write(`${line}\n`);
        if (final) consoleLines.push(line);
      }),
    figure: (name, svg, caption) => {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
        throw new Error(`${lab.id}: figure name '${name}' must be kebab-case`);
      if (figureNames.has(name)) throw new Error(`${lab.id}: figure '${name}' was saved twice`);
      figureNames.add(name);
      saveSvg(join(config.out, `${name}.svg`), svg);
      parts.push({ kind: 'figure', name, svg, caption });
    },
    table: (caption, rows, columns) => parts.push({ kind: 'table', caption, rows, columns }),
    text: (text) => parts.push({ kind: 'text', text }),
    code: (text, caption) => parts.push({ kind: 'code', text, caption }),
    metric: (name, value) => {
      if (!SNAKE.test(name)) throw new Error(`${lab.id}: metric name '${name}' must be snake_case`);
      metrics[name] = value;
    },
    observe: (sentence) => observations.push(sentence),
    outPath: (file) => join(config.out, file),
  };

  const epochs = lab.epochs ? `, ${config.epochs} epoch${config.epochs === 1 ? '' : 's'}` : '';
  log(
    `▶ ${lab.id} — ${lab.title} (seed ${config.seed}${quick ? ', quick' : ''}${epochs}, backend ${config.backend})`,
  );
  const t0 = performance.now();
  await lab.run(ctx);
  const wallTimeSeconds = (performance.now() - t0) / 1000;

  const metricsJson = {
    lab: lab.id,
    title: lab.title,
    metrics,
    config,
    wall_time_s: Number(wallTimeSeconds.toFixed(3)),
  };
  writeFileAtomic(join(config.out, 'metrics.json'), `${JSON.stringify(metricsJson, null, 2)}\n`);
  writeReport(lab, config, parts, metrics, observations, consoleLines, wallTimeSeconds);
  log(
    `✔ ${lab.id} finished in ${formatDuration(wallTimeSeconds)}: ${figureNames.size} figures, metrics.json and report.html in ${config.out}`,
  );
  for (const o of observations) log(`  • ${o}`);
  return { config, metrics, wallTimeSeconds, outDir: config.out };
}

function flattenMetrics(
  m: Record<string, MetricValue>,
  prefix = '',
): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(m)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      Object.assign(out, flattenMetrics(v, key));
    else if (Array.isArray(v))
      out[key] = v.length <= 12 ? JSON.stringify(v) : `[${v.length} values]`;
    else out[key] = v;
  }
  return out;
}

function writeReport(
  lab: LabDefinition,
  config: LabConfig,
  parts: ResultPart[],
  metrics: Record<string, MetricValue>,
  observations: string[],
  consoleLines: string[],
  wallTime: number,
): void {
  const report = new Report({
    title: lab.title,
    subtitle: `gradlab lab '${lab.id}' · seed ${config.seed}${config.quick ? ' · quick run' : ''}`,
  });
  report.section('Aim').text(lab.aim);
  report.section('Procedure').list(lab.procedure);
  const { out: _out, ...shown } = config;
  if (!lab.epochs) delete (shown as Record<string, unknown>).epochs;
  report.subsection('Configuration').metrics({ ...shown, wall_time: formatDuration(wallTime) });
  report.subsection('Source code');
  // The entry file first, then the lab's other modules (its tests are not part of the lab).
  const entry = fileURLToPath(lab.source);
  const dir = dirname(entry);
  // Run from a bundle (scripts/gpu-kit), the entry is the bundle, not the lab's source.
  const bundled = !entry.endsWith('.ts');
  if (bundled) report.text('(not included: this run was from a bundle, without the sources)');
  const others = bundled
    ? []
    : readdirSync(dir)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && join(dir, f) !== entry)
        .sort();
  for (const file of bundled ? [] : [entry, ...others.map((f) => join(dir, f))]) {
    report.code(
      readFileSync(file, 'utf8'),
      'ts',
      `packages/labs/src/labs/${lab.id}/${basename(file)} (click to show)`,
      {
        collapsed: true,
      },
    );
  }
  report.section('Data and Results');
  for (const p of parts) {
    if (p.kind === 'figure') report.figure(p.svg, p.caption);
    else if (p.kind === 'table') report.table(p.rows, { caption: p.caption, columns: p.columns });
    else if (p.kind === 'text') report.text(p.text);
    else report.code(p.text, 'text', p.caption);
  }
  // Scalars become metric cards; each structured metric (per case, per optimiser…) becomes a table.
  const scalars: Record<string, MetricValue> = {};
  const groups: [string, Record<string, MetricValue>][] = [];
  for (const [k, v] of Object.entries(metrics)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) groups.push([k, v]);
    else scalars[k] = v;
  }
  report.subsection('Metrics');
  if (Object.keys(scalars).length) report.metrics(flattenMetrics(scalars));
  for (const [name, group] of groups) {
    const rows = Object.entries(flattenMetrics(group)).map(([key, value]) => ({
      name: `${name}.${key}`,
      value,
    }));
    report.table(rows, {
      caption: `metrics.json: ${name}`,
      columns: ['name', 'value'],
      decimals: 6,
    });
  }
  report.section('Analysis and Inferences');
  if (observations.length) report.list(observations);
  else report.text('This lab recorded no observations.');
  report.subsection('Console output').code(consoleLines.join('\n'), 'text');
  report.save(join(config.out, 'report.html'));
}
