/** Options of {@link parseCsv}. */
export interface ParseCsvOptions {
  /**
   * Field separator: a single character (default `,`), or `'whitespace'` for
   * runs of spaces and tabs (as in UCI's `auto-mpg.data`).
   */
  delimiter?: string;
  /** Quote character (default `"`); a doubled quote inside quotes is a literal quote. */
  quote?: string;
  /** Lines starting with this are skipped (off by default). */
  comment?: string;
}

/** One parsed record and the 1-based line where it starts (for error messages). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * Splits CSV text into records of raw string fields. Handles LF, CRLF and CR
 * line ends, quoted fields (with delimiters, doubled quotes and newlines
 * inside), whitespace-delimited files, a missing final newline and blank
 * lines (skipped). Throws on an unterminated quote, naming its line.
 */
export function parseCsv(
  text: string,
  options: ParseCsvOptions = {},
  source = 'parseCsv',
): CsvRecord[] {
  const delimiter = options.delimiter ?? ',';
  const ws = delimiter === 'whitespace';
  if (!ws && delimiter.length !== 1) {
    throw new Error(
      `${source}: delimiter must be one character or 'whitespace', got '${delimiter}'`,
    );
  }
  const quote = options.quote ?? '"';
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let fieldStarted = false; // whether the current field has content (or was quoted)
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // skip a BOM
  const n = text.length;

  const endField = () => {
    fields.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    if (fieldStarted || fields.length > 0) endField();
    const blank = fields.length === 0 || (fields.length === 1 && fields[0]!.trim() === '');
    const commented = options.comment !== undefined && fields[0]?.startsWith(options.comment);
    if (!blank && !commented) records.push({ fields, line: recordLine });
    fields = [];
  };

  while (i < n) {
    const ch = text[i]!;
    if (ch === quote && !fieldStarted) {
      // quoted field
      const startLine = line;
      i++;
      for (;;) {
        if (i >= n) throw new Error(`${source}: unterminated quote starting on line ${startLine}`);
        const c = text[i]!;
        if (c === quote) {
          if (text[i + 1] === quote) {
            field += quote;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      fieldStarted = true;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    if (ws ? ch === ' ' || ch === '\t' : ch === delimiter) {
      if (ws) {
        if (fieldStarted) endField();
        while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
        continue;
      }
      endField();
      fieldStarted = false;
      i++;
      if (i >= n || text[i] === '\n' || text[i] === '\r') fieldStarted = true; // trailing empty field
      continue;
    }
    field += ch;
    fieldStarted = true;
    i++;
  }
  endRecord();
  return records;
}
