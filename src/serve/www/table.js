// table.js: the scenario as a table of actors (rows) by issues (columns).
//
// Each cell holds one actor's stake in one issue: position, salience,
// per-issue capability, red line (below / above) and no-deal position,
// each with its note under it (a <details> whose summary is the note's
// first line: Enter or Space opens it). The row header holds the actor:
// name, role, capability, no-deal cost and its cross-issue red lines; the
// column header the issue's status quo.
//
// The table is built once per scenario (build) and updated in place after
// edits made elsewhere (sync), so the field being typed into keeps its
// focus and caret.

import { el, clear, idPart } from './dom.js';
import { numValue, numNote, numSpread, setNum, stakeOf } from './state.js';

/** A note under a value: collapsed to its first line, opened on demand. */
export function noteNode(text, label) {
  if (!text) return null;
  return el('details', { class: 'note' },
    el('summary', { attrs: { 'aria-label': `${label}: note` } }, el('span', { class: 'note-text', text })));
}

export class ScenarioTable {
  constructor(container, store) {
    this.container = container;
    this.store = store;
    this.bindings = []; // {input, get(sc) -> value, kind: 'num'|'select'}
  }

  /** Builds the table afresh from the store's scenario. */
  build() {
    const sc = this.store.scenario;
    clear(this.container);
    this.bindings = [];
    if (!sc) return;
    const issues = Array.isArray(sc.issues) ? sc.issues : [];
    const actors = Array.isArray(sc.actors) ? sc.actors : [];

    const head = el('tr', {}, el('th', { scope: 'col', class: 'corner', text: 'Actor' }));
    issues.forEach((issue, i) => head.append(this.issueHeader(issue, i)));

    const body = el('tbody');
    actors.forEach((actor, a) => {
      const row = el('tr', { class: actor.role === 'excluded' ? 'excluded' : 'table-actor' });
      row.append(this.actorHeader(actor, a));
      for (const issue of issues) row.append(this.stakeCell(actor, a, issue));
      body.append(row);
    });

    this.container.append(el('table', { class: 'grid', id: 'scenario-table' },
      el('caption', { class: 'sr-only', text: 'Positions, saliences, capabilities, red lines and no-deal terms of every actor on every issue' }),
      el('thead', {}, head), body));
  }

  /** Puts the store's values into every field but the one being typed in. */
  sync() {
    const sc = this.store.scenario;
    for (const b of this.bindings) {
      if (b.input === document.activeElement) continue;
      const v = b.get(sc);
      if (b.kind === 'select') b.input.value = v;
      else {
        b.input.value = v === undefined ? '' : String(v);
        b.input.removeAttribute('aria-invalid');
      }
    }
  }

  issueHeader(issue, i) {
    const th = el('th', { scope: 'col', class: 'issue-head' },
      el('span', { class: 'issue-name', text: issue.name || issue.id }),
      el('span', { class: 'id', text: issue.id }));
    if (issue.low || issue.high) {
      th.append(el('details', { class: 'note' },
        el('summary', { attrs: { 'aria-label': `${issue.name}: what the scale means` } },
          el('span', { class: 'note-text', text: 'scale: 0 = ' + (issue.low || '?') })),
        el('p', { class: 'note-more', text: '100 = ' + (issue.high || '?') })));
    }
    th.append(this.field({
      id: `f-issue-${idPart(issue.id)}-status_quo`,
      short: 'status quo',
      label: `${issue.name}: status quo`,
      raw: issue.status_quo, min: 0, max: 100, optional: true,
      get: (sc) => numValue(sc.issues[i].status_quo),
      set: (sc, v) => setNum(sc.issues[i], 'status_quo', v),
    }));
    th.append(noteNode(issue.note, issue.name));
    return th;
  }

