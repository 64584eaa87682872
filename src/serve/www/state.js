// state.js: the scenario being edited, its undo/redo history and the
// helpers that read and write its numbers.
//
// The scenario is the JSON object GET /api/scenario returns: the keys of
// the YAML format (docs/scenario-format.md). A number there is either a
// plain number or {value, note, sd | range}; edits keep whichever form the
// number had (and its note and spread), and every key the page does not
// know is left untouched, so the object goes back to the server as it came.

/** The value of a NUMBER (plain or {value: ...}); undefined when absent. */
export function numValue(x) {
  if (typeof x === 'number') return x;
  if (x && typeof x === 'object' && typeof x.value === 'number') return x.value;
  return undefined;
}

/** The note of a NUMBER in its mapping form, else ''. */
export function numNote(x) {
  return x && typeof x === 'object' && typeof x.note === 'string' ? x.note : '';
}

/** The spread of a NUMBER as words ("sd 5", "range 40-70"), else ''. */
export function numSpread(x) {
  if (!x || typeof x !== 'object') return '';
  if (typeof x.sd === 'number') return `sd ${x.sd}`;
  if (Array.isArray(x.range)) return `range ${x.range[0]}–${x.range[1]}`;
  return '';
}

/**
 * Sets obj[key] to the number v, keeping the mapping form (note, sd,
 * range, unknown keys) when it had one. v undefined removes the key.
 */
export function setNum(obj, key, v) {
  if (v === undefined) {
    delete obj[key];
    return;
  }
  const old = obj[key];
  if (old && typeof old === 'object' && !Array.isArray(old)) {
    obj[key] = { ...old, value: v };
    // A range that no longer contains the value would make the scenario
    // invalid; widen it to take the new value.
    const r = obj[key].range;
    if (Array.isArray(r) && r.length === 2) {
      obj[key].range = [Math.min(r[0], v), Math.max(r[1], v)];
    }
  } else {
    obj[key] = v;
  }
}

/** The stake of actor index a in issue id, or undefined. */
export function stakeOf(scenario, a, issueId) {
  const actor = scenario.actors[a];
  return actor && actor.issues && typeof actor.issues === 'object' ? actor.issues[issueId] : undefined;
}

/** Rounds a number for storing (positions: at most 2 decimals). */
export function round2(v) {
  return Math.round(v * 100) / 100;
}

const COALESCE_MS = 1500;

/**
 * The editor's state. Listeners receive (kind, detail) with kind one of
 * 'load' (a new scenario), 'edit' (a change by the user), 'restore'
 * (undo/redo), 'dirty' (the dirty flag or the history changed),
 * 'levers' (the applied levers changed).
 */
export class Store {
  constructor() {
    this.path = null;          // file the scenario came from (relative to DIR), or null
    this.scenario = null;      // the object being edited
    this.levers = [];          // [{id, name, by, description}]
    this.models = ['mean', 'median', 'eu', 'nbs'];
    this.applied = new Set();  // lever ids switched on (what-if; not part of the file)
    this.savedJson = null;     // JSON of the scenario as last loaded or saved
    this.undoStack = [];
    this.redoStack = [];
    this.lastKey = null;
    this.lastTime = 0;
    this.listeners = [];
  }

  on(fn) {
    this.listeners.push(fn);
  }

  emit(kind, detail) {
    for (const fn of this.listeners) fn(kind, detail);
  }

  /** Replaces everything with a scenario just loaded (or a new scaffold). */
  load({ path, scenario, levers, models }) {
    this.path = path || null;
    this.scenario = structuredClone(scenario);
    this.levers = Array.isArray(levers) ? levers : leversOf(scenario);
    if (Array.isArray(models) && models.length) this.models = models;
    this.applied = new Set();
    this.savedJson = path ? JSON.stringify(scenario) : null;
    this.undoStack = [];
    this.redoStack = [];
    this.lastKey = null;
    this.emit('load');
    this.emit('dirty');
  }

  get dirty() {
    return this.scenario !== null && JSON.stringify(this.scenario) !== this.savedJson;
  }

  get canUndo() {
    return this.undoStack.length > 0;
  }

  get canRedo() {
    return this.redoStack.length > 0;
  }

  /**
   * Applies fn(scenario) as one edit. Edits with the same coalesce key in
   * quick succession (the moves of one drag, the keystrokes typed into one
   * field, arrow presses on one marker) make one step of the history.
   * `source` is passed to listeners so the view that made the edit need
   * not redraw itself.
   */
  edit(fn, { key = null, source = null } = {}) {
    const now = Date.now();
    const merge = key !== null && key === this.lastKey && now - this.lastTime < COALESCE_MS;
    const before = JSON.stringify(this.scenario);
    if (!merge) this.undoStack.push(before);
    fn(this.scenario);
    if (JSON.stringify(this.scenario) === before) {
      if (!merge) this.undoStack.pop();
      return;
    }
    this.redoStack = [];
    this.lastKey = key;
    this.lastTime = now;
    this.emit('edit', { source, key });
    this.emit('dirty');
  }

  /** Ends the current coalescing run (the next edit starts a new step). */
  breakRun() {
    this.lastKey = null;
  }

  undo() {
    if (!this.canUndo) return;
    this.redoStack.push(JSON.stringify(this.scenario));
    this.scenario = JSON.parse(this.undoStack.pop());
    this.lastKey = null;
    this.emit('restore');
    this.emit('dirty');
  }

  redo() {
    if (!this.canRedo) return;
    this.undoStack.push(JSON.stringify(this.scenario));
    this.scenario = JSON.parse(this.redoStack.pop());
    this.lastKey = null;
    this.emit('restore');
    this.emit('dirty');
  }

  /** Records that the current scenario is now what the file `path` holds. */
  markSaved(path) {
    this.path = path;
    this.savedJson = JSON.stringify(this.scenario);
    this.emit('dirty');
  }

  setApplied(id, on) {
    if (on) this.applied.add(id);
    else this.applied.delete(id);
    this.emit('levers');
  }

  /** The scenario spec of a request: the edited object and the levers on. */
  spec() {
    const s = { scenario: this.scenario };
    if (this.applied.size) s.apply = [...this.applied];
    return s;
  }
}

/** Levers as listed in the scenario object itself (when the server sends none). */
function leversOf(scenario) {
  return (scenario && Array.isArray(scenario.levers) ? scenario.levers : [])
    .filter((l) => l && typeof l.id === 'string')
    .map((l) => ({ id: l.id, name: l.name || l.id, by: l.by || '', description: l.description || '' }));
}
