/**
 * The report's only script, inlined as is (it never contains data: everything it works on is
 * already in the page). It adds what needs a script: a light/dark toggle, a button per section
 * to collapse it (and one to collapse or expand all), and sorting tables by a column. Without it
 * the page shows everything, expanded, in the order the renderer chose; print expands collapsed
 * sections through the stylesheet and hides these controls.
 */
export const REPORT_SCRIPT = `(function () {
  'use strict';
  var root = document.documentElement;
  var body = document.body;
  var media = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

  function isDark() {
    var chosen = root.getAttribute('data-theme');
    if (chosen) return chosen === 'dark';
    if (body.classList.contains('vscode-dark') || body.classList.contains('vscode-high-contrast')) return true;
    if (body.classList.contains('vscode-light')) return false;
    return media ? media.matches : false;
  }

  function button(text, className) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = className;
    b.textContent = text;
    return b;
  }

  var toolbar = document.querySelector('.toolbar');
  var sections = Array.prototype.slice.call(document.querySelectorAll('.report-section'));

  function setCollapsed(section, collapsed) {
    section.classList.toggle('collapsed', collapsed);
    var toggle = section.querySelector('.section-toggle');
    if (toggle) {
      toggle.setAttribute('aria-expanded', String(!collapsed));
      toggle.textContent = collapsed ? 'Show' : 'Hide';
    }
  }

  sections.forEach(function (section) {
    var heading = section.querySelector('h2');
    var content = section.querySelector('.section-body');
    if (!heading || !content) return;
    var toggle = button('Hide', 'section-toggle');
    toggle.setAttribute('aria-controls', content.id);
    toggle.setAttribute('aria-expanded', 'true');
    toggle.setAttribute('aria-label', 'Show or hide ' + heading.textContent);
    toggle.addEventListener('click', function () {
      setCollapsed(section, !section.classList.contains('collapsed'));
    });
    heading.appendChild(toggle);
  });

  // A link of the table of contents opens the section it leads to.
  Array.prototype.forEach.call(document.querySelectorAll('.toc a[href^="#"]'), function (link) {
    link.addEventListener('click', function () {
      var target = document.getElementById(link.getAttribute('href').slice(1));
      var section = target && target.closest('.report-section');
      if (section) setCollapsed(section, false);
    });
  });

  if (toolbar) {
    var all = button('Collapse all', 'collapse-all');
    all.addEventListener('click', function () {
      var collapse = sections.some(function (s) { return !s.classList.contains('collapsed'); });
      sections.forEach(function (s) { setCollapsed(s, collapse); });
      all.textContent = collapse ? 'Expand all' : 'Collapse all';
    });
    var theme = button('', 'theme-toggle');
    var label = function () {
      var dark = isDark();
      theme.textContent = dark ? 'Light theme' : 'Dark theme';
      theme.setAttribute('aria-label', 'Switch to the ' + (dark ? 'light' : 'dark') + ' theme');
    };
    theme.addEventListener('click', function () {
      root.setAttribute('data-theme', isDark() ? 'light' : 'dark');
      label();
    });
    if (media && media.addEventListener) media.addEventListener('change', label);
    label();
    toolbar.appendChild(all);
    toolbar.appendChild(theme);
  }

  // Sorting: a header with data-sortable sorts by its cells' data-sort values (numbers as
  // numbers); the first click sorts numbers largest first and text A to Z, the next reverses.
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var head = table.tHead && table.tHead.rows[0];
    var tbody = table.tBodies[0];
    if (!head || !tbody) return;
    Array.prototype.forEach.call(head.cells, function (th, index) {
      if (!th.hasAttribute('data-sortable')) return;
      th.tabIndex = 0;
      th.classList.add('sort-ready');
      var sort = function () {
        var rows = Array.prototype.slice.call(tbody.rows);
        var keys = rows.map(function (row, i) {
          var cell = row.cells[index];
          var raw = cell ? cell.getAttribute('data-sort') : null;
          return { row: row, i: i, raw: raw };
        });
        var numeric = keys.every(function (k) { return k.raw === null || isFinite(Number(k.raw)); });
        var current = th.getAttribute('aria-sort');
        var ascending = current ? current === 'descending' : !numeric;
        keys.sort(function (a, b) {
          if (a.raw === null || b.raw === null) return a.raw === b.raw ? a.i - b.i : a.raw === null ? 1 : -1;
          var d = numeric ? Number(a.raw) - Number(b.raw) : a.raw.localeCompare(b.raw);
          return d === 0 ? a.i - b.i : ascending ? d : -d;
        });
        Array.prototype.forEach.call(head.cells, function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        keys.forEach(function (k) { tbody.appendChild(k.row); });
      };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); sort(); }
      });
    });
  });
})();
`;