  actorHeader(actor, a) {
    const th = el('th', { scope: 'row', class: 'actor-head' },
      el('span', { class: 'actor-name', text: actor.name || actor.id }),
      el('span', { class: 'id', text: actor.id }));
    const roleId = `f-${idPart(actor.id)}-role`;
    const select = el('select', { id: roleId, attrs: { 'aria-label': `${actor.name}: role` } },
      el('option', { value: 'table', text: 'at the table' }),
      el('option', { value: 'excluded', text: 'excluded' }),
      el('option', { value: 'ratifier', text: 'ratifier' }),
      el('option', { value: 'mediator', text: 'mediator' }));
    select.value = actor.role || 'table';
    select.addEventListener('change', () => {
      this.store.edit((sc) => { sc.actors[a].role = select.value; }, { key: roleId, source: select });
      select.closest('tr').className = select.value === 'excluded' ? 'excluded' : 'table-actor';
    });
    this.bindings.push({ input: select, kind: 'select', get: (sc) => (sc.actors[a].role || 'table') });
    th.append(el('div', { class: 'field' }, el('label', { for: roleId, text: 'role' }), select));

    th.append(this.field({
      id: `f-${idPart(actor.id)}-capability`,
      short: 'capability',
      label: `${actor.name}: capability`,
      raw: actor.capability, min: 0,
      get: (sc) => numValue(sc.actors[a].capability),
      set: (sc, v) => setNum(sc.actors[a], 'capability', v),
    }));
    const nd = actor.no_deal && typeof actor.no_deal === 'object' ? actor.no_deal : {};
    th.append(this.field({
      id: `f-${idPart(actor.id)}-no_deal_cost`,
      short: 'no-deal cost',
      label: `${actor.name}: cost if talks fail`,
      raw: nd.cost, optional: true, min: null,
      get: (sc) => numValue(sc.actors[a].no_deal && sc.actors[a].no_deal.cost),
      set: (sc, v) => {
        const act = sc.actors[a];
        if (v === undefined) {
          if (act.no_deal) delete act.no_deal.cost;
          if (act.no_deal && Object.keys(act.no_deal).length === 0) delete act.no_deal;
          return;
        }
        if (!act.no_deal || typeof act.no_deal !== 'object') act.no_deal = {};
        setNum(act.no_deal, 'cost', v);
      },
    }));
    th.append(noteNode(nd.note, `${actor.name}: no deal`));
    // Cross-issue red lines: shown, not edited here.
    if (Array.isArray(actor.red_lines) && actor.red_lines.length) {
      const list = el('ul', { class: 'cross-lines', attrs: { 'aria-label': `${actor.name}: red lines across issues` } });
      for (const rl of actor.red_lines) {
        const terms = rl && rl.terms && typeof rl.terms === 'object'
          ? Object.entries(rl.terms).map(([k, w]) => `${numValue(w) === 1 ? '' : numValue(w) + '×'}${k}`).join(' + ') : '?';
        const bounds = [];
        if (rl && rl.at_least !== undefined) bounds.push(`≥ ${numValue(rl.at_least)}`);
        if (rl && rl.at_most !== undefined) bounds.push(`≤ ${numValue(rl.at_most)}`);
        list.append(el('li', {}, el('span', { text: `red line: ${terms} ${bounds.join(' and ')}` }),
          noteNode(rl && rl.note, `${actor.name}: red line`)));
      }
      th.append(list);
    }
    th.append(noteNode(actor.note, actor.name));
    return th;
  }

