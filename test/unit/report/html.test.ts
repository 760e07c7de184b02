import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { escapeHtml, html, join, withCodeSpans } from '../../../src/engine/report/html';
import { dataTable } from '../../../src/engine/report/parts';
import { externalReferences } from './pageChecks';

describe('report html', () => {
  it('escapes the five characters that can change markup', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('escapes every interpolated string, number and list item, and passes only Html through', () => {
    const name = '<script>alert(1)</script>';
    const fragment = html`<b>${name}</b>`;
    assert.equal(fragment.html, '<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>');
    assert.equal(html`<i>${[name, fragment, 3, undefined, false, null]}</i>`.html, `<i>&lt;script&gt;alert(1)&lt;/script&gt;${fragment.html}3</i>`);
    // An object that only looks like text is not markup: its string form is escaped, never inserted.
    assert.equal(html`${['<x>']}`.html, '&lt;x&gt;');
    assert.equal(join(['<a>', html`<br>`], ', ').html, '&lt;a&gt;, <br>');
  });

  it('escapes attribute values, so data cannot close an attribute', () => {
    const title = '" onmouseover="alert(1)';
    assert.equal(html`<span title="${title}">x</span>`.html, '<span title="&quot; onmouseover=&quot;alert(1)">x</span>');
  });

  it('shows the insight sentences\' `code` spans as code, after escaping', () => {
    assert.equal(withCodeSpans('`<b>` raises `y`').html, '<code>&lt;b&gt;</code> raises <code>y</code>');
  });

  it('writes sortable tables with the sort keys the page script reads', () => {
    const table = dataTable(
      [
        { name: '<b>', score: 0.5 },
        { name: 'a', score: NaN },
      ],
      [
        { header: 'Name', cell: (r) => r.name, sort: (r) => r.name },
        { header: 'Score', cell: (r) => String(r.score), sort: (r) => r.score, numeric: true },
      ],
    ).html;
    assert.match(table, /<table class="data sortable">/);
    assert.match(table, /<th scope="col" class="num" data-sortable="">Score<\/th>/);
    assert.match(table, /<td data-sort="&lt;b&gt;">&lt;b&gt;<\/td><td class="num" data-sort="0.5">0.5<\/td>/);
    // A missing number has no key: the script sorts it last.
    assert.match(table, /<td class="num">NaN<\/td>/);
  });
});

describe('the external reference check of the report tests', () => {
  it('finds what would make a browser fetch, and not escaped text or anchors', () => {
    assert.equal(externalReferences('<img src="a.png">').length, 1);
    assert.equal(externalReferences('<link rel="stylesheet" href="x.css">').length, 1);
    assert.equal(externalReferences('<image xlink:href="data:x">').length, 1);
    assert.equal(externalReferences('<style>a { background: url(x.png) }</style>').length, 1);
    assert.equal(externalReferences('<p>see https://example.org</p>').length, 1);
    assert.equal(externalReferences('<script src=//cdn.example/x.js></script>').length, 2);
    assert.deepEqual(externalReferences('<a href="#data">Data</a><p title="&lt;img src=x&gt;">&lt;img src=x&gt;</p>'), []);
  });
});
