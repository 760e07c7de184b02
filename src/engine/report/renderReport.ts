/**
 * The run report: one self-contained HTML page (inline stylesheet, script and SVG charts, no
 * external resource of any kind) with the data and its profile, the leaderboard, the final
 * model, its explanations, robustness and feature decisions, and the spec. The CLI writes it at
 * the end of every run and `automl report` writes it again; the extension opens it.
 *
 * Pure: the same input gives the same page (the render time is an input).
 */
import { html, join, trusted, type Html } from './html';
import { datasetName, reportHeader, tableOfContents } from './reportHeader';
import { REPORT_SCRIPT } from './reportScript';
import { REPORT_CSS } from './reportStyles';
import { dataSection } from './sections/dataSection';
import { explanationsSection } from './sections/explanationsSection';
import { featuresSection } from './sections/featuresSection';
import { leaderboardSection } from './sections/leaderboardSection';
import { metricLabel } from './metricLabel';
import { modelSection } from './sections/modelSection';
import { monitoringSection } from './sections/monitoringSection';
import { robustnessSection } from './sections/robustnessSection';
import { specSection } from './sections/specSection';
import { formatTimestamp } from './format';
import type { ReportInput, ReportSection } from './types';

export interface RenderOptions {
  /**
   * A nonce for the inline script, for hosts whose Content Security Policy allows scripts by
   * nonce (a VS Code webview). Without it the page's own policy allows its inline script.
   */
  readonly scriptNonce?: string;
}

/** The sections present for `input`, in reading order. */
export function reportSections(input: ReportInput): ReportSection[] {
  const board = input.leaderboard;
  const metric = metricLabel(board.metric);
  const sections: (ReportSection | undefined)[] = [
    dataSection(input.profile, input.spec.file),
    leaderboardSection(board),
    modelSection(board, input.model),
    explanationsSection(input.explanations),
    input.robustness ? robustnessSection(input.robustness, board.metric, board.task) : undefined,
    featuresSection(input.features, board, input.model, metric),
    input.monitoring ? monitoringSection(input.monitoring) : undefined,
    specSection(input.spec, input.specText),
  ];
  return sections.filter((s) => s !== undefined);
}

function sectionHtml(section: ReportSection): Html {
  return html`<section class="report-section" id="${section.id}" aria-labelledby="${section.id}-title"><h2 id="${section.id}-title">${section.title}</h2>${section.summary ? html`<p class="section-summary">${section.summary}</p>` : ''}<div class="section-body" id="${section.id}-body">${section.body}</div></section>`;
}

const INLINE_SCRIPTS = "script-src 'unsafe-inline'";
const NONCE_PATTERN = /^[A-Za-z0-9+/=_-]+$/;

/**
 * A policy that lets nothing load: the page needs no network, and this makes sure it gets none.
 * Written unescaped (constants and a checked nonce only), so `withScriptNonce` finds it as is.
 */
function contentSecurityPolicy(nonce: string | undefined): string {
  const scripts = nonce === undefined ? INLINE_SCRIPTS : `script-src 'nonce-${nonce}'`;
  return `default-src 'none'; style-src 'unsafe-inline'; ${scripts}; img-src data:; base-uri 'none'; form-action 'none'`;
}

/**
 * A page `renderReport` wrote without a nonce (a run folder's report.html), changed to allow its
 * script by `nonce` only, for a host whose policy requires one. Data in the page is escaped, so
 * the only `<script>` tag is the renderer's last one; a page from another version that does not
 * match is returned as is, and its script simply does not run (the page reads fine without it).
 */
export function withScriptNonce(page: string, nonce: string): string {
  if (!NONCE_PATTERN.test(nonce)) throw new RangeError('scriptNonce must be a base64 or alphanumeric token');
  const policy = page.indexOf(INLINE_SCRIPTS);
  const script = page.lastIndexOf('<script>');
  if (policy < 0 || script < 0) return page;
  return (
    page.slice(0, policy) +
    `script-src 'nonce-${nonce}'` +
    page.slice(policy + INLINE_SCRIPTS.length, script) +
    `<script nonce="${nonce}">` +
    page.slice(script + '<script>'.length)
  );
}

/** The report page for `input`. */
export function renderReport(input: ReportInput, options: RenderOptions = {}): string {
  const sections = reportSections(input);
  const nonce = options.scriptNonce;
  if (nonce !== undefined && !NONCE_PATTERN.test(nonce)) throw new RangeError('scriptNonce must be a base64 or alphanumeric token');
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${trusted(contentSecurityPolicy(nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="AutoML for VS Code">
<title>AutoML report: ${datasetName(input)}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>
<div class="page">
${reportHeader(input)}
${tableOfContents(sections)}
<main>
${join(sections.map(sectionHtml), '\n')}
</main>
<footer class="footer">Generated ${formatTimestamp(input.generatedAt)} by AutoML for VS Code from the run folder’s files. Everything is in this file: it opens offline and prints with every section expanded.</footer>
</div>
<script${nonce === undefined ? '' : html` nonce="${nonce}"`}>${trusted(REPORT_SCRIPT)}</script>
</body>
</html>
`;
  return page.html;
}
