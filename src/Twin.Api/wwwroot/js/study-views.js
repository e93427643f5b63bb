// Pages of their own for the what-if and sweep answers (docs/what-if.md): the fleet before and
// after, and the coating × thickness heatmap with the suggested next tests.
import { $, esc, fmt, pct, card, designLine } from './format.js';
import { tableHtml } from './generic.js';
import { fleetBandsChart } from './chart.js';
import { apiKey } from './api.js';

const range = (i) => `${fmt(i.lower90)}–${fmt(i.upper90)}`;

/** Two bar rows per bin (before grey, after blue): the fleet's cycles to 80% across cells. */
function histogramsHtml(before, after) {
  const max = Math.max(...before.counts, ...after.counts, 1);
  // <progress>, not a styled span: the page's CSP allows no inline styles.
  const bar = (n, cls) => `<progress class="bar ${cls}" max="${max}" value="${n}"></progress><span class="count">${n || ''}</span>`;
  return `<table class="hist"><thead><tr><th>cycles to 80%</th><th>before</th><th>after</th></tr></thead><tbody>${before.counts.map((n, k) =>
    `<tr><td class="num">${fmt(before.bin_edges[k])}–${fmt(before.bin_edges[k + 1])}</td><td>${bar(n, 'before')}</td><td>${bar(after.counts[k], 'after')}</td></tr>`).join('')}</tbody></table>`;
}

export function whatIfView(el, a, request) {
  const s = a.summary;
  el.innerHTML = `<div class="cards">
      ${card('cells (with a fitted twin)', `${fmt(s.cells)} (${fmt(s.calibrated)})`)}
      ${card('fleet median cycles to 80%: before → after', `${fmt(s.median_before)} → ${fmt(s.median_after)}`)}
      ${card('P(fleet median after > before)', pct(s.probability_median_longer, 0), `seeded Monte Carlo, ${s.draws} draws over ${s.sampled_cells} cells`)}
      ${s.share_reaching_target_before != null ? card('share reaching the cycle target: before → after', `${pct(s.share_reaching_target_before, 0)} → ${pct(s.share_reaching_target_after, 0)}`) : ''}
      ${card('model · seed', `${esc(a.model_version)} · ${a.seed}`)}
    </div>
    <ul class="notes">${a.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>
    <h3>Fleet SOH over cycles (median and 90% band across cells)</h3><div id="whatif-chart" class="chart"></div>
    <h3>Cycles to 80% across the fleet</h3>${histogramsHtml(s.before, s.after)}
    <h3>Evidence behind the change</h3>${tableHtml(a.evidence.map((e) => ({
      design: designLine(e.design), coating_class: e.coating_class, electrode_class: e.electrode_class,
      literature_studies: String(e.literature_studies), literature_rows: String(e.literature_rows), lab_cells: String(e.lab_cells),
      extrapolation: [e.unseen_coating ? 'coating never seen' : '', e.thickness_outside_seen ? `thickness outside ${e.seen_thickness_nm?.join('–')} nm` : ''].filter(Boolean).join(', ') || 'no' })))}
    <div class="toolbar"><h3>Cells</h3><button type="button" id="whatif-csv" class="secondary">Download CSV (every cell)</button></div>
    ${tableHtml(a.cells.map((c) => ({
      cell_id: c.cell_id, calibrated: c.calibrated ? 'yes' : 'prior', before: c.before.p50, 'before 90%': range(c.before),
      after: c.after.p50, 'after 90%': range(c.after), change: c.change.p50, 'change 90%': range(c.change), 'P(after > before)': pct(c.p_after_longer, 0),
      extrapolated: c.extrapolated ? 'yes' : '', fitted_at: c.fitted_at ? c.fitted_at.slice(0, 16).replace('T', ' ') + (c.stale ? ' (stale)' : '') : '–' })), 200)}`;
  fleetBandsChart($('whatif-chart'), s.soh_before, s.soh_after);
  $('whatif-csv').addEventListener('click', async () => {
    const headers = { 'content-type': 'application/json' };
    if (apiKey()) headers['X-Api-Key'] = apiKey();
    const r = await fetch('/api/fleet/what-if?format=csv', { method: 'POST', headers, body: JSON.stringify(request) });
    const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(await r.blob()), download: 'what-if.csv' });
    link.click();
  });
}

