import { escapeXml } from './escape-xml.js';
import { formatNumber } from './format-number.js';
import { reportStyle } from './report-style.js';
import { writeFileAtomic } from './write-file-atomic.js';

/** Options of a {@link Report}. */
export interface ReportOptions {
  title: string;
  /** A line under the title (e.g. the lab id and seed). */
  subtitle?: string;
  /** Add a table of contents when there are at least this many sections (default 3; 0 = never). */
  tocMinSections?: number;
}

/** A table cell value; numbers are right-aligned and formatted. */
export type CellValue = string | number | boolean | null | undefined;

/** Options of {@link Report.table}. */
export interface TableOptions {
  /** Column headers; default: the keys of the first row object. */
  columns?: readonly string[];
  caption?: string;
  /** Decimals for numbers (default: up to 4). */
  decimals?: number;
}

function cell(v: CellValue, decimals?: number): { html: string; numeric: boolean } {
  if (typeof v === 'number') return { html: escapeXml(formatNumber(v, decimals)), numeric: true };
  if (v === null || v === undefined) return { html: '', numeric: false };
  return { html: escapeXml(String(v)), numeric: false };
}

/**
 * Builds a self-contained HTML lab report: title, sections, prose, bullet
 * lists, key–value metrics, tables, inline SVG figures and code blocks,
 * styled for reading and for printing to PDF. Every piece of text is
 * HTML-escaped; output is deterministic (no dates, no random ids).
 *
 * @example
 * ```ts
 * new Report({ title: 'Perceptron on EEG data' })
 *   .section('Aim').text('Train a perceptron …')
 *   .section('Data and Results').metrics({ epochs: 4, accuracy: 1 }).figure(svg, 'Errors per epoch')
 *   .save('runs/perceptron-eeg/report.html');
 * ```
 */
export class Report {
  private readonly options: ReportOptions;
  private readonly parts: string[] = [];
  private readonly sections: string[] = [];
  private figures = 0;
  private tables = 0;

  /**
   * Starts an empty report.
   *
   * @param options - title and subtitle
   */
  constructor(options: ReportOptions) {
    if (!options || typeof options.title !== 'string' || options.title.trim() === '') {
      throw new Error('Report: title must be a non-empty string');
    }
    this.options = options;
  }

  /**
   * Starts a new section (a level-2 heading, listed in the table of contents).
   *
   * @param title - the heading
   * @returns this report, for chaining
   */
  section(title: string): this {
    this.sections.push(title);
    this.parts.push(`<h2 id="section-${this.sections.length}">${escapeXml(title)}</h2>`);
    return this;
  }

  /**
   * Adds a level-3 heading inside the current section.
   *
   * @param title - the heading
   * @returns this report
   */
  subsection(title: string): this {
    this.parts.push(`<h3>${escapeXml(title)}</h3>`);
    return this;
  }

  /**
   * Adds prose; blank lines separate paragraphs.
   *
   * @param prose - plain text (escaped, not interpreted as HTML)
   * @returns this report
   */
  text(prose: string): this {
    for (const para of String(prose).split(/\n\s*\n/)) {
      if (para.trim()) this.parts.push(`<p>${escapeXml(para.trim())}</p>`);
    }
    return this;
  }

  /**
   * Adds a bullet list (e.g. observations in Analysis and Inferences).
   *
   * @param items - one string per bullet
   * @returns this report
   */
  list(items: readonly string[]): this {
    if (items.length > 0)
      this.parts.push(`<ul>${items.map((i) => `<li>${escapeXml(i)}</li>`).join('')}</ul>`);
    return this;
  }

  /**
   * Adds key–value metrics as a grid of cards (`test_accuracy: 0.9731`).
   *
   * @param values - name → value; numbers show up to 4 decimals
   * @returns this report
   */
  metrics(values: Readonly<Record<string, CellValue>>): this {
    const items = Object.entries(values).map(
      ([k, v]) => `<div><dt>${escapeXml(k)}</dt><dd>${cell(v).html}</dd></div>`,
    );
    if (items.length > 0) this.parts.push(`<dl class="metrics">${items.join('')}</dl>`);
    return this;
  }

