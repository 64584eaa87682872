// app.js: the workbench's entry point. Wires the scenario list, the
// editor (scales and table), the results, the sweep and compare panels,
// undo/redo, save and the new-scenario form to the store and the server.
//
// After every edit (debounced 50 ms): one POST /api/workbench (forecast
// and analysis) and then POST /api/chart kind positions; answers of an
// older request than the latest are dropped.

import { el, clear, svgFigure } from './dom.js';
import { get, post, hasToken, ApiError } from './api.js';
import { Store } from './state.js';
import { ScenarioTable } from './table.js';
import { Scales } from './scales.js';
import { Results } from './results.js';
import { SweepPanel } from './sweep.js';
import { ComparePanel } from './compare.js';
import { AnalystsPanel } from './analysts.js';

const $ = (id) => document.getElementById(id);

const store = new Store();
const table = new ScenarioTable($('table-wrap'), store);
const scales = new Scales($('scales'), store);
const results = new Results({ body: $('results-body'), levers: $('levers-panel'), empty: $('results-empty') }, store);
const compare = new ComparePanel(store, showError);
const analysts = new AnalystsPanel(store, showError);
const sweep = new SweepPanel(store, showError, () => analysts.checked());

// ----- alerts and status -----

const alertBox = $('alert');

/**
 * Shows an error in the alert region: the message, then each scenario
 * error with its line and column and, when the server sent the YAML it
 * checked, that line of it.
 */
function showError(err) {
  clear(alertBox);
  const lines = err && err.yaml ? err.yaml.split('\n') : null;
  const box = el('div', { class: 'alert-box' },
    el('p', { class: 'alert-msg', text: err && err.message ? err.message : String(err) }));
  if (err instanceof ApiError && err.errors.length) {
    const list = el('ul', { class: 'alert-errors' });
    for (const e of err.errors.slice(0, 20)) {
      const where = e.line ? `line ${e.line}, column ${e.col || 1}` : (e.file || '');
      const item = el('li', {}, el('strong', { text: where }), ': ', e.message || '');
      if (lines && e.line && lines[e.line - 1] !== undefined) {
        item.append(el('pre', { class: 'yaml-line', text: `${e.line} | ${lines[e.line - 1]}` }));
      }
      list.append(item);
    }
    if (err.errors.length > 20) list.append(el('li', { text: `… and ${err.errors.length - 20} more` }));
    box.append(list);
  }
  box.append(el('button', { type: 'button', class: 'small', text: 'Dismiss', on: { click: () => clear(alertBox) } }));
  alertBox.append(box);
}

function clearError() {
  clear(alertBox);
}

function status(text) {
  $('status').textContent = text;
}

// ----- the scenario list -----

let files = [];

async function loadList(select) {
  try {
    const res = await get('/api/scenarios');
    const all = res.scenarios || [];
    // Analysts' estimates files go to the Analysts panel, not the list.
    const scen = all.filter((s) => s.kind !== 'estimates');
    files = scen.map((s) => s.path);
    const sel = $('scenario-select');
    clear(sel);
    sel.append(el('option', { value: '', text: '(choose a scenario file)' }));
    for (const s of scen) {
      const label = s.error
        ? `${s.path} — unreadable`
        : `${s.path} — ${s.name || ''} (${s.issues ?? '?'} issues, ${s.actors ?? '?'} actors)`;
      sel.append(el('option', { value: s.path, text: label }));
    }
    if (select) sel.value = select;
    else if (store.path) sel.value = store.path;
    compare.setFiles(files);
    analysts.setFiles(all.filter((s) => s.kind === 'estimates').map((s) => s.path));
  } catch (err) {
    showError(err);
  }
}

async function openFile(path) {
  if (!path) return;
  if (store.dirty && !(await confirmDialog('The scenario has unsaved changes. Open another and lose them?', 'Discard and open'))) return;
  try {
    status(`Opening ${path}…`);
    const res = await get('/api/scenario?path=' + encodeURIComponent(path));
    clearError();
    store.load({ path: res.path || path, scenario: res.scenario, levers: res.levers, models: res.models });
  } catch (err) {
    status('');
    showError(err);
  }
}

// ----- recomputing after edits -----

let timer = null;
let seq = 0;
const resultsSection = $('results');

function schedule() {
  clearTimeout(timer);
  // Busy from the edit on (not only while a request runs), so that
  // readers of the page (and the browser test) wait for the final answer.
  resultsSection.dataset.busy = 'true';
  timer = setTimeout(recompute, 50);
}