  stakeCell(actor, a, issue) {
    const td = el('td', { class: 'stake' });
    const stake = stakeOf(this.store.scenario, a, issue.id);
    const who = `${actor.name}, ${issue.name}`;
    const base = `f-${idPart(actor.id)}-${idPart(issue.id)}`;
    if (!stake || typeof stake !== 'object') {
      td.append(el('span', { class: 'muted', text: 'no stake' }), ' ',
        el('button', {
          type: 'button', class: 'small', text: 'Add stake',
          attrs: { 'aria-label': `Add a stake for ${who}` },
          on: {
            click: () => this.store.edit((sc) => {
              const act = sc.actors[a];
              if (!act.issues || typeof act.issues !== 'object') act.issues = {};
              act.issues[issue.id] = { position: 50, salience: 50 };
            }, { key: 'struct:' + base, source: 'structure' }),
          },
        }));
      return td;
    }
    const st = (sc) => stakeOf(sc, a, issue.id) || {};
    td.append(this.field({
      id: `${base}-position`, short: 'position', label: `${who}: position`,
      raw: stake.position, min: 0, max: 100,
      get: (sc) => numValue(st(sc).position),
      set: (sc, v) => setNum(st(sc), 'position', v),
    }));
    td.append(this.field({
      id: `${base}-salience`, short: 'salience', label: `${who}: salience`,
      raw: stake.salience, min: 0, max: 100,
      get: (sc) => numValue(st(sc).salience),
      set: (sc, v) => setNum(st(sc), 'salience', v),
    }));
    td.append(this.field({
      id: `${base}-capability`, short: 'capability', label: `${who}: capability on this issue`,
      raw: stake.capability, min: 0, optional: true,
      placeholder: 'actor\'s',
      get: (sc) => numValue(st(sc).capability),
      set: (sc, v) => setNum(st(sc), 'capability', v),
    }));
    // Red line: two optional plain numbers and a note.
    const rl = stake.red_line && typeof stake.red_line === 'object' ? stake.red_line : null;
    const rlSet = (k) => (sc, v) => {
      const s = st(sc);
      const line = s.red_line && typeof s.red_line === 'object' ? s.red_line : {};
      setNum(line, k, v);
      if (line.above === undefined && line.below === undefined) delete s.red_line;
      else s.red_line = line;
    };
    const rlBox = el('div', { class: 'redline' },
      this.field({
        id: `${base}-red_below`, short: 'rejects below', label: `${who}: red line, rejects every outcome below`,
        raw: rl ? rl.below : undefined, min: 0, max: 100, optional: true,
        get: (sc) => numValue(st(sc).red_line && st(sc).red_line.below),
        set: rlSet('below'),
      }),
      this.field({
        id: `${base}-red_above`, short: 'rejects above', label: `${who}: red line, rejects every outcome above`,
        raw: rl ? rl.above : undefined, min: 0, max: 100, optional: true,
        get: (sc) => numValue(st(sc).red_line && st(sc).red_line.above),
        set: rlSet('above'),
      }),
      noteNode(rl && rl.note, `${who}: red line`));
    td.append(rlBox);
    td.append(this.field({
      id: `${base}-no_deal`, short: 'no deal', label: `${who}: outcome if talks fail`,
      raw: stake.no_deal, min: 0, max: 100, optional: true,
      placeholder: 'status quo',
      get: (sc) => numValue(st(sc).no_deal),
      set: (sc, v) => setNum(st(sc), 'no_deal', v),
    }));
    td.append(noteNode(stake.note, who));
    return td;
  }

  /**
   * One number field: a visible short label, the input (its accessible
   * name says whose value it is), the spread when the number has one and
   * the note. Typing commits at once (the store coalesces the keystrokes
   * into one undo step); an empty required field is marked invalid and
   * not committed.
   */
  field({ id, short, label, raw, min = 0, max = null, optional = false, placeholder, get, set }) {
    const input = el('input', {
      id, type: 'number', step: 'any',
      attrs: { 'aria-label': label, min: min === null ? null : String(min), max: max === null ? null : String(max), placeholder },
    });
    const v = numValue(raw);
    input.value = v === undefined ? '' : String(v);
    input.addEventListener('input', () => {
      const text = input.value.trim();
      let value;
      if (text === '') {
        if (!optional) {
          input.setAttribute('aria-invalid', 'true');
          return;
        }
        value = undefined;
      } else {
        value = Number(text);
        if (!Number.isFinite(value)) {
          input.setAttribute('aria-invalid', 'true');
          return;
        }
      }
      input.removeAttribute('aria-invalid');
      this.store.edit((sc) => set(sc, value), { key: id, source: input });
    });
    input.addEventListener('blur', () => this.store.breakRun());
    this.bindings.push({ input, kind: 'num', get });
    const spread = numSpread(raw);
    return el('div', { class: 'field' },
      el('label', { for: id, text: short }),
      input,
      spread ? el('span', { class: 'spread', text: spread }) : null,
      noteNode(numNote(raw), label));
  }
}
