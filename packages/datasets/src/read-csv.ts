import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { type ParseCsvOptions, parseCsv } from './parse-csv.js';

/** The default missing-value tokens (compared after trimming). */
export const DEFAULT_NA_VALUES: readonly string[] = ['', '?', 'NA', 'N/A', 'NaN', 'nan', 'null'];

/** Options of {@link readCsv}. */
export interface ReadCsvOptions extends ParseCsvOptions {
  /**
   * Whether the first record is a header. Default `'auto'`: a header when no
   * field of the first record is a number while some field of the second is.
   */
  header?: boolean | 'auto';
  /** Column names (required count = number of fields) when there is no header; default `c0, c1, …`. */
  names?: readonly string[];
  /** Tokens read as missing (`null`). Default {@link DEFAULT_NA_VALUES}. */
  naValues?: readonly string[];
}

/** A CSV file as strings: column names and rows of fields (`null` where missing). */
export interface CsvTable {
  columns: string[];
  rows: (string | null)[][];
  /** Where it came from, for error messages. */
  source: string;
}

/** Reads a CSV file (plain or gzipped) into a {@link CsvTable}; see {@link parseCsvTable}. */
export function readCsv(path: string, options: ReadCsvOptions = {}): CsvTable {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw new Error(`readCsv: cannot read ${path}: ${(e as Error).message}`);
  }
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
  return parseCsvTable(text, options, path);
}

/**
 * Parses CSV text into a {@link CsvTable}: header detection, column names,
 * missing-value tokens, and a check that every row has as many fields as the
 * first (a ragged row is an error naming its line).
 */
export function parseCsvTable(
  text: string,
  options: ReadCsvOptions = {},
  source = '<text>',
): CsvTable {
  const records = parseCsv(text, options, `readCsv: ${source}`);
  if (records.length === 0) throw new Error(`readCsv: ${source} has no rows`);
  const header = options.header ?? 'auto';
  const hasHeader = header === 'auto' ? looksLikeHeader(records) : header;
  const width = records[0]!.fields.length;
  for (const r of records) {
    if (r.fields.length !== width) {
      throw new Error(
        `readCsv: ${source} line ${r.line} has ${r.fields.length} fields, expected ${width} (as on line ${records[0]!.line}): ${JSON.stringify(r.fields)}`,
      );
    }
  }
  let columns: string[];
  if (hasHeader) {
    columns = records[0]!.fields.map((f) => f.trim());
  } else if (options.names) {
    if (options.names.length !== width) {
      throw new Error(
        `readCsv: ${source} has ${width} columns but ${options.names.length} names were given: ${options.names.join(', ')}`,
      );
    }
    columns = [...options.names];
  } else {
    columns = Array.from({ length: width }, (_, i) => `c${i}`);
  }
  const na = new Set(options.naValues ?? DEFAULT_NA_VALUES);
  const rows = records
    .slice(hasHeader ? 1 : 0)
    .map((r) => r.fields.map((f) => (na.has(f.trim()) ? null : f)));
  return { columns, rows, source };
}

/** The index of a column given by name or index; errors list the columns. */
export function columnIndex(op: string, table: CsvTable, column: string | number): number {
  const idx = typeof column === 'number' ? column : table.columns.indexOf(column);
  if (!Number.isInteger(idx) || idx < 0 || idx >= table.columns.length) {
    throw new Error(
      `${op}: no column ${JSON.stringify(column)} in ${table.source} (columns: ${table.columns.map((c, i) => `${i} ${c}`).join(', ')})`,
    );
  }
  return idx;
}

/** The values of one column as strings (`null` where missing). */
export function csvColumn(table: CsvTable, column: string | number): (string | null)[] {
  const idx = columnIndex('csvColumn', table, column);
  return table.rows.map((r) => r[idx]!);
}

/** True when `s` parses as a finite number (after trimming). */
export function isNumeric(s: string): boolean {
  const t = s.trim();
  return t !== '' && Number.isFinite(Number(t));
}

function looksLikeHeader(records: { fields: string[] }[]): boolean {
  if (records.length < 2) return false;
  const first = records[0]!.fields;
  const second = records[1]!.fields;
  return !first.some(isNumeric) && second.some(isNumeric);
}
