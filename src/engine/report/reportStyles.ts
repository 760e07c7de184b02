/**
 * The report's stylesheet. Colors are CSS variables with a light and a dark set: the dark set
 * applies when the system prefers dark (`prefers-color-scheme`), when the page's toggle says so
 * (`<html data-theme="dark">`, which also wins over the system in either direction), or inside a
 * VS Code webview with a dark theme (its `body.vscode-dark` class). Print always uses the light
 * set, shows every section and hides the controls that only work on screen.
 */

const LIGHT: Readonly<Record<string, string>> = {
  bg: '#ffffff',
  fg: '#1f2328',
  muted: '#59636e',
  border: '#d1d9e0',
  surface: '#f6f8fa',
  grid: '#e4e8ec',
  accent: '#0969da',
  highlight: '#d4610b',
  faint: 'rgba(9, 105, 218, 0.18)',
  ok: '#1a7f37',
  warn: '#9a6700',
  alert: '#cf222e',
  'code-bg': '#eff2f5',
  'final-row': 'rgba(212, 97, 11, 0.08)',
};

const DARK: Readonly<Record<string, string>> = {
  bg: '#0f141a',
  fg: '#e6edf3',
  muted: '#9aa4af',
  border: '#3d444d',
  surface: '#161c24',
  grid: '#27303a',
  accent: '#58a6ff',
  highlight: '#f0883e',
  faint: 'rgba(88, 166, 255, 0.22)',
  ok: '#3fb950',
  warn: '#d29922',
  alert: '#f85149',
  'code-bg': '#1d242d',
  'final-row': 'rgba(240, 136, 62, 0.12)',
};

function variables(set: Readonly<Record<string, string>>, scheme: 'light' | 'dark'): string {
  return `color-scheme: ${scheme}; ${Object.entries(set)
    .map(([name, value]) => `--${name}: ${value};`)
    .join(' ')}`;
}

/** Low-to-high value colors of the beeswarm (`.v0` … `.v6`), readable on both backgrounds. */
const VALUE_COLORS = ['#2b6cd8', '#4f73d0', '#7477c4', '#9679b4', '#b7779f', '#d27184', '#e8615f'];

