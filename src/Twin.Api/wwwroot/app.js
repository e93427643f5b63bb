// Twin dashboard: plain DOM and SVG, no build step. Every number comes from the HTTP API.
const $ = (id) => document.getElementById(id);
let cells = [], next = null, selected = null;

// API keys: a server with keys answers 401 until the page sends one. The key is kept in this
// tab's sessionStorage and sent as a header, never as a cookie, so other sites cannot use it.
const KEY = 'twin.apiKey';
async function api(path, options = {}) {
  const key = sessionStorage.getItem(KEY);
  const headers = new Headers(options.headers || {});
  if (key) headers.set('X-Api-Key', key);
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401) showKeyBox(key ? 'That key was refused (unknown, mistyped or revoked).' : 'This server needs an API key.');
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new Error(problemText(body) || `${response.status} ${response.statusText}`);
  return body;
}

function problemText(p) {
  if (!p) return '';
  const fields = p.errors ? Object.entries(p.errors).map(([k, v]) => `${k}: ${v.join(' ')}`).join('\n') : '';
  return [p.title, p.detail, fields].filter(Boolean).join('\n');
}

const fmt = (v, digits = 0) => (v == null || Number.isNaN(v)) ? '–' : Number(v).toLocaleString('en', { maximumFractionDigits: digits });
const card = (label, value) => `<div class="card"><b>${value}</b><span>${label}</span></div>`;
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

// Filter and sort run on the server (q=, sort=), over every cell, not just the loaded page.
let loadSeq = 0;
async function loadCells(more = false) {
  const seq = ++loadSeq;
  const params = new URLSearchParams({ limit: '200', sort: $('sort').value });
  const q = $('filter').value.trim();
  if (q) params.set('q', q);
  if (more && next) params.set('after', next);
  const page = await api(`/api/cells?${params}`);
  if (seq !== loadSeq) return; // a newer query has been sent meanwhile
  cells = more ? cells.concat(page.cells) : page.cells;
  next = page.next;
  renderCells();
}

function renderCells() {
  $('cells').innerHTML = cells.map((c) => `<li data-id="${esc(c.cell_id)}" class="${c.cell_id === selected ? 'selected' : ''}">
      ${esc(c.cell_id)}<small>${esc(c.electrode)} · ${esc(c.coating)}${c.coating_thickness_nm != null ? ` ${c.coating_thickness_nm} nm` : ''}</small></li>`).join('');
  $('cells-empty').hidden = cells.length > 0 || $('filter').value.trim() !== '';
  $('cells-none').hidden = cells.length > 0 || $('filter').value.trim() === '';
  $('more').hidden = !next;
}

async function showCell(id) {
  selected = id;
  history.replaceState(null, '', `#cell=${encodeURIComponent(id)}`);
  renderCells();
  $('cell-title').textContent = id;
  $('cell-error').textContent = '';
  try {
    const [forecast, twin, history] = await Promise.all([
      api(`/api/cells/${encodeURIComponent(id)}/forecast`),
      api(`/api/cells/${encodeURIComponent(id)}/twin`),
      // A decimated series (each bucket's lowest and highest capacity): a million cycles stay a light chart.
      api(`/api/cells/${encodeURIComponent(id)}/cycles/series?points=2000`).catch(() => ({ points: [] })),
    ]);
    $('model').textContent = `model ${forecast.model_version}`;
    const i90 = forecast.eol_intervals.find((i) => i.level === 0.9);
    const r90 = forecast.rul_intervals.find((i) => i.level === 0.9);
    $('cell-summary').innerHTML =
      card('SOH now', fmt(100 * forecast.soh_now, 1) + '%') +
      card('cycles observed', fmt(forecast.cycles_observed)) +
      card(forecast.end_of_life_reached ? 'end of life (observed)' : 'end of life, median', fmt(forecast.eol_p50)) +
      card('90% interval', `${fmt(i90.lower)}–${fmt(i90.upper)}`) +
      card('remaining life', `${fmt(forecast.rul_p50)} <small>(${fmt(r90.lower)}–${fmt(r90.upper)})</small>`) +
      card('weight of own data', fmt(100 * forecast.data_weight) + '%');
    drawChart(history.points || [], twin.reference_capacity_Ah, forecast);
    $('anomalies').innerHTML = (twin.anomalies || []).map((a) => `<li>${esc(a.kind)} at cycle ${a.cycle}: ${esc(a.detail)}</li>`).join('');
  } catch (e) {
    $('cell-error').textContent = e.message;
  }
}

// The next round number at or above v (1, 2, 2.5 or 5 × a power of ten): a tick step with round labels.
function niceStep(v) {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((n) => n >= v);
}

