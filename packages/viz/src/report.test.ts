import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { lineChart } from './line-chart.js';
import { Report } from './report.js';

const figure = lineChart({ series: [{ y: [3, 2, 1] }], title: 'Loss' });

function sample(): Report {
  return new Report({ title: 'Perceptron <EEG>', subtitle: 'seed 42' })
    .section('Aim')
    .text('Learn a separating line.\n\nSecond paragraph with <script>alert(1)</script> & more.')
    .section('Procedure')
    .table(
      [
        { key: 'lr', value: 1 },
        { key: 'epochs', value: 100 },
      ],
      { caption: 'Configuration' },
    )
    .code('if (a < b && c > d) {\n  x = "y";\n}\n', 'ts', 'perceptron.ts')
    .section('Data and Results')
    .metrics({ final_errors: 0, accuracy: 1, best_epoch: 4, note: 'converged' })
    .figure(figure, 'Loss per epoch')
    .section('Analysis and Inferences')
    .list(['Errors fell to 0 by epoch 4.', 'x < y']);
}

describe('Report', () => {
  it('builds a self-contained page with sections, a contents list, metrics, tables, figures and code', () => {
    const html = sample().toHtml();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html).toContain('<h2 id="section-1">Aim</h2>');
    expect(html).toContain('<a href="#section-4">Analysis and Inferences</a>');
    expect(html).toContain('<dt>final_errors</dt><dd>0</dd>');
    expect(html).toContain('<div class="table-caption">Table 1. Configuration</div>');
    expect(html).toContain('<td class="num">100</td>');
    expect(html).toContain('<figcaption>Figure 1. Loss per epoch</figcaption>');
    expect(html).toContain('<figure><svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('<pre><code class="language-ts">');
    expect(html).toMatchSnapshot();
  });

  it('folds a collapsed code block behind its caption', () => {
    const html = new Report({ title: 'T' })
      .code('let x = 1 < 2;', 'ts', 'lab.ts', { collapsed: true })
      .toHtml();
    expect(html).toContain(
      '<details class="code"><summary class="code-caption">lab.ts</summary><pre><code class="language-ts">let x = 1 &lt; 2;</code></pre></details>',
    );
  });

  it('escapes every piece of text', () => {
    const html = sample().toHtml();
    expect(html).toContain('<title>Perceptron &lt;EEG&gt;</title>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more.');
    expect(html).toContain('if (a &lt; b &amp;&amp; c &gt; d) {\n  x = &quot;y&quot;;\n}</code>');
    expect(html).toContain('<li>x &lt; y</li>');
    expect(html.match(/<script/g)).toBeNull();
    const body = html.slice(html.indexOf('<main>'), html.indexOf('</main>') + 7);
    expect(XMLValidator.validate(body)).toBe(true);
  });

  it('numbers figures and tables and accepts array rows', () => {
    const html = new Report({ title: 'R' })
      .table([[1, 'a']], { columns: ['n', 's'], caption: 'one' })
      .table([[2.5, null]], { columns: ['n', 's'], caption: 'two' })
      .figure(figure)
      .figure(figure, 'second')
      .toHtml();
    expect(html).toContain('Table 2. two');
    expect(html).toContain('Figure 2. second');
    expect(html).not.toContain('nav class="toc"');
  });

  it('saves atomically: complete file, no temporary left behind, overwrites', () => {
    const dir = mkdtempSync(join(tmpdir(), 'viz-report-'));
    const path = join(dir, 'nested', 'report.html');
    sample().save(path);
    expect(readFileSync(path, 'utf8')).toBe(sample().toHtml());
    writeFileSync(path, 'old');
    new Report({ title: 'New' }).save(path);
    expect(readFileSync(path, 'utf8')).toContain('<h1>New</h1>');
    expect(readdirSync(join(dir, 'nested'))).toEqual(['report.html']);
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });

  it('explains bad input', () => {
    expect(() => new Report({ title: '' })).toThrow('Report: title must be a non-empty string');
    expect(() => new Report({ title: 'R' }).table([[1]])).toThrow(
      'Report.table: array rows need options.columns',
    );
    expect(() => new Report({ title: 'R' }).table([[1]], { columns: ['a', 'b'] })).toThrow(
      'Report.table: row 0 has 1 cells, expected 2',
    );
    expect(() => new Report({ title: 'R' }).figure('<p>no</p>')).toThrow(
      'Report.figure: expected an SVG document string',
    );
  });
});