async function recompute() {
  timer = null;
  if (!store.scenario) return;
  const my = ++seq;
  const spec = structuredClone(store.spec());
  resultsSection.dataset.busy = 'true';
  resultsSection.setAttribute('aria-busy', 'true');
  status('Computing…');
  try {
    const wb = await post('/api/workbench', { ...spec, models: store.models, model: 'eu' });
    if (my !== seq) return;
    clearError();
    results.render(wb);
    scales.showResults(wb.forecast, wb.analysis && !wb.analysis.error ? wb.analysis : null);
    status(`Forecast and analysis in ${wb.elapsed_ms !== undefined ? Math.round(wb.elapsed_ms) + ' ms' : '?'}${store.applied.size ? ` with ${[...store.applied].join(', ')} applied` : ''}.`);
    compare.refresh();
    analysts.refresh();
    const svg = await post('/api/chart', { ...spec, kind: 'positions', width: 900, height: 640 });
    if (my !== seq) return;
    const chart = $('positions-chart');
    clear(chart);
    chart.append(el('h3', { text: 'Positions chart' }), svgFigure(svg, 'positions chart'));
  } catch (err) {
    if (my !== seq) return;
    status('The last edit could not be computed (see the message above).');
    showError(err);
  } finally {
    if (my === seq && timer === null) {
      resultsSection.dataset.busy = 'false';
      resultsSection.dataset.seq = String(my);
      resultsSection.removeAttribute('aria-busy');
    }
  }
}

// ----- store events -----

function refreshChrome() {
  const open = store.scenario !== null;
  $('undo-btn').disabled = !store.canUndo;
  $('redo-btn').disabled = !store.canRedo;
  $('save-btn').disabled = !open;
  $('save-as-btn').disabled = !open;
  $('dirty-indicator').hidden = !store.dirty;
  $('file-name').textContent = open ? (store.path || 'new scenario (not saved yet)') : 'no scenario open';
  document.title = `${store.dirty ? '● ' : ''}${open ? (store.scenario.name || 'scenario') + ' — ' : ''}detente workbench`;
  sweep.enable(open);
}

/** Rebuilds the editor, keeping the focus on the same control when it still exists. */
function rebuild() {
  const focusId = document.activeElement ? document.activeElement.id : null;
  $('scenario-name').textContent = store.scenario ? store.scenario.name || '' : '';
  scales.build();
  table.build();
  if (focusId && $(focusId)) $(focusId).focus();
}

store.on((kind, detail) => {
  if (kind === 'load') {
    rebuild();
    results.clear();
    compare.reset();
    analysts.reset();
    loadList();
    schedule();
  } else if (kind === 'edit') {
    if (detail.source === 'structure') rebuild();
    else {
      table.sync();
      scales.sync(false);
      if (store.scenario) $('scenario-name').textContent = store.scenario.name || '';
    }
    schedule();
  } else if (kind === 'restore') {
    rebuild();
    schedule();
  } else if (kind === 'levers') {
    schedule();
  }
  refreshChrome();
});

// ----- undo, redo and the keyboard -----

$('undo-btn').addEventListener('click', () => store.undo());
$('redo-btn').addEventListener('click', () => store.redo());

document.addEventListener('keydown', (ev) => {
  if (!(ev.ctrlKey || ev.metaKey) || ev.altKey) return;
  if (document.querySelector('dialog[open]')) return;
  const k = ev.key.toLowerCase();
  if (k === 'z' && !ev.shiftKey) {
    ev.preventDefault();
    store.undo();
  } else if (k === 'y' || (k === 'z' && ev.shiftKey)) {
    ev.preventDefault();
    store.redo();
  } else if (k === 's') {
    ev.preventDefault();
    if (store.scenario) save();
  }
});

window.addEventListener('beforeunload', (ev) => {
  if (store.dirty) {
    ev.preventDefault();
    ev.returnValue = '';
  }
});

// ----- dialogs -----

/** Asks a yes/no question in a modal dialog; resolves true for OK. */
function confirmDialog(message, okLabel = 'OK') {
  const dlg = $('confirm-dialog');
  $('confirm-msg').textContent = message;
  $('confirm-ok').textContent = okLabel;
  return new Promise((resolve) => {
    dlg.returnValue = '';
    dlg.addEventListener('close', () => resolve(dlg.returnValue === 'ok'), { once: true });
    dlg.showModal();
    $('confirm-cancel').focus();
  });
}

// ----- save -----

async function save() {
  if (!store.path || !/\.ya?ml$/i.test(store.path)) return saveAs();
  if (!(await confirmDialog(`Overwrite ${store.path} with the edited scenario?`, 'Overwrite'))) return;
  await saveTo(store.path, true);
}

