/* cssim serve: the live what-if page's script (plain script, no framework).
 * It builds one control per main assumption from GET /api/plan, asks
 * POST /api/run for 10000 trials while a control moves and for the full
 * trials when it is let go, and shows only the newest answer. */
'use strict';

const state = {
  plan: null,          /* GET /api/plan */
  controls: [],        /* {path, unit, original, range, box, wrapper} */
  sent: 0,             /* requests sent; an answer to an older one is ignored */
  dragBusy: false,     /* a drag pass is in flight */
  dragPending: false,  /* and another is wanted when it returns */
};

function byId(id) { return document.getElementById(id); }

/* Numbers in plain words, by unit: money £8.40m or £850k, shares 7.3%. */
function money(v) {
  const sign = v < 0 ? '\u2212' : '';
  const a = Math.abs(v);
  if (a >= 1e6) return sign + '\u00a3' + (a / 1e6).toFixed(2) + 'm';
  if (a >= 1e3) return sign + '\u00a3' + (a / 1e3).toFixed(0) + 'k';
  return sign + '\u00a3' + a.toFixed(0);
}
function formatUnit(unit, v) {
  switch (unit) {
    case 'money': return money(v);
    case 'per_head': return '\u00a3' + v.toFixed(2) + ' a head';
    case 'share': case 'rate': return (100 * v).toFixed(1) + '%';
    case 'multiplier': return '\u00d7' + v.toFixed(3);
    case 'count': return v.toFixed(0);
    default: return String(Number(v.toPrecision(4)));
  }
}
function percent(p) { return (100 * p).toFixed(1) + '%'; }
function points(d) { return (d >= 0 ? '+' : '\u2212') + Math.abs(100 * d).toFixed(1) + ' points'; }

function setStatus(text) { byId('status').textContent = text; }
function showError(text) {
  const box = byId('error');
  box.textContent = text || '';
  box.hidden = !text;
}

function edits() {
  const set = {};
  for (const c of state.controls) {
    const v = Number(c.range.value);
    if (v !== c.original) set[c.path] = v;
    c.wrapper.classList.toggle('edited', v !== c.original);
  }
  return set;
}

function scenario() { return byId('scenario').value || null; }

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST', credentials: 'same-origin',
    headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body),
  });
  let json = null;
  try { json = await response.json(); } catch (e) { json = {error: 'the server sent no JSON'}; }
  return {status: response.status, json};
}

/* Ask for TRIALS trials of the current edits; show the answer if it is the newest. */
async function update(trials) {
  const number = ++state.sent;
  document.body.classList.add('busy');
  setStatus('Running ' + trials.toLocaleString('en-GB') + ' trials\u2026');
  let answer;
  try {
    answer = await post('/api/run', {set: edits(), scenario: scenario(), trials});
  } catch (e) {
    if (number === state.sent) { setStatus(''); showError('The server did not answer: ' + e.message); }
    return;
  }
  if (number !== state.sent || (answer.json && answer.json.superseded)) return; /* a newer one is coming */
  document.body.classList.remove('busy');
  if (answer.status !== 200) {
    setStatus('');
    showError(answer.json && answer.json.error ? answer.json.error : 'error ' + answer.status);
    return;
  }
  showError('');
  render(answer.json);
}

/* While dragging: one pass in flight at a time, the latest values next. */
function dragUpdate() {
  if (state.dragBusy) { state.dragPending = true; return; }
  state.dragBusy = true;
  update(state.plan.drag_trials).finally(() => {
    state.dragBusy = false;
    if (state.dragPending) { state.dragPending = false; dragUpdate(); }
  });
}

function fullUpdate() {
  state.dragPending = false;
  update(state.plan.trials);
}

function render(r) {
  byId('p-viable').textContent = percent(r.p_viable);
  byId('interval').textContent = '95% interval ' + percent(r.p_viable_ci[0]) + ' to ' + percent(r.p_viable_ci[1]);
  byId('verdict').textContent = 'Verdict: ' + r.verdict_words + (r.verdict_borderline ? ' (borderline)' : '');
  const b = r.baseline;
  const d = b.p_viable_difference;
  byId('change').textContent = 'Against the unedited plan (' + percent(b.p_viable) + '): ' + points(d.mean) +
    ' (95% interval ' + points(d.lo) + ' to ' + points(d.hi) + ', paired)';
  byId('trials').textContent = r.trials.toLocaleString('en-GB') + ' trials, seed ' + r.seed +
    (r.scenario === 'none' ? '' : ', scenario ' + r.scenario);
  for (const name of ['turnover', 'margin', 'reserve', 'final_reserve']) {
    if (r.svg && r.svg[name])
      byId('svg-' + name).src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(r.svg[name]);
  }
  setStatus('Updated: ' + r.trials.toLocaleString('en-GB') + ' trials');
}

/* V rounded to a two-hundredth of the control's range, in decimal digits (0.0500, not 0.04996...). */
function rounded(range, v) {
  const span = Number(range.max) - Number(range.min);
  const digits = span > 0 ? Math.max(0, Math.min(12, Math.ceil(-Math.log10(span / 200)))) : 6;
  return Number(v.toFixed(digits));
}