function drawChart(cycles, qref, f) {
  const W = 720, H = 340, L = 50, R = 12, T = 12, B = 36;
  const curve = f.soh_curve || [];
  const obs = qref ? cycles.map((c) => [c.cycle, c.discharge_capacity_Ah / qref]) : [];
  // The cycle axis covers the data and the median forecast to end of life (plus a margin); the bands
  // run on to their far ends and are clipped, or 300 measured cycles would be a strip at the left.
  const lastObs = obs.length ? obs[obs.length - 1][0] : 0;
  const medianEnd = Number.isFinite(f.eol_p50) ? f.eol_p50 * 1.15 : Math.max(0, ...curve.map((p) => p.cycle));
  const xmax = Math.max(10, lastObs, medianEnd);
  // Show the history and the way down to a little below the threshold: that is where the question is.
  const ymin = Math.max(0, Math.min(f.eol_threshold_fraction - 0.1, ...obs.map((p) => p[1] - 0.02)));
  const ymax = Math.max(1.02, ...obs.map((p) => p[1]));
  const x = (v) => L + (W - L - R) * v / xmax, y = (v) => T + (H - T - B) * (ymax - v) / (ymax - ymin);
  const path = (pts) => pts.map((p, i) => `${i ? 'L' : 'M'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join('');
  let svg = `<defs><clipPath id="plot"><rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}"/></clipPath></defs>`;
  for (let k = 0; k <= 5; k++) {
    const v = ymin + (ymax - ymin) * k / 5;
    svg += `<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/><text x="${L - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11" fill="#6b7785">${(100 * v).toFixed(0)}%</text>`;
  }
  const step = niceStep(xmax / 6);
  for (let c = 0; c <= xmax; c += step) {
    svg += `<text x="${x(c)}" y="${H - B + 16}" text-anchor="middle" font-size="11" fill="#6b7785">${c}</text>`;
  }
  svg += `<text x="${(L + W) / 2}" y="${H - 4}" text-anchor="middle" font-size="11" fill="#6b7785">cycle</text>`;
  for (const level of [0.95, 0.9, 0.8]) {
    const lo = curve.map((p) => [p.cycle, p.bands.find((b) => b.level === level).lower]);
    const hi = curve.map((p) => [p.cycle, p.bands.find((b) => b.level === level).upper]).reverse();
    if (lo.length) svg += `<path clip-path="url(#plot)" d="${path(lo)}L${hi.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join('L')}Z" fill="rgba(31,111,235,0.13)"/>`;
  }
  svg += `<line x1="${L}" x2="${W - R}" y1="${y(f.eol_threshold_fraction)}" y2="${y(f.eol_threshold_fraction)}" stroke="#c62828" stroke-dasharray="5,4"/>`;
  svg += obs.map((p) => `<circle clip-path="url(#plot)" cx="${x(p[0]).toFixed(1)}" cy="${y(p[1]).toFixed(1)}" r="1.6" fill="#444"/>`).join('');
  if (curve.length) svg += `<path clip-path="url(#plot)" d="${path(curve.map((p) => [p.cycle, p.soh]))}" fill="none" stroke="#1f6feb" stroke-width="2"/>`;
  $('chart').innerHTML = svg;
}

$('design-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('design-error').textContent = '';
  const body = { cycles: [100, 300, 1000] };
  for (const [k, v] of new FormData(event.target)) if (v !== '') body[k] = event.target.elements[k].type === 'number' ? Number(v) : v;
  try {
    const r = await api('/api/forecasts/design', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    $('model').textContent = `model ${r.model_version}`;
    $('design-result').innerHTML =
      card('cycles to 80%, median', fmt(r.eol_cycles)) +
      card('90% interval', `${fmt(r.eol_lo90)}–${fmt(r.eol_hi90)}`) +
      r.retention.map((x) => card(`retention at ${x.cycles} cycles`, `${fmt(x.retention_pct, 1)}% <small>(${fmt(x.retention_lo90, 0)}–${fmt(x.retention_hi90, 0)})</small>`)).join('') +
      (r.notes.length ? `<p class="muted">${r.notes.map(esc).join('<br>')}</p>` : '');
  } catch (e) {
    $('design-error').textContent = e.message;
  }
});

$('cells').addEventListener('click', (e) => { const li = e.target.closest('li'); if (li) showCell(li.dataset.id); });
let filterTimer;
$('filter').addEventListener('input', () => { clearTimeout(filterTimer); filterTimer = setTimeout(() => loadCells().catch(showListError), 250); });
$('sort').addEventListener('change', () => loadCells().catch(showListError));
function showListError(e) { $('cells-none').hidden = false; $('cells-none').textContent = e.message; }
$('more').addEventListener('click', () => loadCells(true));
loadCells()
  .then(() => { const m = location.hash.match(/^#cell=(.+)$/); if (m) showCell(decodeURIComponent(m[1])); })
  .catch((e) => { $('cells-empty').hidden = false; $('cells-empty').textContent = e.message; });

function showKeyBox(message) {
  $('key-box').hidden = false;
  $('key-message').textContent = message;
}
$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = $('key-input').value.trim();
  if (key) sessionStorage.setItem(KEY, key); else sessionStorage.removeItem(KEY);
  $('key-input').value = '';
  $('key-box').hidden = true;
  loadCells().catch((e) => showKeyBox(e.message));
});
