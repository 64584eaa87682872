// compare.js: the saved file against the edited scenario.
//
// POST /api/compare with [{"path": saved}, {"scenario": edited}] answers
// the comparison document (rows of the comparison table, one cell per
// scenario) and the changed inputs by parameter slot. The view lists the
// inputs that changed (old, new, by how much, with their notes) and the
// result rows whose cells differ (with the difference when both are
// numbers), then the compare chart (POST /api/chart kind compare).
// Once shown, it follows the edits (refreshed after each recompute).

import { el, clear, fmt, fmtSigned, svgFigure } from './dom.js';
import { post } from './api.js';
import { noteNode } from './table.js';

export class ComparePanel {
  constructor(store, showError) {
    this.store = store;
    this.showError = showError;
    this.form = document.getElementById('compare-form');
    this.base = document.getElementById('compare-base');
    this.button = document.getElementById('compare-btn');
    this.out = document.getElementById('compare-result');
    this.live = false;   // refresh after edits once the user compared
    this.seq = 0;
    this.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.live = true;
      this.run();
    });
  }

  /** Fills the list of saved files; selects the open file by default. */
  setFiles(paths) {
    const keep = this.base.value;
    clear(this.base);
    for (const p of paths) this.base.append(el('option', { value: p, text: p }));
    this.selectDefault(keep);
  }

  selectDefault(preferred) {
    const want = preferred || this.store.path;
    if (want && [...this.base.options].some((o) => o.value === want)) this.base.value = want;
    this.button.disabled = !this.store.scenario || !this.base.value;
  }

  /** A new scenario was opened: compare against its own file by default. */
  reset() {
    this.live = false;
    clear(this.out);
    this.selectDefault(this.store.path);
  }

  refresh() {
    if (this.live) this.run();
  }

  async run() {
    if (!this.store.scenario || !this.base.value) return;
    const seq = ++this.seq;
    const base = { path: this.base.value };
    const edited = structuredClone(this.store.spec());
    this.out.setAttribute('aria-busy', 'true');
    try {
      const res = await post('/api/compare', { scenarios: [base, edited] });
      if (seq !== this.seq) return;
      clear(this.out);
      this.out.append(this.inputs(res.inputs || []), this.moved(res.compare));
      const svg = await post('/api/chart', { ...base, kind: 'compare', with: edited, width: 900, height: 560 });
      if (seq !== this.seq) return;
      this.out.append(el('div', { class: 'chart-box', id: 'compare-chart' }, svgFigure(svg, 'comparison chart')));
    } catch (err) {
      if (seq === this.seq) this.showError(err);
    } finally {
      if (seq === this.seq) this.out.removeAttribute('aria-busy');
    }
  }

  inputs(list) {
    const box = el('div', { class: 'table-scroll' });
    if (!list.length) {
      box.append(el('p', { id: 'compare-no-inputs', text: 'No input differs from the saved file.' }));
      return box;
    }
    const body = el('tbody');
    for (const ch of list) {
      const delta = typeof ch.old === 'number' && typeof ch.new === 'number' ? fmtSigned(ch.new - ch.old) : '–';
      body.append(el('tr', { class: 'changed-input', attrs: { 'data-slot': ch.slot } },
        el('th', { scope: 'row', text: ch.slot }),
        el('td', { class: 'num' }, fmt(ch.old), noteNode(ch.old_note, `${ch.slot}, saved`)),
        el('td', { class: 'num' }, fmt(ch.new), noteNode(ch.new_note, `${ch.slot}, edited`)),
        el('td', { class: 'num', text: delta })));
    }
    box.append(el('table', { class: 'data', id: 'compare-inputs' },
      el('caption', { text: `Inputs changed (${list.length})` }),
      el('thead', {}, el('tr', {}, ...['input', 'saved', 'edited', 'change'].map((t) => el('th', { scope: 'col', text: t })))),
      body));
    return box;
  }

  moved(doc) {
    const box = el('div', { class: 'table-scroll' });
    const rows = doc && Array.isArray(doc.rows) ? doc.rows : [];
    const [a, b] = doc && Array.isArray(doc.scenarios) ? doc.scenarios : [];
    if (!a || !b) return box;
    const body = el('tbody');
    let n = 0;
    for (const row of rows) {
      if (row.key === 'scenario') continue;
      const va = a[row.key];
      const vb = b[row.key];
      if (va === vb) continue;
      n++;
      const na = parseFloat(va);
      const nb = parseFloat(vb);
      const delta = Number.isFinite(na) && Number.isFinite(nb) && /^-?[\d.]+/.test(String(va)) && /^-?[\d.]+/.test(String(vb))
        ? fmtSigned(nb - na, 2) : '';
      body.append(el('tr', { class: 'moved-result', attrs: { 'data-key': row.key } },
        el('th', { scope: 'row', text: row.label || row.key }),
        el('td', { text: va ?? '–' }),
        el('td', { text: vb ?? '–' }),
        el('td', { class: 'num', text: delta })));
    }
    if (!n) {
      box.append(el('p', { id: 'compare-no-results', text: 'No result moved.' }));
      return box;
    }
    box.append(el('table', { class: 'data', id: 'compare-results' },
      el('caption', { text: `Results that moved (${n})` }),
      el('thead', {}, el('tr', {}, ...['result', 'saved', 'edited', 'by'].map((t) => el('th', { scope: 'col', text: t })))),
      body));
    return box;
  }
}
