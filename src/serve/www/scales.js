// scales.js: one horizontal 0-100 scale per issue with a draggable marker
// per actor (its position), plus read-only ticks for the status quo, the
// eu forecast and the deal once results are in.
//
// Markers are role="slider" with aria-valuenow/min/max: drag with the
// pointer, or focus one and use the arrow keys (1 point), Page Up / Page
// Down or Shift+arrow (10 points), Home and End. Markers that would sit on
// top of each other go to separate lanes; lanes are recomputed when a
// drag ends, not during it, so a marker never jumps away from the pointer.

import { el, clear, fmt, idPart } from './dom.js';
import { numValue, setNum, stakeOf, round2 } from './state.js';

const LANE_GAP = 7;   // markers closer than this (in points) share no lane

export class Scales {
  constructor(container, store) {
    this.container = container;
    this.store = store;
    this.rows = [];      // per issue: {issue, track, markers: [{a, node}], ticks}
    this.dragging = null;
  }

  build() {
    const sc = this.store.scenario;
    clear(this.container);
    this.rows = [];
    if (!sc) return;
    const legend = el('p', { class: 'scale-legend' },
      el('span', { class: 'marker-sample table-actor', attrs: { 'aria-hidden': 'true' } }), ' at the table  ',
      el('span', { class: 'marker-sample excluded', attrs: { 'aria-hidden': 'true' } }), ' excluded  ',
      el('span', { class: 'tick-sample sq', attrs: { 'aria-hidden': 'true' } }), ' status quo  ',
      el('span', { class: 'tick-sample fc', attrs: { 'aria-hidden': 'true' } }), ' forecast (eu, everyone)  ',
      el('span', { class: 'tick-sample deal', attrs: { 'aria-hidden': 'true' } }), ' deal');
    this.container.append(legend);
    sc.issues.forEach((issue) => {
      const track = el('div', { class: 'track' },
        el('span', { class: 'end low', text: '0', attrs: { 'aria-hidden': 'true' } }),
        el('span', { class: 'end high', text: '100', attrs: { 'aria-hidden': 'true' } }));
      const row = { issue, track, markers: [], ticks: {} };
      for (const kind of ['sq', 'fc', 'deal']) {
        const tick = el('span', { class: `tick ${kind}`, hidden: true, attrs: { 'aria-hidden': 'true' } });
        track.append(tick);
        row.ticks[kind] = tick;
      }
      sc.actors.forEach((actor, a) => {
        const stake = stakeOf(sc, a, issue.id);
        if (!stake || typeof stake !== 'object') return;
        const node = el('div', {
          class: 'marker ' + (actor.role === 'excluded' ? 'excluded' : 'table-actor'),
          id: `m-${idPart(actor.id)}-${idPart(issue.id)}`,
          tabIndex: 0,
          text: shortName(actor),
          attrs: {
            role: 'slider',
            'aria-label': `${actor.name}: position on ${issue.name}`,
            'aria-valuemin': '0',
            'aria-valuemax': '100',
            'aria-orientation': 'horizontal',
          },
        });
        node.dataset.actor = actor.id;
        node.dataset.issue = issue.id;
        this.attach(node, a, issue, track);
        track.append(node);
        row.markers.push({ a, node });
      });
      const nameId = `scale-${idPart(issue.id)}`;
      this.container.append(el('div', { class: 'scale-row', attrs: { role: 'group', 'aria-labelledby': nameId } },
        el('div', { class: 'scale-name', id: nameId, text: issue.name || issue.id, title: lowHigh(issue) }),
        track));
      this.rows.push(row);
    });
    this.sync(true);
  }

  /** Moves markers to the store's positions; relayout: recompute lanes. */
  sync(relayout = false) {
    const sc = this.store.scenario;
    if (!sc) return;
    for (const row of this.rows) {
      const values = [];
      for (const m of row.markers) {
        const v = numValue((stakeOf(sc, m.a, row.issue.id) || {}).position);
        const actor = sc.actors[m.a];
        m.value = v;
        m.node.style.left = `${clamp(v ?? 0)}%`;
        m.node.setAttribute('aria-valuenow', v === undefined ? '' : String(v));
        m.node.setAttribute('aria-valuetext', `${fmt(v, 0)} (${actor.name})`);
        m.node.title = `${actor.name}: ${fmt(v, 1)}`;
        m.node.classList.toggle('excluded', actor.role === 'excluded');
        m.node.classList.toggle('table-actor', actor.role !== 'excluded');
        values.push(m);
      }
      const sq = numValue(row.issue && sc.issues.find((i) => i.id === row.issue.id)?.status_quo);
      this.setTick(row, 'sq', sq);
      if (relayout || !this.dragging) this.layoutLanes(row);
    }
  }