const LAYOUT = `
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.page { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.7em; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 1.35em; margin: 0; display: flex; align-items: center; gap: 8px; }
h3 { font-size: 1.08em; margin: 22px 0 8px; }
h4 { font-size: 0.95em; margin: 14px 0 4px; color: var(--muted); }
a { color: var(--accent); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.92em; }
code { background: var(--code-bg); padding: 0 4px; border-radius: 4px; overflow-wrap: anywhere; }
pre.code { background: var(--code-bg); padding: 12px 14px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.code code { background: none; padding: 0; }
.muted { color: var(--muted); }
.subtitle { color: var(--muted); margin: 0 0 16px; overflow-wrap: anywhere; }
.report-header { border-bottom: 1px solid var(--border); padding-bottom: 16px; margin-bottom: 18px; position: relative; }
.toolbar { position: absolute; top: 0; right: 0; display: flex; gap: 8px; }
.toolbar button, .section-toggle { font: inherit; font-size: 12.5px; color: var(--fg); background: var(--surface); border: 1px solid var(--border); border-radius: 6px; padding: 3px 10px; cursor: pointer; }
.toolbar button:hover, .section-toggle:hover { border-color: var(--accent); }
button:focus-visible, a:focus-visible, th:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.key-figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 10px; margin: 0; }
.key-figures div { background: var(--surface); border: 1px solid var(--border); border-radius: 8px; padding: 8px 12px; }
.key-figures dt { font-size: 12px; color: var(--muted); }
.key-figures dd { margin: 2px 0 0; font-size: 1.1em; font-weight: 600; overflow-wrap: anywhere; }
.toc { background: var(--surface); border: 1px solid var(--border); border-radius: 8px; padding: 10px 18px; margin-bottom: 22px; }
.toc h2 { font-size: 1em; margin: 0 0 4px; }
.toc ol { margin: 0; padding-left: 20px; columns: 2 280px; }
.toc li { margin: 2px 0; break-inside: avoid; }
.report-section { border-top: 1px solid var(--border); padding: 18px 0 8px; }
.section-summary { color: var(--muted); margin: 4px 0 10px; }
.collapsed .section-body { display: none; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 4px 18px; margin: 8px 0 12px; }
.facts div { border-bottom: 1px dotted var(--border); padding: 3px 0; }
.facts dt { display: inline; color: var(--muted); margin-right: 6px; }
.facts dd { display: inline; margin: 0; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; margin: 8px 0 14px; }
table.data { border-collapse: collapse; font-size: 12.5px; min-width: 50%; }
table.data caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
table.data th, table.data td { border-bottom: 1px solid var(--border); padding: 4px 10px 4px 0; text-align: left; vertical-align: top; }
table.data th { font-weight: 600; white-space: nowrap; }
table.data .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.data tr.final td { background: var(--final-row); }
th[data-sortable].sort-ready { cursor: pointer; }
th[aria-sort="ascending"]::after { content: " ▲"; font-size: 0.8em; }
th[aria-sort="descending"]::after { content: " ▼"; font-size: 0.8em; }
.params { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 11.5px; color: var(--muted); overflow-wrap: anywhere; }
.tag { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 9px; border: 1px solid var(--highlight); color: var(--highlight); }
.grade { display: inline-block; font-size: 12px; font-weight: 600; padding: 0 8px; border-radius: 9px; color: var(--bg); }
.grade-ok { background: var(--ok); }
.grade-warn { background: var(--warn); }
.grade-alert { background: var(--alert); }
.verdict { margin: 6px 0 10px; }
.sentences { margin: 6px 0 12px; padding-left: 22px; }
.sentences li { margin: 3px 0; }
.warnings li::marker { color: var(--warn); }
.chart-grid { display: flex; flex-wrap: wrap; gap: 14px 22px; align-items: flex-start; }
figure.chart { margin: 8px 0 14px; max-width: 100%; }
svg.chart-svg { max-width: 100%; height: auto; display: block; overflow: visible; }
svg text { fill: var(--fg); font-size: 11px; font-family: inherit; }
svg .chart-title { font-size: 12.5px; font-weight: 600; }
svg .tick-label { fill: var(--muted); }
svg .axis-label { fill: var(--muted); font-size: 11px; }
svg .value-label { fill: var(--fg); font-size: 10.5px; }
svg .grid { stroke: var(--grid); stroke-width: 1; }
svg .axis-line { stroke: var(--muted); stroke-width: 1; }
svg .zero-line { stroke: var(--muted); stroke-width: 1; stroke-dasharray: 2 2; }
svg .mark { fill: var(--accent); stroke: none; }
svg .mark.highlight { fill: var(--highlight); }
svg .muted-mark { fill: var(--muted); opacity: 0.7; }
svg .whisker { stroke: var(--fg); stroke-width: 1.2; opacity: 0.75; }
svg path.line { fill: none; stroke: var(--accent); stroke-width: 2; }
svg path.line.faint { stroke: var(--faint); stroke-width: 1; }
svg path.line.muted-mark { stroke: var(--muted); fill: none; stroke-dasharray: 4 3; }
svg .diagonal { stroke: var(--muted); stroke-width: 1; stroke-dasharray: 5 4; }
svg .vx { fill: #8c959f; }
${VALUE_COLORS.map((color, i) => `svg .v${i} { fill: ${color}; }`).join('\n')}
.footer { margin-top: 30px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--border); padding-top: 10px; }
`;

const PRINT = `
@media print {
  html body, html[data-theme] body { ${variables(LIGHT, 'light')} }
  body { font-size: 11.5px; }
  .page { max-width: none; padding: 0; }
  .toolbar, .section-toggle { display: none !important; }
  .collapsed .section-body { display: block !important; }
  .report-section { break-before: auto; }
  figure.chart, table.data tr, .key-figures div { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .table-wrap { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
`;

/** The whole stylesheet (constant: nothing in it comes from data). */
export const REPORT_CSS = [
  `body { ${variables(LIGHT, 'light')} }`,
  `@media (prefers-color-scheme: dark) { body { ${variables(DARK, 'dark')} } }`,
  // More specific than the media query's `body`, so the toggle wins over the system either way.
  `html[data-theme="light"] body, body.vscode-light { ${variables(LIGHT, 'light')} }`,
  `html[data-theme="dark"] body, body.vscode-dark, body.vscode-high-contrast { ${variables(DARK, 'dark')} }`,
  LAYOUT,
  PRINT,
].join('\n');
