// sweep.js: the Monte Carlo sweep panel.
//
// Start: POST /api/sweep with the edited scenario (and the levers on),
// draws and seed; the server runs it in the background and answers an id.
// Progress comes from the event stream GET /api/sweep/ID/events (events
// "progress" {done, draws} and "end" {state}); if the stream breaks the
// panel polls GET /api/sweep/ID instead. Cancel: DELETE /api/sweep/ID.
// When done: the sweep document (GET /api/sweep/ID "result"), its
// distribution chart (POST /api/chart kind distribution) and the
// influence ranking: which inputs move each output most. With "Draw the
// analysts' numbers" ticked, the estimates files checked in the Analysts
// panel go with the request: the numbers they estimate are drawn from
// the analysts' mixture (`detente sweep --estimates`, docs/judgement.md).

import { el, clear, fmt, svgFigure } from './dom.js';
import { get, post, del, eventSource } from './api.js';

export class SweepPanel {
  constructor(store, showError, estimates = () => []) {
    this.store = store;
    this.showError = showError;
    this.estimates = estimates; // the checked estimates files
    this.useEstimates = document.getElementById('sweep-estimates');
    this.form = document.getElementById('sweep-form');
    this.draws = document.getElementById('sweep-draws');
    this.seed = document.getElementById('sweep-seed');
    this.start = document.getElementById('sweep-start');
    this.cancelBtn = document.getElementById('sweep-cancel');
    this.progress = document.getElementById('sweep-progress');
    this.percent = document.getElementById('sweep-percent');
    this.stateBadge = document.getElementById('sweep-state');
    this.out = document.getElementById('sweep-result');
    this.job = null;      // {id, draws, es, poll, spec}
    this.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.run();
    });
    this.cancelBtn.addEventListener('click', () => this.cancel());
  }

  /** Enables the panel when a scenario is open. */
  enable(on) {
    this.start.disabled = !on || this.job !== null;
  }

  setState(state, done, draws) {
    this.stateBadge.textContent = state;
    this.stateBadge.dataset.state = state;
    if (typeof done === 'number' && typeof draws === 'number' && draws > 0) {
      const pct = Math.min(100, Math.floor((done * 100) / draws));
      this.progress.value = pct;
      this.progress.textContent = `${pct} %`;
      this.percent.textContent = `${pct} % (${done} of ${draws} draws)`;
    }
  }

  async run() {
    if (this.job || !this.store.scenario) return;
    const draws = Number(this.draws.value);
    const seed = Number(this.seed.value);
    if (!Number.isInteger(draws) || draws < 1 || draws > 100000) {
      this.showError(new Error('Draws must be a whole number from 1 to 100,000.'));
      return;
    }
    if (!Number.isInteger(seed) || seed < 0) {
      this.showError(new Error('The seed must be a whole number >= 0.'));
      return;
    }
    const spec = structuredClone(this.store.spec());
    this.start.disabled = true;
    clear(this.out);
    this.setState('starting', 0, draws);
    let answer;
    try {
      const threads = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
      const body = { ...spec, draws, seed, models: ['eu'], threads };
      const files = this.useEstimates && this.useEstimates.checked ? this.estimates() : [];
      if (files.length) body.estimates = files;
      answer = await post('/api/sweep', body);
    } catch (err) {
      this.setState('error');
      this.start.disabled = false;
      this.showError(err);
      return;
    }
    this.job = { id: answer.id, draws: answer.draws ?? draws, spec, es: null, poll: null };
    this.cancelBtn.disabled = false;
    this.setState('running', 0, this.job.draws);
    this.listen(this.job);
  }

  listen(job) {
    const es = eventSource(`/api/sweep/${encodeURIComponent(job.id)}/events`);
    job.es = es;
    es.addEventListener('progress', (ev) => {
      if (this.job !== job) return;
      const d = JSON.parse(ev.data);
      this.setState('running', d.done, d.draws);
    });
    es.addEventListener('end', (ev) => {
      es.close();
      if (this.job !== job) return;
      const d = JSON.parse(ev.data);
      this.finish(job, d.state);
    });
    es.onerror = () => {
      // The stream broke (or the server closed it without an end event):
      // fall back to polling the sweep's state.
      es.close();
      if (this.job === job && !job.poll) job.poll = setInterval(() => this.pollOnce(job), 500);
    };
  }

  async pollOnce(job) {
    if (this.job !== job) return;
    try {
      const s = await get(`/api/sweep/${encodeURIComponent(job.id)}`);
      if (this.job !== job) return;
      if (s.state === 'running') this.setState('running', s.done, s.draws);
      else this.finish(job, s.state, s);
    } catch (err) {
      this.finish(job, 'error');
      this.showError(err);
    }
  }

  async cancel() {
    const job = this.job;
    if (!job) return;
    this.cancelBtn.disabled = true;
    try {
      await del(`/api/sweep/${encodeURIComponent(job.id)}`);
    } catch (err) {
      this.showError(err);
    }
    this.finish(job, 'cancelled');
  }

  /** Ends a sweep: closes the stream and, when done, shows its results. */
  async finish(job, state, status) {
    if (this.job !== job) return;
    this.job = null;
    if (job.es) job.es.close();
    if (job.poll) clearInterval(job.poll);
    this.cancelBtn.disabled = true;
    this.start.disabled = !this.store.scenario;
    if (state !== 'done') {
      this.setState(state);
      return;
    }
    try {
      const s = status && status.result ? status : await get(`/api/sweep/${encodeURIComponent(job.id)}`);
      this.setState('done', s.done ?? job.draws, s.draws ?? job.draws);
      if (s.result) this.renderResult(s.result);
      const svg = await post('/api/chart', { ...job.spec, kind: 'distribution', sweep: job.id, width: 900, height: 560 });
      const box = el('div', { class: 'chart-box', id: 'sweep-chart' });
      box.append(svgFigure(svg, 'distribution of the forecasts over the sweep'));
      this.out.prepend(box);
    } catch (err) {
      this.showError(err);
    }
  }

  renderResult(doc) {
    const rows = el('tbody');
    for (const issue of doc.issues || []) {
      for (const [model, st] of Object.entries(issue.forecast || {})) {
        rows.append(statRow(`${issue.issue} (${model})`, st));
      }
      if (issue.deal) rows.append(statRow(`${issue.issue} (deal)`, issue.deal));
    }
    const stats = el('table', { class: 'data', id: 'sweep-stats' },
      el('caption', { text: `Spread over ${doc.draws_done} draws (seed ${doc.seed})` }),
      el('thead', {}, el('tr', {}, ...['output', 'as written', 'mean', 'sd', '5 %', '25 %', '50 %', '75 %', '95 %']
        .map((t) => el('th', { scope: 'col', text: t })))),
      rows);
    const extra = [];
    if (doc.analysis) {
      extra.push(el('p', { text: `Zone of agreement in ${fmt((doc.analysis.p_zone ?? NaN) * 100, 0)} % of the draws; durability ${fmt(doc.analysis.durability?.q05, 2)}–${fmt(doc.analysis.durability?.q95, 2)} (5–95 %).` }));
    }
    this.out.append(el('div', { class: 'table-scroll' }, stats), ...extra, this.influence(doc));
  }

  /** The influence ranking: pick an output, see its strongest inputs. */
  influence(doc) {
    const outputs = Array.isArray(doc.influence) ? doc.influence : [];
    const box = el('div', { class: 'influence', id: 'sweep-influence' }, el('h3', { text: 'Which inputs matter most' }));
    if (!outputs.length) {
      box.append(el('p', { class: 'muted', text: 'No influence ranking in this sweep.' }));
      return box;
    }
    const select = el('select', { id: 'influence-output' });
    outputs.forEach((o, i) => select.append(el('option', { value: String(i), text: o.output })));
    const list = el('ol', { class: 'influence-list' });
    const show = () => {
      clear(list);
      const o = outputs[Number(select.value)];
      for (const r of (o.ranking || []).slice(0, 10)) {
        const bar = el('span', { class: `bar ${r.rho < 0 ? 'neg' : 'pos'}`, attrs: { 'aria-hidden': 'true' } });
        bar.style.width = `${Math.round(Math.abs(r.rho) * 100)}%`;
        list.append(el('li', {},
          el('span', { class: 'inf-name', text: r.input }),
          el('span', { class: 'inf-bar' }, bar),
          el('span', { class: 'num', text: `ρ ${r.rho >= 0 ? '+' : ''}${r.rho.toFixed(2)}` })));
      }
    };
    select.addEventListener('change', show);
    show();
    box.append(el('label', { for: 'influence-output', text: 'Output ' }), select,
      el('p', { class: 'hint', text: 'Spearman rank correlation of each uncertain input with the output over the draws; the ten strongest.' }),
      list);
    return box;
  }
}

function statRow(label, st) {
  return el('tr', {}, el('th', { scope: 'row', text: label }),
    ...[st.base, st.mean, st.sd, st.q05, st.q25, st.q50, st.q75, st.q95]
      .map((v) => el('td', { class: 'num', text: fmt(v) })));
}
