import type { Generator } from '@gradlab/tensor';
import type { FlagSpec, FlagValues } from './flags.js';

/** The resolved configuration of one run: common flags plus the lab's own. */
export interface LabConfig extends FlagValues {
  seed: number;
  /** Training epochs (0 for labs that do not train). */
  epochs: number;
  quick: boolean;
  /** Continue from the checkpoints in the out dir (labs with `checkpoints`). */
  resume: boolean;
  out: string;
  backend: string;
}

/** A number, string or nested record: what `metrics.json` holds. */
export type MetricValue =
  | number
  | string
  | boolean
  | null
  | MetricValue[]
  | { [key: string]: MetricValue };

export interface ProgressHandle {
  tick(metrics?: Record<string, number>, n?: number): void;
}

/** What a lab's `run` gets: its configuration and the ways to report results. */
export interface LabContext {
  readonly config: LabConfig;
  /** A generator seeded with `--seed`, for everything random in the lab. */
  readonly generator: Generator;
  /** Prints a line to the console (and keeps it for the report's console output). */
  log(line?: string): void;
  /** Progress for a loop of `total` steps (epoch, step, loss, accuracy, elapsed, ETA). */
  progress(label: string, total: number): ProgressHandle;
  /** Saves `<name>.svg` in the out dir and puts it in the report's results. */
  figure(name: string, svg: string, caption: string): void;
  /** A table in the report's results. */
  table(
    caption: string,
    rows: readonly Record<string, string | number | boolean | null>[],
    columns?: readonly string[],
  ): void;
  /** A paragraph in the report's results. */
  text(paragraph: string): void;
  /** Preformatted text (e.g. a worked solution) in the report's results. */
  code(text: string, caption?: string): void;
  /** A headline number, saved in metrics.json under a stable snake_case name. */
  metric(name: string, value: MetricValue): void;
  /** An observation for "Analysis and Inferences", derived from this run's numbers. */
  observe(sentence: string): void;
  /** Path of a file in the out dir (for weights and other artefacts). */
  outPath(file: string): string;
}

/** One assignment of the lab catalog. */
export interface LabDefinition {
  id: string;
  title: string;
  /** One line, shown by `start list`. */
  description: string;
  /** The "Aim" section of the report. */
  aim: string;
  /** What the lab does, step by step, for the "Procedure" section. */
  procedure: readonly string[];
  /** Lab-specific flags (besides the common ones). */
  flags?: readonly FlagSpec[];
  /** Default epochs (full run) and epochs with --quick; omitted for labs that do not train. */
  epochs?: { full: number; quick: number };
  /**
   * True for labs that checkpoint every epoch (`lib/fit-with-checkpoints.ts`)
   * and so accept `--resume`.
   */
  checkpoints?: boolean;
  /**
   * True for labs that read values back only with `await x.data()` (or after
   * `prefetch`), so `--backend gpu` runs them under WebGPU, whose read-back is
   * asynchronous. Other labs fall back to a CPU backend there, with a message.
   */
  asyncReads?: boolean;
  /** Measured wall time of a full run on a 2-core laptop, shown in --help. */
  fullRunTime: string;
  /** `import.meta.url` of the lab's entry file: its source goes into the report. */
  source: string;
  run(ctx: LabContext): void | Promise<void>;
}