  /** Shows the eu forecast (with everyone) and the deal of the last results. */
  showResults(forecastDoc, analysis) {
    for (const row of this.rows) {
      const fi = forecastDoc && Array.isArray(forecastDoc.issues) ? forecastDoc.issues.find((i) => i.id === row.issue.id) : null;
      const eu = fi && fi.models && fi.models.eu ? fi.models.eu.forecast.point : undefined;
      this.setTick(row, 'fc', eu);
      const deal = analysis && analysis.deal ? analysis.deal[row.issue.id] : undefined;
      this.setTick(row, 'deal', deal);
    }
  }

  setTick(row, kind, v) {
    const tick = row.ticks[kind];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      tick.hidden = true;
      return;
    }
    tick.hidden = false;
    tick.style.left = `${clamp(v)}%`;
  }

  /** Greedy lanes: sorted by position, each marker takes the first free lane. */
  layoutLanes(row) {
    const sorted = row.markers.filter((m) => m.value !== undefined).sort((x, y) => x.value - y.value);
    const laneEnds = [];
    for (const m of sorted) {
      let lane = laneEnds.findIndex((end) => m.value - end >= LANE_GAP);
      if (lane < 0) {
        lane = laneEnds.length;
        laneEnds.push(m.value);
      } else laneEnds[lane] = m.value;
      m.node.style.top = `${lane * 26 + 4}px`;
    }
    row.track.style.height = `${Math.max(1, laneEnds.length) * 26 + 16}px`;
  }

  /** Sets one actor's position (rounded) as an edit coalesced per marker. */
  move(a, issue, v, key) {
    const value = round2(clamp(v));
    this.store.edit((sc) => setNum(stakeOf(sc, a, issue.id), 'position', value), { key, source: 'scales' });
  }

  attach(node, a, issue, track) {
    const key = `marker:${a}:${issue.id}`;
    const current = () => numValue((stakeOf(this.store.scenario, a, issue.id) || {}).position) ?? 0;
    const fromPointer = (ev) => {
      const r = track.getBoundingClientRect();
      return Math.round(((ev.clientX - r.left) / r.width) * 100);
    };
    node.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0) return;
      ev.preventDefault();
      node.focus();
      node.setPointerCapture(ev.pointerId);
      this.store.breakRun();
      this.dragging = { node, id: ev.pointerId };
      node.classList.add('dragging');
    });
    node.addEventListener('pointermove', (ev) => {
      if (!this.dragging || this.dragging.node !== node || ev.pointerId !== this.dragging.id) return;
      this.move(a, issue, fromPointer(ev), key);
    });
    const end = (ev) => {
      if (!this.dragging || this.dragging.node !== node) return;
      if (ev.type === 'pointerup') this.move(a, issue, fromPointer(ev), key);
      this.dragging = null;
      node.classList.remove('dragging');
      this.store.breakRun();
      this.sync(true);
    };
    node.addEventListener('pointerup', end);
    node.addEventListener('pointercancel', end);
    node.addEventListener('keydown', (ev) => {
      const big = ev.shiftKey ? 10 : 1;
      let v = current();
      switch (ev.key) {
        case 'ArrowLeft': case 'ArrowDown': v -= big; break;
        case 'ArrowRight': case 'ArrowUp': v += big; break;
        case 'PageDown': v -= 10; break;
        case 'PageUp': v += 10; break;
        case 'Home': v = 0; break;
        case 'End': v = 100; break;
        default: return;
      }
      ev.preventDefault();
      this.move(a, issue, Math.round(v), key);
    });
    node.addEventListener('keyup', () => this.sync(true));
  }
}

function clamp(v) {
  return Math.min(100, Math.max(0, v));
}

/** A short label for a marker: the actor id, at most 8 characters. */
function shortName(actor) {
  const s = String(actor.id || actor.name || '?');
  return s.length > 8 ? s.slice(0, 7) + '…' : s;
}

function lowHigh(issue) {
  const parts = [];
  if (issue.low) parts.push('0 = ' + issue.low);
  if (issue.high) parts.push('100 = ' + issue.high);
  return parts.join('\n');
}
