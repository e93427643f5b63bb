// One cell: measured SOH with the forecast median and bands to end of life, the twin's evidence,
// anomalies, a cycler-file upload with progress, and the edit form.
import { api, upload, problemText } from './api.js';
import { $, esc, fmt, pct, card, when, designLine } from './format.js';
import { sohChart } from './chart.js';
import { cellFormHtml, wireCellForm } from './cell-form.js';

const FORMATS = ['arbin-csv', 'arbin-xlsx', 'maccor-text', 'maccor-csv', 'neware-csv', 'neware-layered-csv', 'biologic-mpt', 'novonix-csv',
  'basytec-text', 'pec-csv', 'batteryarchive-timeseries', 'batteryarchive-cycle-summary', 'generic-csv'];

export async function renderCell(view, id) {
  const path = `/api/cells/${encodeURIComponent(id)}`;
  view.innerHTML = `
    <section class="panel">
      <div class="toolbar"><h2 id="cell-title">${esc(id)}</h2><span id="cell-design" class="muted"></span>
        <span id="cell-tags"></span><button id="cell-edit" type="button" class="secondary">Edit cell</button></div>
      <div id="cell-edit-box" hidden></div>
      <div id="cell-summary" class="cards"></div>
      <div id="chart" class="chart" role="img" aria-label="SOH history and forecast"></div>
      <div class="legend"><span class="sw obs"></span>measured SOH <span class="sw p50"></span>forecast median
        <span class="sw b80"></span>80% <span class="sw b90"></span>90% <span class="sw b95"></span>95% bands
        <span class="sw thr"></span>end-of-life threshold <span class="sw knee"></span>knee onset</div>
      <p id="cell-error" class="error" role="alert"></p>
    </section>
    <div class="two">
      <section class="panel"><h3>Evidence behind the forecast</h3><dl id="evidence" class="evidence"></dl></section>
      <section class="panel"><h3>Anomalies</h3><ul id="anomalies" class="anomalies"></ul></section>
    </div>
    <section class="panel">
      <h3>Upload a cycler file</h3>
      <form id="upload-form" class="upload">
        <input id="upload-file" name="file" type="file" required aria-label="cycler export file">
        <label>format <select id="upload-format"><option value="">detect from the file</option>${FORMATS.map((f) => `<option>${f}</option>`).join('')}</select></label>
        <button type="submit">Upload</button>
        <progress id="upload-progress" max="1" value="0" hidden></progress><span id="upload-pct" class="muted"></span>
      </form>
      <div id="upload-answer" class="answer" hidden></div>
    </section>`;

  let cell;
  async function load() {
    $('cell-error').textContent = '';
    try {
      cell = await api(path);
    } catch (e) {
      $('cell-error').textContent = e.message; $('cell-summary').innerHTML = ''; $('chart').innerHTML = '';
      return;
    }
    $('cell-design').textContent = `${designLine(cell)} · ${fmt(cell.cycles_stored)} cycles stored`;
    $('cell-tags').innerHTML = Object.entries(cell.tags || {}).map(([k, v]) => `<span class="tag">${esc(k)}=${esc(v)}</span>`).join(' ');
    if (!cell.cycles_stored) {
      $('cell-summary').innerHTML = '<p class="muted">No cycles yet: upload a cycler file below, or post cycles to the API.</p>';
      $('chart').innerHTML = '';
      return;
    }
    try {
      const [forecast, twin, series] = await Promise.all([api(`${path}/forecast`), api(`${path}/twin`), api(`${path}/cycles/series?points=2000`)]);
      show(forecast, twin, series);
    } catch (e) {
      $('cell-error').textContent = e.message;
    }
  }

  function show(f, twin, series) {
    $('model').textContent = `model ${f.model_version}`;
    const i90 = f.eol_intervals.find((i) => i.level === 0.9), r90 = f.rul_intervals.find((i) => i.level === 0.9);
    $('cell-summary').innerHTML =
      card('SOH now', pct(f.soh_now)) +
      card('cycles observed', fmt(f.cycles_observed)) +
      card(f.end_of_life_reached ? 'end of life (observed)' : 'end of life, median', fmt(f.eol_p50)) +
      card('EOL 90% interval', `${fmt(i90.lower)}–${fmt(i90.upper)}`) +
      card('remaining cycles', `${fmt(f.rul_p50)} <small>(${fmt(r90.lower)}–${fmt(r90.upper)})</small>`) +
      card('weight of own data', pct(f.data_weight, 0), 'share of the forecast that comes from this cell\'s own cycles; the rest is the design prior');
    const qref = twin.reference_capacity_Ah;
    const measured = qref ? series.points.map((p) => [p.cycle, p.discharge_capacity_Ah / qref]) : [];
    const knees = (twin.anomalies || []).filter((a) => a.kind === 'knee_onset').map((a) => a.cycle);
    sohChart($('chart'), { measured, curve: f.soh_curve || [], threshold: f.eol_threshold_fraction, eolP50: f.eol_p50, eolReached: f.end_of_life_reached, knees });
    // The fleet level answers once the cell's fleet has reference cells (basis "fleet"); else the design prior.
    const fleet = f.basis === 'fleet';
    const basis = fleet ? `the fleet level: ${fmt(f.reference_cells)} reference cells of fleet ${esc(f.fleet)}${f.resemblance != null ? `, resemblance ${fmt(f.resemblance, 2)}` : ''}`
      : f.data_weight < 0.05 ? 'the design prior alone (too little fade seen yet)'
      : f.data_weight > 0.7 ? 'mostly this cell\'s own cycles, shrunk to the design prior' : 'a blend of this cell\'s cycles and the design prior';
    $('evidence').innerHTML = [
      ['basis', basis],
      ['data weight', `${pct(f.data_weight, 0)} own data, ${pct(1 - f.data_weight, 0)} design prior`],
      ['design prior', `design model ${esc(f.model_version)} for ${esc(designLine(cell))}`],
      ['reference cells', fleet ? `${fmt(f.reference_cells)} cells of the same fleet (the cell itself left out); ${esc(f.basis_detail || '')}`
        : `none: ${esc(f.basis_detail || 'no other cell of this fleet has a history yet')}`],
      ['fitted fade law', `SOH 80% at cycle ${fmt(f.fade_law.eol80)}, exponent ${fmt(f.fade_law.exponent, 2)}, noise ${pct(f.fade_law.noise_sd, 2)}`],
      ['reference capacity', qref ? `${fmt(qref, 4)} Ah (SOH 100%)` : '–'],
      ['cycles', `${fmt(f.cycles_observed)} observed, last cycle ${fmt(f.last_cycle)}; ${fmt(series.points.length)} points drawn of ${fmt(series.cycles_stored)}`],
      ['fitted / last data', `${when(twin.fitted_at)} / ${when(twin.last_data_at)}`],
    ].map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('');
    $('anomalies').innerHTML = (twin.anomalies || []).length
      ? twin.anomalies.map((a) => `<li class="${esc(a.kind)}"><b>${esc(a.kind.replace(/_/g, ' '))}</b> at cycle ${fmt(a.cycle)}: ${esc(a.detail)}</li>`).join('')
      : '<li class="muted">none found</li>';
  }

  $('cell-edit').addEventListener('click', () => {
    const box = $('cell-edit-box');
    box.hidden = !box.hidden;
    if (!box.hidden && cell) {
      box.innerHTML = cellFormHtml(cell);
      wireCellForm(id, () => { box.hidden = true; load(); });
    }
  });

  $('upload-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = $('upload-file').files[0];
    if (!file) return;
    const data = new FormData();
    if ($('upload-format').value) data.append('format', $('upload-format').value);
    data.append('file', file, file.name);
    const bar = $('upload-progress'), answer = $('upload-answer');
    bar.hidden = false; bar.value = 0; answer.hidden = true;
    try {
      const { status, body } = await upload(`${path}/files`, data, (p) => { bar.value = p; $('upload-pct').textContent = `${Math.round(100 * p)}% sent`; });
      bar.value = 1;
      answer.hidden = false;
      answer.className = `answer ${status < 300 ? 'ok' : 'bad'}`;
      answer.innerHTML = status < 300
        ? `<b>Stored.</b> ${esc(body.file_name)}: format <code>${esc(body.format)}</code> (${esc(body.detection_reason)}); ${fmt(body.cycles_found)} cycles found, ${fmt(body.inserted)} inserted, ${fmt(body.duplicates)} already stored.${(body.warnings || []).map((w) => `<br><small>${esc(w)}</small>`).join('')}`
        : `<b>${status}: nothing was stored.</b><pre>${esc(problemText(body) || JSON.stringify(body, null, 1))}</pre>`;
      $('upload-pct').textContent = status < 300 ? 'done' : '';
      if (status < 300) load();
    } catch (err) {
      answer.hidden = false; answer.className = 'answer bad'; answer.textContent = err.message;
    }
  });

  await load();
}
