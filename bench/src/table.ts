/** One table row: seconds per call / step / epoch for each source, or why there is none. */
export interface Row {
  label: string;
  /** Work per timed unit: flops per call (GFLOP/s), samples per step (samples/s), 1 otherwise. */
  work: number;
  /** Keyed by source (`ours`, `torch 1`, `torch 2`, `tfjs-cpu`, `tfjs-wasm`). */
  seconds: Record<string, number | string | undefined>;
}

export type Unit = 'GFLOP/s' | 'samples/s' | 'steps/s' | 's/epoch';

export const fmt = (x: number, digits = 3) =>
  x >= 100 ? x.toFixed(0) : x >= 1 ? x.toPrecision(digits) : x.toPrecision(2);

/** Our figure divided by the reference's, as a speed ratio (1 = parity), with words. */
export function ratioCell(ours: number | string | undefined, ref: number | string | undefined) {
  if (typeof ours !== 'number' || typeof ref !== 'number') return '—';
  const r = ref / ours;
  return r >= 1 ? `${fmt(r)} (${fmt(r)}× faster)` : `${fmt(r)} (${fmt(1 / r)}× slower)`;
}

function metric(unit: Unit, work: number, seconds: number): number {
  if (unit === 'GFLOP/s') return work / seconds / 1e9;
  if (unit === 's/epoch') return seconds;
  return work / seconds;
}

const timeCell = (s: number) => (s >= 1 ? `${fmt(s)} s` : `${fmt(s * 1e3)} ms`);

export interface TableSpec {
  title: string;
  unit: Unit;
  /** Reference sources besides ours, in column order, with their headings. */
  refs: { key: string; heading: string }[];
  /** The source the ratio column compares with, and its heading. */
  ratio: { key: string; heading: string };
}

/** Prints a Markdown table: our time and figure, each reference's figure, and the ratio. */
export function printTable(spec: TableSpec, rows: readonly Row[]): void {
  const head = [
    'benchmark',
    spec.unit === 's/epoch' ? 'ours' : 'ours time',
    ...(spec.unit === 's/epoch' ? [] : [`ours ${spec.unit}`]),
    ...spec.refs.map((r) => `${r.heading} ${spec.unit}`),
    `ours/${spec.ratio.heading}`,
  ];
  const cell = (row: Row, key: string) => {
    const s = row.seconds[key];
    if (s === undefined) return '—';
    if (typeof s === 'string') return s;
    return fmt(metric(spec.unit, row.work, s));
  };
  console.log(`\n### ${spec.title}\n`);
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const row of rows) {
    const ours = row.seconds.ours;
    const cells = [
      row.label,
      typeof ours === 'number' ? timeCell(ours) : (ours ?? '—'),
      ...(spec.unit === 's/epoch' ? [] : [cell(row, 'ours')]),
      ...spec.refs.map((r) => cell(row, r.key)),
      ratioCell(ours, row.seconds[spec.ratio.key]),
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
}
