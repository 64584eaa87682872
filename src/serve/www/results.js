// results.js: what the page shows after each edit, from one
// POST /api/workbench answer ({forecast, analysis, elapsed_ms}):
//   - per issue: status quo, every model's forecast, the forecast with
//     only the table and with everyone, the gap, the zone point, the deal;
//   - the zone of agreement (status, surplus, what binds, the verdict);
//   - each stakeholder's gain and support, durability, spoilers;
//   - the levers ranked by the analysis, each with a switch that applies
//     it (the what-if: "apply" in the next requests).
// Values carry ids (fc-ISSUE-MODEL, deal-ISSUE, ...) so tests can read them.

import { el, clear, fmt, fmtSigned, idPart } from './dom.js';

export class Results {
  constructor({ body, levers, empty }, store) {
    this.body = body;
    this.leversBox = levers;
    this.empty = empty;
    this.store = store;
  }

  clear() {
    clear(this.body);
    clear(this.leversBox);
    this.empty.hidden = false;
  }

  /** Shows a workbench answer. */
  render(wb) {
    this.empty.hidden = true;
    const fc = wb.forecast;
    const an = wb.analysis && !wb.analysis.error ? wb.analysis : null;
    clear(this.body);
    this.body.append(this.issueTable(fc, an));
    if (!an) {
      const msg = wb.analysis && wb.analysis.error ? wb.analysis.error.message : 'no analysis';
      this.body.append(el('p', { class: 'warn', id: 'analysis-error', text: `The scenario cannot be analysed: ${msg}` }));
    } else {
      this.body.append(this.zone(an), this.stakeholders(an));
    }
    this.renderLevers(an);
  }

  /** Two tables with the issues as rows: every model's forecast; table vs everyone and the deal. */
  issueTable(fc, an) {
    const issues = fc && Array.isArray(fc.issues) ? fc.issues : [];
    const models = [];
    for (const i of issues) for (const m of Object.keys(i.models || {})) if (!models.includes(m)) models.push(m);
    const rowHead = (issue) => el('th', { scope: 'row', text: issue.id, title: issue.name || issue.id });
    const th = (t, title) => el('th', { scope: 'col', text: t, title });

    const head = el('tr', {}, th('Issue'), th('status quo'), ...models.map((m) => th(m, `forecast of the ${m} model`)));
    const body = el('tbody');
    let stopped = false;
    for (const issue of issues) {
      const iid = idPart(issue.id);
      const row = el('tr', {}, rowHead(issue), el('td', { class: 'num', text: fmt(issue.status_quo) }));
      for (const m of models) {
        const run = issue.models && issue.models[m];
        const point = run && run.forecast ? run.forecast.point : null;
        const td = el('td', { class: 'num', id: `fc-${iid}-${idPart(m)}`, text: fmt(point) });
        if (run && run.stop && run.stop.reason && run.stop.reason !== 'converged') {
          td.title = `stopped: ${run.stop.reason} after ${run.stop.rounds} rounds`;
          td.append(el('span', { class: 'flag', text: '*' }));
          stopped = true;
        }
        row.append(td);
      }
      body.append(row);
    }
    const box = el('div', { id: 'forecast-table' }, el('div', { class: 'table-scroll' },
      el('table', { class: 'data', id: 'models-table' },
        el('caption', { text: 'Every model\'s forecast per issue (0-100)' }),
        el('thead', {}, head), body)));
    if (stopped) box.append(el('p', { class: 'hint', text: '* the model stopped without converging (cycle or round cap); the point shown is where it stopped.' }));
    if (!an) return box;

    const pick = (obj, id) => (obj && typeof obj === 'object' ? obj[id] : null);
    const body2 = el('tbody');
    for (const issue of issues) {
      const iid = idPart(issue.id);
      body2.append(el('tr', {}, rowHead(issue),
        el('td', { class: 'num', id: `table-${iid}`, text: fmt(pick(an.table_forecast, issue.id)) }),
        el('td', { class: 'num', id: `full-${iid}`, text: fmt(pick(an.full_forecast, issue.id)) }),
        el('td', { class: 'num', id: `gap-${iid}`, text: fmtSigned(pick(an.gap, issue.id)) }),
        el('td', { class: 'num', id: `zone-${iid}`, text: fmt(pick(an.zone && an.zone.point, issue.id)) }),
        el('td', { class: 'num strong', id: `deal-${iid}`, text: an.deal ? fmt(pick(an.deal, issue.id)) : 'no deal' })));
    }
    box.append(el('div', { class: 'table-scroll' },
      el('table', { class: 'data', id: 'deal-table' },
        el('caption', { text: `The table against everyone, the zone and the deal (${an.model || 'eu'} model)` }),
        el('thead', {}, el('tr', {}, th('Issue'),
          th('table only', 'forecast with only the actors at the table'),
          th('everyone', 'forecast with every actor, excluded ones too'),
          th('gap', 'everyone minus table only'),
          th('zone point', 'the max-min point of the zone of agreement'),
          th('deal', 'the Nash deal of the table'))),
        body2)));
    return box;
  }

