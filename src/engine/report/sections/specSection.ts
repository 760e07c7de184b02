/**
 * "Spec": what reproduces the run. `spec.automl` (every default spelled out; `automl run
 * spec.automl` runs it again) and `spec.json` as written, both as text.
 */
import { html, join } from '../html';
import { subheading } from '../parts';
import type { ReportSection, ReportSpec } from '../types';

export function specSection(spec: ReportSpec, specText: string | undefined): ReportSection {
  return {
    id: 'spec',
    title: 'Spec',
    summary: specText === undefined ? 'spec.json' : 'spec.automl and spec.json',
    body: join([
      specText === undefined
        ? undefined
        : html`${subheading('spec-automl', 'spec.automl')}<p class="muted">Run it again with <code>automl run spec.automl</code> in the run folder.</p><pre class="code"><code>${specText}</code></pre>`,
      html`${subheading('spec-json', 'spec.json')}<pre class="code"><code>${JSON.stringify(spec, null, 2)}</code></pre>`,
    ]),
  };
}
