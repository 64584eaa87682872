// analysts.js: where several analysts' estimates disagree, and whether
// it matters (docs/judgement.md).
//
// The served directory's estimates files (GET /api/scenarios marks them
// kind "estimates") are listed as checkboxes; POST /api/reconcile with
// the edited scenario and the checked files answers the library's
// reconciliation (detente-reconcile/1, the bytes of `detente reconcile
// FILE ESTIMATES... --format json`). The view is the table of disputed
// numbers, most disputed first: the value as written, each analyst's
// mode and range, the spread of the modes on the scale, whether the
// ranges overlap, the largest forecast move between two analysts (model
// and issue), the Nash deal's move and whether the zone verdict splits;
// then each analyst's view with all of their modes at once. Once shown,
// it follows the edits (refreshed after each recompute).

import { el, clear, fmt } from './dom.js';
import { post } from './api.js';

export class AnalystsPanel {
  constructor(store, showError) {
    this.store = store;
    this.showError = showError;
    this.form = document.getElementById('analysts-form');
    this.list = document.getElementById('analysts-files');
    this.button = document.getElementById('analysts-btn');
    this.out = document.getElementById('analysts-result');
    this.live = false;
    this.seq = 0;
    this.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.live = true;
      this.run();
    });
    this.list.addEventListener('change', () => this.enable());
  }

  /** The estimates files of the served directory. */
  setFiles(paths) {
    const keep = new Set(this.checked());
    clear(this.list);
    if (!paths.length) {
      this.list.append(el('p', { class: 'hint', text: 'No estimates file in the served directory (see docs/judgement.md for the format).' }));
    }
    paths.forEach((p, i) => {
      const id = `analysts-file-${i}`;
      const box = el('input', { type: 'checkbox', id, value: p });
      box.checked = keep.has(p);
      this.list.append(el('span', { class: 'check' }, box, el('label', { htmlFor: id, text: p })));
    });
    this.enable();
  }

  checked() {
    return [...this.list.querySelectorAll('input[type=checkbox]')].filter((b) => b.checked).map((b) => b.value);
  }

  enable() {
    this.button.disabled = !this.store.scenario || this.checked().length === 0;
  }

  reset() {
    this.live = false;
    clear(this.out);
    this.enable();
  }

  refresh() {
    if (this.live) this.run();
  }

  async run() {
    const files = this.checked();
    if (!this.store.scenario || !files.length) return;
    const seq = ++this.seq;
    const spec = structuredClone(this.store.spec());
    this.out.setAttribute('aria-busy', 'true');
    try {
      const doc = await post('/api/reconcile', { ...spec, estimates: files, models: this.store.models });
      if (seq !== this.seq) return;
      clear(this.out);
      this.out.append(this.disputes(doc), this.views(doc));
    } catch (err) {
      if (seq === this.seq) {
        clear(this.out);
        this.showError(err);
      }
    } finally {
      if (seq === this.seq) this.out.removeAttribute('aria-busy');
    }
  }

  disputes(doc) {
    const box = el('div', { class: 'table-scroll' });
    const list = Array.isArray(doc.disputes) ? doc.disputes : [];
    const ids = (doc.analysts || []).map((a) => a.id);
    if (!list.length) {
      box.append(el('p', { id: 'analysts-none', text: 'No number is estimated by two analysts or more.' }));
      return box;
    }
    const body = el('tbody');
    for (const d of list) {
      const cells = ids.map((a) => {
        const e = d.estimates && d.estimates[a];
        return el('td', { class: 'num', text: e ? `${fmt(e.mode)} (${fmt(e.low)}–${fmt(e.high)})` : '–', attrs: e && e.note ? { title: e.note } : {} });
      });
      const move = Number.isFinite(d.largest_move) ? `${fmt(d.largest_move)} (${d.largest_move_model}, ${d.largest_move_issue})` : '–';
      body.append(el('tr', { class: 'dispute', attrs: { 'data-slot': d.slot } },
        el('th', { scope: 'row', text: d.slot }),
        el('td', { class: 'num', text: fmt(d.as_written) }),
        ...cells,
        el('td', { class: 'num', text: `${fmt(100 * d.spread, 0)} %` }),
        el('td', { text: d.overlap ? 'yes' : 'no' }),
        el('td', { class: 'num', text: move }),
        el('td', { class: 'num', text: Number.isFinite(d.deal_move) ? fmt(d.deal_move) : '–' }),
        el('td', { class: d.verdict_splits ? 'split' : '', text: d.verdict_splits ? 'splits' : 'same' })));
    }
    const heads = ['number', 'as written', ...ids.map((a) => `${a}: mode (range)`), 'spread', 'ranges overlap', 'largest forecast move', 'deal move', 'zone verdict'];
    box.append(el('table', { class: 'data', id: 'analysts-disputes' },
      el('caption', { text: `Disputed numbers (${list.length}), most disputed first` }),
      el('thead', {}, el('tr', {}, ...heads.map((t) => el('th', { scope: 'col', text: t })))),
      body));
    return box;
  }

  views(doc) {
    const box = el('div', { class: 'table-scroll' });
    const analysts = Array.isArray(doc.analysts) ? doc.analysts : [];
    const base = doc.as_written || {};
    const issues = Object.keys(base.forecasts || {});
    if (!issues.length || !analysts.length) return box;
    const models = Object.keys(base.forecasts[issues[0]] || {});
    const body = el('tbody');
    const row = (label, res, cls) => {
      const cells = [];
      for (const i of issues) {
        for (const m of models) {
          const v = res && res.forecasts && res.forecasts[i] ? res.forecasts[i][m] : null;
          cells.push(el('td', { class: 'num', text: fmt(v) }));
        }
      }
      body.append(el('tr', { class: cls }, el('th', { scope: 'row', text: label }), ...cells,
        el('td', { text: res && res.zone ? res.zone : '–' })));
    };
    row('as written', base, 'as-written');
    for (const a of analysts) row(`${a.id} (all modes)`, a.result, 'analyst-view');
    const head1 = el('tr', {}, el('th', { scope: 'col', text: '' }),
      ...issues.map((i) => el('th', { scope: 'colgroup', attrs: { colspan: String(models.length) }, text: i })),
      el('th', { scope: 'col', text: '' }));
    const head2 = el('tr', {}, el('th', { scope: 'col', text: 'view' }),
      ...issues.flatMap(() => models.map((m) => el('th', { scope: 'col', text: m }))),
      el('th', { scope: 'col', text: 'zone' }));
    box.append(el('table', { class: 'data', id: 'analysts-views' },
      el('caption', { text: 'Forecasts with each analyst\'s modes at once' }),
      el('thead', {}, head1, head2), body));
    return box;
  }
}