/** Coating × thickness: each cell's colour is its median life (log scale), its text the life, its 90% range and P(beats base). */
export function sweepView(el, a) {
  const key = (d) => `${d.coating}|${d.coating_thickness_nm ?? ''}`;
  const first = a.points[0]?.design ?? {};
  const same = (d) => d.electrolyte === first.electrolyte && d.temperature_C === first.temperature_C && d.c_rate === first.c_rate && d.charge_c_rate === first.charge_c_rate;
  const shown = a.points.filter((p) => same(p.design));
  const coatings = [...new Set(shown.map((p) => p.design.coating))];
  const thicknesses = [...new Set(shown.map((p) => p.design.coating_thickness_nm ?? null))].sort((x, y) => (x ?? -1) - (y ?? -1));
  const byKey = new Map(shown.map((p) => [key(p.design), p]));
  const suggested = new Map(a.suggestions.map((s, i) => [key(s.design), i + 1]));
  const logs = shown.map((p) => Math.log(p.eol80.p50));
  const [lo, hi] = [Math.min(...logs), Math.max(...logs)];
  // Six shades as classes (the page's CSP allows no inline styles): h0 shortest life ... h5 longest.
  const level = (v) => Math.min(5, Math.floor(6 * (hi > lo ? (Math.log(v) - lo) / (hi - lo) : 0.5)));
  const cellHtml = (p) => {
    if (!p) return '<td class="empty">–</td>';
    const mark = suggested.get(key(p.design));
    return `<td class="heat h${level(p.eol80.p50)}" title="${esc(designLine(p.design))}">
      <b>${fmt(p.eol80.p50)}</b>${mark ? ` <span class="star" title="suggested test ${mark}">★${mark}</span>` : ''}
      <small>90%: ${range(p.eol80)}</small><small>P(beats base) ${pct(p.p_beats_base, 0)}${p.evidence.unseen_coating || p.evidence.thickness_outside_seen ? ' · extrapolated' : ''}</small></td>`;
  };
  el.innerHTML = `<div class="cards">${card('base design: cycles to 80% (90%)', `${fmt(a.base.p50)} (${range(a.base)})`)}${a.incumbent && !a.incumbent.is_base ? card('best tested design: cycles to 80% (expected improvement is over it)', `${fmt(a.incumbent.eol80.p50)}`, designLine(a.incumbent.design)) : ''}${card('points', fmt(a.points.length))}${card('model', esc(a.model_version))}</div>
    <h3>What to test next</h3><ol class="suggestions">${a.suggestions.map((s) => `<li><b>${esc(designLine(s.design))}</b> <span class="muted">(${esc(s.strategy.replace('_', ' '))})</span><br>${esc(s.reason)}</li>`).join('')}</ol>
    <h3>Cycles to 80%: coating × thickness${shown.length < a.points.length ? ` <span class="muted">(${esc(first.electrolyte)}${first.temperature_C != null ? `, ${first.temperature_C} °C` : ''}; the other points are in the table below)</span>` : ''}</h3>
    <div class="table-wrap"><table class="heatmap"><thead><tr><th>coating \\ nm</th>${thicknesses.map((t) => `<th>${t ?? '–'}</th>`).join('')}</tr></thead>
      <tbody>${coatings.map((c) => `<tr><th>${esc(c)}</th>${thicknesses.map((t) => cellHtml(byKey.get(`${c}|${t ?? ''}`))).join('')}</tr>`).join('')}</tbody></table></div>
    <h3>Best points</h3>${tableHtml(a.best.map((p) => ({ design: designLine(p.design), 'cycles to 80%': p.eol80.p50, '90%': range(p.eol80), 'vs base': `${fmt(p.change_vs_base_pct, 0)}%`, 'P(beats base)': pct(p.p_beats_base, 0), 'literature studies': String(p.evidence.literature_studies) })))}`;
}