  /**
   * Adds a table from row objects (`[{ optimizer: 'Adam', mse: 98.1 }]`) or
   * from arrays of cells with `columns` as the header.
   *
   * @param rows - the rows
   * @param options - columns, caption and number format
   * @returns this report
   */
  table(
    rows: readonly (Readonly<Record<string, CellValue>> | readonly CellValue[])[],
    options: TableOptions = {},
  ): this {
    const first = rows[0];
    const columns =
      options.columns ??
      (first && !Array.isArray(first)
        ? Object.keys(first as Record<string, CellValue>)
        : undefined);
    if (!columns) throw new Error('Report.table: array rows need options.columns for the header');
    const body = rows.map((row, r) => {
      const cells: readonly CellValue[] = Array.isArray(row)
        ? (row as readonly CellValue[])
        : columns.map((c) => (row as Record<string, CellValue>)[c]);
      if (cells.length !== columns.length) {
        throw new Error(
          `Report.table: row ${r} has ${cells.length} cells, expected ${columns.length}`,
        );
      }
      return `<tr>${cells
        .map((v) => {
          const c = cell(v, options.decimals);
          return c.numeric ? `<td class="num">${c.html}</td>` : `<td>${c.html}</td>`;
        })
        .join('')}</tr>`;
    });
    this.tables++;
    const caption = options.caption
      ? `<div class="table-caption">Table ${this.tables}. ${escapeXml(options.caption)}</div>`
      : '';
    this.parts.push(
      `${caption}<table><thead><tr>${columns.map((c) => `<th>${escapeXml(c)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`,
    );
    return this;
  }

  /**
   * Adds a figure: the SVG is inlined (the page stays one file), numbered,
   * with an optional caption.
   *
   * @param svg - an SVG document from a figure helper
   * @param caption - text under the figure
   * @returns this report
   */
  figure(svg: string, caption?: string): this {
    const start = svg.indexOf('<svg');
    if (start < 0) throw new Error('Report.figure: expected an SVG document string');
    this.figures++;
    const cap = caption
      ? `<figcaption>Figure ${this.figures}. ${escapeXml(caption)}</figcaption>`
      : '';
    this.parts.push(`<figure>${svg.slice(start).trim()}${cap}</figure>`);
    return this;
  }

  /**
   * Adds a code block (e.g. the lab's own source, or its configuration).
   *
   * @param source - the code (escaped)
   * @param lang - language name for the `language-…` class (default `'text'`)
   * @param caption - a line above the block, e.g. the file name
   * @param options - `collapsed: true` folds the block behind its caption (a `<details>` element)
   * @returns this report
   */
  code(
    source: string,
    lang = 'text',
    caption?: string,
    options: { collapsed?: boolean } = {},
  ): this {
    const cls = lang.replace(/[^A-Za-z0-9_-]/g, '');
    const pre = `<pre><code class="language-${cls}">${escapeXml(source.replace(/\s+$/, ''))}</code></pre>`;
    if (options.collapsed) {
      const summary = escapeXml(caption ?? 'Show code');
      this.parts.push(
        `<details class="code"><summary class="code-caption">${summary}</summary>${pre}</details>`,
      );
      return this;
    }
    const cap = caption ? `<div class="code-caption">${escapeXml(caption)}</div>` : '';
    this.parts.push(`${cap}${pre}`);
    return this;
  }

  /**
   * The complete HTML page.
   *
   * @returns an HTML5 document with the stylesheet and figures inline
   */
  toHtml(): string {
    const { title, subtitle } = this.options;
    const min = this.options.tocMinSections ?? 3;
    const toc =
      min > 0 && this.sections.length >= min
        ? `<nav class="toc"><ol>${this.sections.map((s, i) => `<li><a href="#section-${i + 1}">${escapeXml(s)}</a></li>`).join('')}</ol></nav>`
        : '';
    const sub = subtitle ? `<p class="subtitle">${escapeXml(subtitle)}</p>` : '';
    return [
      '<!DOCTYPE html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>${escapeXml(title)}</title>`,
      `<style>${reportStyle}</style>`,
      '</head>',
      '<body>',
      '<main>',
      `<header><h1>${escapeXml(title)}</h1>${sub}</header>`,
      toc,
      ...this.parts,
      '</main>',
      '</body>',
      '</html>',
      '',
    ]
      .filter((l) => l !== '')
      .join('\n')
      .concat('\n');
  }

  /**
   * Writes the page to a file atomically (temporary file, then rename);
   * creates missing folders. Node only.
   *
   * @param path - file path, e.g. `runs/mnist-mlp/report.html`
   */
  save(path: string): void {
    writeFileAtomic(path, this.toHtml());
  }
}