function makeControl(spec, index) {
  const wrapper = document.createElement('div');
  wrapper.className = 'control';
  const id = 'control-' + index;
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = spec.label;
  const inputs = document.createElement('div');
  inputs.className = 'inputs';
  const range = document.createElement('input');
  range.type = 'range';
  range.id = id;
  range.dataset.path = spec.path;
  range.min = spec.slider[0];
  range.max = spec.slider[1];
  range.step = 'any';
  range.value = spec.value;
  const box = document.createElement('input');
  box.type = 'number';
  box.step = 'any';
  box.value = spec.value;
  box.setAttribute('aria-label', spec.label + ' (exact value)');
  const shown = document.createElement('span');
  shown.className = 'shown';
  shown.textContent = formatUnit(spec.unit, spec.value);
  inputs.append(range, box, shown);
  wrapper.append(label, inputs);
  const show = () => { shown.textContent = formatUnit(spec.unit, Number(range.value)); };
  const control = {path: spec.path, unit: spec.unit, original: spec.value, range, box, wrapper, show};
  const moved = () => {
    const v = rounded(range, Number(range.value));
    range.value = v;
    box.value = v;
    show();
  };
  range.addEventListener('input', () => { moved(); dragUpdate(); });
  range.addEventListener('change', () => { moved(); fullUpdate(); });
  /* step="any" keeps the plan's own value exact; the arrow keys move a hundredth of the range. */
  range.addEventListener('keydown', (event) => {
    const steps = {ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 10, PageDown: -10};
    if (!(event.key in steps)) return;
    event.preventDefault();
    const span = Number(range.max) - Number(range.min);
    range.value = Math.min(Number(range.max), Math.max(Number(range.min),
      Number(range.value) + steps[event.key] * span / 100));
    moved();
    fullUpdate();
  });
  box.addEventListener('change', () => {
    const v = Number(box.value);
    if (!Number.isFinite(v)) return;
    if (v < Number(range.min)) range.min = v;
    if (v > Number(range.max)) range.max = v;
    range.value = v;
    show();
    fullUpdate();
  });
  return control;
}

function reset() {
  for (const c of state.controls) {
    c.range.value = c.original;
    c.box.value = c.original;
    c.show();
  }
  byId('scenario').value = '';
  fullUpdate();
}

/* "Save as…": show the diff first (a dry run), then write on "Write".  The
 * server's diff is key by key; objects (a distribution, the provenance) are
 * opened so that each changed field shows on its own row. */
function flatDiff(key, old, now, rows) {
  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if ((isObject(old) || old === null) && (isObject(now) || now === null) && old !== now) {
    const was = old || {}, becomes = now || {};
    for (const k of new Set([...Object.keys(was), ...Object.keys(becomes)]))
      flatDiff(key + '.' + k, k in was ? was[k] : null, k in becomes ? becomes[k] : null, rows);
  } else if (JSON.stringify(old) !== JSON.stringify(now)) {
    rows.push([key, old, now]);
  }
  return rows;
}

function diffTable(diff) {
  const table = document.createElement('table');
  const head = table.insertRow();
  for (const h of ['key', 'was', 'becomes']) {
    const th = document.createElement('th');
    th.textContent = h;
    head.append(th);
  }
  const text = (v) => (typeof v === 'string' ? v : JSON.stringify(v));
  const keyFirst = (a, b) => (a.key === 'provenance') - (b.key === 'provenance'); /* the edits first */
  for (const d of [...diff].sort(keyFirst)) {
    for (const [key, old, now] of flatDiff(d.key, d.old, d.new, [])) {
      const row = table.insertRow();
      row.insertCell().textContent = key;
      row.insertCell().textContent = text(old);
      row.insertCell().textContent = text(now);
    }
  }
  return table;
}

async function saveStep(write) {
  const body = {set: edits(), to: byId('save-to').value, replace: byId('save-replace').checked, dry_run: !write};
  const answer = await post('/api/save', body);
  const result = byId('save-result');
  if (answer.status !== 200) { result.textContent = answer.json.error; return; }
  const diff = byId('save-diff');
  diff.replaceChildren(diffTable(answer.json.diff));
  result.textContent = write ? 'Written: ' + answer.json.to + (answer.json.backup ? ' (old file kept as ' +
    answer.json.backup + ')' : '') : (answer.json.exists ? 'The file exists. ' : '') + 'Check the changes, then Write.';
}

/* "Report": `cssim report` of the edited plan, then a link to it. */
async function writeReport() {
  const link = byId('report-link');
  link.hidden = true;
  setStatus('Writing the report of the edited plan (every scenario, ' +
    state.plan.trials.toLocaleString('en-GB') + ' trials)\u2026');
  const answer = await post('/api/report', {set: edits()});
  if (answer.status !== 200) {
    setStatus('');
    showError(answer.json.error);
    return;
  }
  setStatus('Report written to ' + answer.json.dir + '/index.html');
  link.hidden = false;
}

async function start() {
  if (location.search.includes('token=')) history.replaceState(null, '', '/'); /* the cookie carries it now */
  const response = await fetch('/api/plan', {credentials: 'same-origin'});
  if (!response.ok) { setStatus('The server refused the page (' + response.status + ')'); return; }
  state.plan = await response.json();
  byId('plan-name').textContent = state.plan.plan.name || state.plan.plan.id;
  const select = byId('scenario');
  for (const s of state.plan.scenarios) {
    const option = document.createElement('option');
    option.value = s.id;
    option.textContent = s.id + ': ' + s.name;
    select.append(option);
  }
  select.addEventListener('change', fullUpdate);
  const sliders = byId('sliders');
  state.plan.controls.forEach((spec, i) => {
    const control = makeControl(spec, i);
    state.controls.push(control);
    sliders.append(control.wrapper);
  });
  byId('reset').addEventListener('click', reset);
  byId('save').addEventListener('click', () => { byId('save-panel').hidden = false; saveStep(false); });
  byId('save-to').addEventListener('change', () => saveStep(false));
  byId('report').addEventListener('click', writeReport);
  byId('save-write').addEventListener('click', () => saveStep(true));
  byId('save-cancel').addEventListener('click', () => { byId('save-panel').hidden = true; });
  fullUpdate();
}

document.addEventListener('DOMContentLoaded', start);
