// Designs: every design field, the retention curve with its 90% band, and two or more designs
// side by side with P(B outlives A) (compare.js says how it is computed).
import { postJson } from './api.js';
import { $, esc, fmt, designLine } from './format.js';
import { fieldsHtml, formValues } from './design-fields.js';
import { retentionChart, PALETTE } from './chart.js';
import { pOutlives } from './compare.js';

const LETTERS = 'ABCDEFGH';
const DEFAULTS = [
  { electrode: 'Si nanoparticles', coating: 'none', electrolyte: '1 M LiPF6 in EC/DEC', current_mA_g: 200, temperature_C: 25 },
  { electrode: 'Si nanoparticles', coating: 'Al2O3', coating_class: 'inorganic_oxide', coating_thickness_nm: 2, coating_method: 'ALD', electrolyte: '1 M LiPF6 in EC/DEC', current_mA_g: 200, temperature_C: 25 },
];
let designs = [];

export function renderDesigns(view) {
  if (!designs.length) designs = DEFAULTS.map((d) => ({ ...d }));
  view.innerHTML = `
    <section class="panel">
      <h2>Design</h2>
      <form id="design-form" class="design-form">${fieldsHtml(designs[designs.length - 1])}
        <div class="actions"><button type="submit" name="add">Add to comparison</button>
          <button type="button" id="design-clear" class="secondary">Clear comparison</button></div>
      </form>
      <p id="design-error" class="error" role="alert"></p>
    </section>
    <section class="panel">
      <h2>Compared designs</h2>
      <div id="design-chart" class="chart" role="img" aria-label="retention curves"></div>
      <div id="design-legend" class="legend"></div>
      <div class="table-wrap"><table id="design-table" class="fleet"></table></div>
      <p class="muted">P(row outlives column): the chance that the row design reaches 80% capacity later than the column design, from the two
        forecast distributions of cycles to 80% taken as log-normal and independent (docs/dashboard.md). Shared model error makes the true
        figure further from 50% than shown.</p>
    </section>`;
  $('design-form').addEventListener('submit', (e) => {
    e.preventDefault();
    designs.push(formValues(e.target));
    compare();
  });
  $('design-clear').addEventListener('click', () => { designs = [formValues($('design-form'))]; compare(); });
  compare();
}

async function compare() {
  $('design-error').textContent = '';
  try {
    // First the ends of life, then one cycle grid to 1.5 x the longest median for every design's retention.
    const first = await postJson('/api/forecasts/design/batch', { designs });
    const longest = Math.max(...first.forecasts.map((f) => f.eol_cycles));
    const step = Math.max(1, Math.round(1.5 * longest / 40));
    const grid = Array.from({ length: 41 }, (_, i) => Math.max(1, i * step));
    const r = await postJson('/api/forecasts/design/batch', { designs: designs.map((d) => ({ ...d, cycles: grid })) });
    $('model').textContent = `model ${r.model_version}`;
    show(r.forecasts);
  } catch (e) {
    $('design-error').textContent = e.message;
    designs = designs.slice(0, Math.max(1, designs.length - 1)); // the design just added was refused
  }
}

function show(forecasts) {
  const labelled = forecasts.map((f, i) => ({ f, d: designs[i], label: LETTERS[i] || `#${i + 1}` }));
  retentionChart($('design-chart'), labelled.map((x) => ({ label: x.label, points: x.f.retention })));
  $('design-legend').innerHTML = labelled.map((x, i) => `<span class="sw" data-color="${i % PALETTE.length}"></span>${x.label}`).join(' ') + ' <span class="sw thr"></span>80%';
  const head = `<thead><tr><th></th><th>design</th><th class="num">cycles to 80%, median</th><th class="num">90% interval</th><th>domain</th>
    ${labelled.map((x) => `<th class="num">P(outlives ${x.label})</th>`).join('')}</tr></thead>`;
  const body = labelled.map((row) => `<tr><th>${row.label}</th>
      <td>${esc(designLine(row.d))}${fieldList(row.d)}${row.f.notes.length ? `<br><small class="muted">${row.f.notes.map(esc).join('<br>')}</small>` : ''}</td>
      <td class="num">${fmt(row.f.eol_cycles)}</td><td class="num">${fmt(row.f.eol_lo90)}–${fmt(row.f.eol_hi90)}</td>
      <td>${esc(row.f.domain)}${row.f.unseen_coating ? ' · unseen coating' : ''}</td>
      ${labelled.map((col) => col === row ? '<td class="num muted">–</td>' : `<td class="num p-outlives">${fmt(100 * pOutlives(row.f, col.f), 0)}%</td>`).join('')}</tr>`).join('');
  $('design-table').innerHTML = head + `<tbody>${body}</tbody>`;
}

const fieldList = (d) => {
  const extra = Object.entries(d).filter(([k]) => !['electrode', 'coating', 'coating_thickness_nm', 'electrolyte'].includes(k));
  return extra.length ? `<br><small class="muted">${extra.map(([k, v]) => `${esc(k)} ${esc(v)}`).join(' · ')}</small>` : '';
};
