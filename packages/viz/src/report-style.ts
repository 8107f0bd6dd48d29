/** The stylesheet embedded in every {@link Report} page: for screens and for printing to PDF. */
export const reportStyle = `
:root { --text: #1f2328; --muted: #59636e; --line: #d8dee4; --soft: #f6f8fa; --accent: #1f6feb; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--text); background: #fff;
  font: 16px/1.6 system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', Helvetica, Arial, sans-serif; }
main { max-width: 880px; margin: 0 auto; padding: 40px 28px 64px; }
header { border-bottom: 2px solid var(--text); margin-bottom: 24px; padding-bottom: 12px; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 6px; }
.subtitle { color: var(--muted); margin: 0; }
h2 { font-size: 1.4rem; margin: 40px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 28px 0 8px; }
p { margin: 0 0 12px; }
ul { margin: 0 0 12px; padding-left: 24px; }
li { margin: 2px 0; }
nav.toc { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 10px 18px; margin: 0 0 24px; }
nav.toc ol { margin: 0; padding-left: 20px; }
nav.toc a { color: var(--accent); text-decoration: none; }
dl.metrics { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 10px; margin: 8px 0 20px; }
dl.metrics div { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; background: var(--soft); }
dl.metrics dt { color: var(--muted); font-size: 0.8rem; letter-spacing: 0.02em; overflow-wrap: anywhere; }
dl.metrics dd { margin: 0; font-size: 1.2rem; font-weight: 600; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 8px 0 20px; font-size: 0.92rem; font-variant-numeric: tabular-nums; }
caption, .table-caption { color: var(--muted); font-size: 0.88rem; margin: 18px 0 4px; text-align: left; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 12px; text-align: left; }
th { border-bottom: 2px solid var(--text); font-weight: 600; }
td.num { text-align: right; }
figure { margin: 20px 0 28px; text-align: center; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 6px; }
details.code > summary { cursor: pointer; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px;
  overflow-x: auto; font-size: 0.82rem; line-height: 1.45; white-space: pre-wrap; overflow-wrap: anywhere; }
code { font-family: ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, monospace; }
.code-caption { color: var(--muted); font-size: 0.85rem; margin: 8px 0 4px; }
@page { margin: 16mm; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2, h3 { break-after: avoid; }
  figure, table, dl.metrics, pre { break-inside: avoid; }
  pre { border-color: #bbb; }
}
`;