async function saveTo(path, overwrite) {
  try {
    const res = await post('/api/save', { path, scenario: store.scenario, overwrite });
    store.markSaved(res.path || path);
    clearError();
    status(`Saved ${res.path || path} (${res.bytes ?? '?'} bytes).`);
    await loadList(res.path || path);
    compare.selectDefault(res.path || path);
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 409 && !overwrite) {
      if (await confirmDialog(`${path} already exists. Overwrite it?`, 'Overwrite')) return saveTo(path, true);
      return false;
    }
    showError(err);
    return false;
  }
}

function saveAs() {
  const dlg = $('save-dialog');
  const input = $('save-path');
  const base = store.path ? store.path.replace(/\.[^./]*$/, '') + '-edited.yaml' : slug(store.scenario.name || 'scenario') + '.yaml';
  input.value = base;
  $('save-error').textContent = '';
  dlg.showModal();
  input.select();
}

$('save-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const path = $('save-path').value.trim();
  if (!/\.ya?ml$/i.test(path) || path.startsWith('/') || path.split('/').includes('..')) {
    $('save-error').textContent = 'Give a relative file name ending in .yaml (no "..").';
    return;
  }
  $('save-dialog').close();
  await saveTo(path, false);
});
$('save-cancel').addEventListener('click', () => $('save-dialog').close());
$('save-btn').addEventListener('click', () => save());
$('save-as-btn').addEventListener('click', () => saveAs());

function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'scenario';
}

// ----- open -----

$('open-btn').addEventListener('click', () => openFile($('scenario-select').value));
$('scenario-select').addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter') openFile($('scenario-select').value);
});

// ----- new scenario -----

function newRow(container, kind) {
  const n = container.children.length + 1;
  const row = el('div', { class: 'row' });
  const idIn = el('input', { type: 'text', required: true, spellcheck: false, attrs: { 'aria-label': `${kind} ${n}: id`, placeholder: 'id' } });
  const nameIn = el('input', { type: 'text', required: true, attrs: { 'aria-label': `${kind} ${n}: name`, placeholder: 'name' } });
  row.append(idIn, nameIn);
  if (kind === 'Actor') {
    const role = el('select', { attrs: { 'aria-label': `${kind} ${n}: role` } },
      el('option', { value: 'table', text: 'at the table' }),
      el('option', { value: 'excluded', text: 'excluded' }));
    row.append(role);
  }
  row.append(el('button', {
    type: 'button', class: 'small', text: 'Remove', attrs: { 'aria-label': `Remove ${kind.toLowerCase()} ${n}` },
    on: { click: () => { if (container.children.length > 1) row.remove(); } },
  }));
  container.append(row);
  return idIn;
}

$('new-btn').addEventListener('click', async () => {
  if (store.dirty && !(await confirmDialog('The scenario has unsaved changes. Start a new one and lose them?', 'Discard'))) return;
  $('new-form').reset();
  clear($('new-issues'));
  clear($('new-actors'));
  newRow($('new-issues'), 'Issue');
  newRow($('new-actors'), 'Actor');
  newRow($('new-actors'), 'Actor');
  $('new-error').textContent = '';
  $('new-dialog').showModal();
  $('new-name').focus();
});
$('new-add-issue').addEventListener('click', () => newRow($('new-issues'), 'Issue').focus());
$('new-add-actor').addEventListener('click', () => newRow($('new-actors'), 'Actor').focus());
$('new-cancel').addEventListener('click', () => $('new-dialog').close());

$('new-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const rows = (id) => [...$(id).children].map((r) => r.querySelectorAll('input, select'));
  const body = {
    name: $('new-name').value.trim(),
    issues: rows('new-issues').map(([id, name]) => ({ id: id.value.trim(), name: name.value.trim() })),
    actors: rows('new-actors').map(([id, name, role]) => ({ id: id.value.trim(), name: name.value.trim(), role: role.value })),
  };
  try {
    const res = await post('/api/new', body);
    $('new-dialog').close();
    clearError();
    store.load({ path: null, scenario: res.scenario, levers: [] });
    status('New scenario: edit it, then save it under a file name.');
  } catch (err) {
    $('new-error').textContent = err.message + (err.errors && err.errors.length ? ': ' + err.errors.map((e) => e.message).join('; ') : '');
  }
});

// ----- start -----

refreshChrome();
if (!hasToken()) {
  showError(new Error('No access token: open the page with the address `detente serve` printed (it ends in ?token=...).'));
}
loadList();