  zone(an) {
    const z = an.zone || {};
    const box = el('div', { class: 'zone', id: 'zone' },
      el('h3', { text: 'Zone of agreement and deal' }),
      el('p', {},
        el('span', { class: `badge ${z.feasible ? 'ok' : 'bad'}`, id: 'zone-status', text: z.status || '?' }), ' ',
        el('span', { id: 'zone-verdict', text: z.verdict || '' })),
      el('dl', { class: 'facts' },
        el('dt', { text: 'max-min surplus' }), el('dd', { id: 'zone-surplus', text: fmt(z.surplus, 2) }),
        el('dt', { text: 'without red lines' }), el('dd', { text: fmt(z.surplus_without_red_lines, 2) }),
        el('dt', { text: 'support judged on' }), el('dd', { id: 'proposal', text: an.proposal || '' }),
        el('dt', { text: 'durability' }), el('dd', { id: 'durability', text: fmt(an.durability, 2) }),
        el('dt', { text: 'spoilers' }), el('dd', { id: 'spoilers', text: (an.spoilers || []).join(', ') || 'none' })));
    // Ratifiers and bodies (docs/analysis.md, "Ratification"): the library's sentence.
    if (an.ratification) {
      const r = an.ratification;
      box.append(el('p', { id: 'ratification' },
        el('span', { class: `badge ${r.ratified === true ? 'ok' : 'bad'}`, text: r.ratified === true ? 'ratified' : r.ratified === false ? 'not ratified' : 'n/a' }), ' ',
        el('span', { id: 'ratification-verdict', text: r.verdict || '' })));
    }
    if (Array.isArray(z.binding) && z.binding.length) {
      const list = el('ul', { class: 'binding' });
      for (const b of z.binding) {
        const what = b.kind === 'red_line' ? `${b.actor}'s red line ${b.rule || ''}` : `${b.actor}'s no-deal utility`;
        const price = b.price !== undefined && b.price !== null ? ` (price ${fmt(b.price, 2)})` : '';
        list.append(el('li', { text: `binds: ${what}${price}` }));
      }
      box.append(list);
    }
    return box;
  }

  stakeholders(an) {
    const sc = this.store.scenario;
    const nameOf = (id) => {
      const a = sc && sc.actors ? sc.actors.find((x) => x.id === id) : null;
      return a ? a.name : id;
    };
    const body = el('tbody');
    for (const [id, s] of Object.entries(an.stakeholders || {})) {
      const sup = s.supports === true ? 'yes' : s.supports === false ? 'no' : '–';
      body.append(el('tr', { class: s.supports === false ? 'spoiler' : '' },
        el('th', { scope: 'row', text: nameOf(id), title: id }),
        el('td', { text: s.role || 'table' }),
        el('td', { class: 'num', text: fmtSigned(s.gain, 1) }),
        el('td', { id: `supports-${idPart(id)}`, class: `support ${sup}`, text: sup }),
        el('td', { class: 'num', text: fmt(s.clout, 0) }),
        el('td', { text: (s.red_lines_crossed || []).join('; ') || '–' })));
    }
    return el('div', { class: 'table-scroll' },
      el('table', { class: 'data', id: 'stakeholders' },
        el('caption', { text: 'Stakeholders: would each accept the proposal?' }),
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col', text: 'Actor' }), el('th', { scope: 'col', text: 'role' }),
          el('th', { scope: 'col', text: 'gain', title: 'surplus of the proposal over no deal (utility units)' }),
          el('th', { scope: 'col', text: 'supports' }), el('th', { scope: 'col', text: 'clout' }),
          el('th', { scope: 'col', text: 'red lines crossed' }))),
        body));
  }

  /**
   * The levers, strongest first, each with its switch. The list is rebuilt
   * on every answer; the switch that had the focus gets it back.
   */
  renderLevers(an) {
    const focused = document.activeElement && this.leversBox.contains(document.activeElement) ? document.activeElement.id : null;
    clear(this.leversBox);
    const levers = this.store.levers;
    if (!levers.length) return;
    const byId = new Map();
    for (const l of (an && an.levers) || []) byId.set(l.id, l);
    const order = [...levers].sort((x, y) => {
      const rx = byId.get(x.id)?.rank ?? 1e9;
      const ry = byId.get(y.id)?.rank ?? 1e9;
      return rx - ry;
    });
    const list = el('ol', { class: 'levers' });
    for (const lever of order) {
      const info = byId.get(lever.id);
      const id = `lever-${idPart(lever.id)}`;
      const box = el('input', { type: 'checkbox', id, checked: this.store.applied.has(lever.id) });
      box.addEventListener('change', () => this.store.setApplied(lever.id, box.checked));
      const desc = info
        ? `${info.summary || ''}${info.flips && info.flips !== 'none' ? ` — flips ${info.flips.replace(/_/g, ' ')}` : ''}`
        : (this.store.applied.has(lever.id) ? 'applied' : '');
      list.append(el('li', { class: this.store.applied.has(lever.id) ? 'applied' : '' },
        el('span', { class: 'rank', text: info ? `#${info.rank}` : '' }),
        box,
        el('label', { for: id },
          el('span', { class: 'lever-name', text: lever.name || lever.id }),
          el('span', { class: 'muted', text: ` (${lever.by || '?'})` })),
        el('span', { class: 'lever-summary', id: `${id}-summary`, text: desc })));
    }
    this.leversBox.append(
      el('h3', { text: 'Levers, strongest first' }),
      el('p', { class: 'hint', text: 'Tick a lever to apply it (what-if): the results above then include it, and the ranking rates the other levers on top of it.' }),
      list);
    if (focused) document.getElementById(focused)?.focus();
  }
}
