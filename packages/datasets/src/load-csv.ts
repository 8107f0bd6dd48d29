import { NDArray } from '@gradlab/tensor';
import { type CsvTable, columnIndex, isNumeric, type ReadCsvOptions, readCsv } from './read-csv.js';
import type { TabularDataset } from './tabular-dataset.js';

/** How a non-numeric feature column becomes numbers. */
export type CategoricalEncoding = 'onehot' | 'ordinal';

/** Options of {@link loadCsv} and {@link tableToDataset}. */
export interface LoadCsvOptions extends ReadCsvOptions {
  /** The label column (name or index); left out of the features. */
  label?: string | number;
  /**
   * `'class'`: class indices (int32 `[N]`, `classes` sorted); `'number'`:
   * float32 `[N, 1]`; `'auto'` (default): `'number'` when every label is numeric.
   */
  labelType?: 'auto' | 'class' | 'number';
  /** The feature columns (names or indices), in this order. Default: all but the label and `drop`. */
  columns?: readonly (string | number)[];
  /** Columns to leave out. */
  drop?: readonly (string | number)[];
  /**
   * Encoding of non-numeric feature columns: one for all (default `'onehot'`,
   * levels sorted), or per column name. Missing values stay `NaN` (in every
   * one-hot column of that feature).
   */
  categorical?: CategoricalEncoding | Record<string, CategoricalEncoding>;
}

/**
 * Loads a CSV file as a {@link TabularDataset}: header or not, any delimiter
 * or whitespace, quoted fields, CRLF, missing-value tokens, column selection,
 * a label column and categorical encoding.
 *
 * @example
 * const pima = loadCsv('pima.csv', { header: false, label: 8 });
 */
export function loadCsv(path: string, options: LoadCsvOptions = {}): TabularDataset {
  return tableToDataset(readCsv(path, options), options);
}

/** Converts a parsed {@link CsvTable} to a {@link TabularDataset} (see {@link loadCsv}). */
export function tableToDataset(table: CsvTable, options: LoadCsvOptions = {}): TabularDataset {
  const op = 'loadCsv';
  const labelIdx = options.label === undefined ? -1 : columnIndex(op, table, options.label);
  const dropped = new Set((options.drop ?? []).map((c) => columnIndex(op, table, c)));
  const featureCols = options.columns
    ? options.columns.map((c) => columnIndex(op, table, c))
    : table.columns.map((_, i) => i).filter((i) => i !== labelIdx && !dropped.has(i));
  if (featureCols.includes(labelIdx)) {
    throw new Error(`${op}: column ${table.columns[labelIdx]} is both a feature and the label`);
  }
  const n = table.rows.length;
  type Block = {
    names: string[];
    fill: (row: (string | null)[], out: Float32Array, at: number) => void;
  };
  const blocks: Block[] = [];
  const categories: Record<string, string[]> = {};
  for (const c of featureCols) {
    const name = table.columns[c]!;
    const values = table.rows.map((r) => r[c]!);
    if (values.every((v) => v === null || isNumeric(v))) {
      blocks.push({
        names: [name],
        fill: (row, out, at) => {
          const v = row[c];
          out[at] = v === null || v === undefined ? Number.NaN : Number(v.trim());
        },
      });
      continue;
    }
    const levels = [
      ...new Set(values.filter((v): v is string => v !== null).map((v) => v.trim())),
    ].sort();
    categories[name] = levels;
    const code = new Map(levels.map((l, i) => [l, i]));
    const enc =
      typeof options.categorical === 'object'
        ? (options.categorical[name] ?? 'onehot')
        : (options.categorical ?? 'onehot');
    if (enc !== 'onehot' && enc !== 'ordinal') {
      throw new Error(
        `${op}: categorical encoding for ${name} must be 'onehot' or 'ordinal', got '${enc}'`,
      );
    }
    if (enc === 'ordinal') {
      blocks.push({
        names: [name],
        fill: (row, out, at) => {
          const v = row[c];
          out[at] = v === null || v === undefined ? Number.NaN : code.get(v.trim())!;
        },
      });
    } else {
      blocks.push({
        names: levels.map((l) => `${name}=${l}`),
        fill: (row, out, at) => {
          const v = row[c];
          if (v === null || v === undefined) {
            for (let k = 0; k < levels.length; k++) out[at + k] = Number.NaN;
          } else {
            out[at + code.get(v.trim())!] = 1;
          }
        },
      });
    }
  }
  const featureNames = blocks.flatMap((b) => b.names);
  const width = featureNames.length;
  const data = new Float32Array(n * width);
  table.rows.forEach((row, r) => {
    let at = r * width;
    for (const b of blocks) {
      b.fill(row, data, at);
      at += b.names.length;
    }
  });
  const result: TabularDataset = {
    features: NDArray.fromTypedArray(data, [n, width]),
    featureNames,
    categories,
  };
  if (labelIdx >= 0)
    Object.assign(result, encodeLabel(op, table, labelIdx, options.labelType ?? 'auto'));
  return result;
}

function encodeLabel(op: string, table: CsvTable, idx: number, type: 'auto' | 'class' | 'number') {
  const name = table.columns[idx]!;
  const values = table.rows.map((r, i) => {
    const v = r[idx];
    if (v === null || v === undefined) {
      throw new Error(`${op}: ${table.source} row ${i + 1} has a missing label (column ${name})`);
    }
    return v.trim();
  });
  const numeric = values.every(isNumeric);
  const kind = type === 'auto' ? (numeric ? 'number' : 'class') : type;
  if (kind === 'number') {
    if (!numeric) {
      const bad = values.find((v) => !isNumeric(v));
      throw new Error(
        `${op}: label column ${name} has the non-numeric value ${JSON.stringify(bad)}`,
      );
    }
    const y = Float32Array.from(values, Number);
    return { targets: NDArray.fromTypedArray(y, [values.length, 1]), targetName: name };
  }
  const classes = [...new Set(values)].sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  const code = new Map(classes.map((c, i) => [c, i]));
  const y = Int32Array.from(values, (v) => code.get(v)!);
  return { targets: NDArray.fromTypedArray(y, [values.length]), targetName: name, classes };
}
