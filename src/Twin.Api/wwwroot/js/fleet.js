// Fleet overview: one page of cells at a time, searched, sorted and paged by the server (GET
// /api/cells with q=, sort=, after=, limit=), each row with its twin as last persisted.
import { api } from './api.js';
import { $, esc, fmt, pct, when, designLine } from './format.js';

const SORTS = [['cell_id', 'id'], ['-updated_at', 'recently updated'], ['-created_at', 'recently registered'],
  ['coating', 'coating'], ['electrode', 'electrode'], ['electrolyte', 'electrolyte']];
const EOL_THRESHOLD = 0.8; // the listing's twins are fitted to the default threshold

/** Near end of life: less than 15% of its median life left, or within 3 points of SOH of the threshold. */
export function lifeStatus(t) {
  if (!t) return '';
  if (t.end_of_life_reached) return 'eol';
  if ((t.rul_p50 != null && t.eol_p50 && t.rul_p50 < 0.15 * t.eol_p50) || (t.soh_now != null && t.soh_now < EOL_THRESHOLD + 0.03)) return 'near-eol';
  return '';
}

export function renderFleet(view, params) {
  const state = { q: params.get('q') || '', sort: params.get('sort') || 'cell_id', limit: Number(params.get('limit')) || 50, afters: [null] };
  view.innerHTML = `
    <section class="panel">
      <div class="toolbar">
        <h2>Fleet</h2>
        <input id="fleet-q" type="search" placeholder="search id, design or tag value" aria-label="search cells" value="${esc(state.q)}">
        <label>sort <select id="fleet-sort" aria-label="sort cells">${SORTS.map(([v, l]) => `<option value="${v}"${v === state.sort ? ' selected' : ''}>${l}</option>`).join('')}</select></label>
        <label>rows <select id="fleet-limit">${[25, 50, 100, 200].map((n) => `<option${n === state.limit ? ' selected' : ''}>${n}</option>`).join('')}</select></label>
        <a class="button" href="#/cell-new">Register a cell</a>
      </div>
      <p class="muted legend-line"><span class="chip near-eol">near end of life</span> under 15% of median life left or SOH within 3 points of 80%
        <span class="chip eol">end of life</span> <span class="chip anomaly">anomaly</span> capacity jump, gap or knee · <span class="chip stale">stale</span> new cycles not fitted yet</p>
      <div class="table-wrap"><table id="fleet" class="fleet">
        <thead><tr><th>cell</th><th>design · tags</th><th class="num">cycles</th><th class="num">SOH now</th>
          <th class="num" title="cycle at which SOH is forecast to reach 80%, with its 90% interval">EOL (90% interval)</th>
          <th class="num" title="remaining cycles to 80%, with its 90% interval">remaining (90%)</th><th>last data</th><th>anomalies</th><th>model</th></tr></thead>
        <tbody id="fleet-rows"></tbody>
      </table></div>
      <div class="pager"><button id="fleet-prev" type="button">‹ previous</button><span id="fleet-page" class="muted"></span><button id="fleet-next" type="button">next ›</button></div>
      <p id="fleet-none" class="muted" hidden></p>
    </section>`;

  let seq = 0;
  async function load() {
    const my = ++seq;
    const q = new URLSearchParams({ limit: String(state.limit), sort: state.sort });
    if (state.q) q.set('q', state.q);
    const after = state.afters[state.afters.length - 1];
    if (after) q.set('after', after);
    const started = performance.now();
    let page;
    try {
      page = await api(`/api/cells?${q}`);
    } catch (e) {
      $('fleet-none').hidden = false; $('fleet-none').textContent = e.message; return;
    }
    if (my !== seq) return; // a newer query was sent meanwhile
    state.next = page.next;
    $('fleet-rows').innerHTML = page.cells.map(row).join('');
    $('fleet-none').hidden = page.cells.length > 0;
    $('fleet-none').textContent = state.q ? `No cell matches “${state.q}”.` : 'No cells yet. Register one, or start the server with the demo data on (Twin:Demo:Enabled).';
    $('fleet-prev').disabled = state.afters.length === 1;
    $('fleet-next').disabled = !page.next;
    $('fleet-page').textContent = `page ${state.afters.length} · ${page.cells.length} cells · ${Math.round(performance.now() - started)} ms`;
    const keep = new URLSearchParams();
    if (state.q) keep.set('q', state.q);
    if (state.sort !== 'cell_id') keep.set('sort', state.sort);
    history.replaceState(null, '', `#/${keep.size ? `?${keep}` : ''}`);
  }

  let timer;
  $('fleet-q').addEventListener('input', (e) => { clearTimeout(timer); timer = setTimeout(() => { state.q = e.target.value.trim(); state.afters = [null]; load(); }, 250); });
  $('fleet-sort').addEventListener('change', (e) => { state.sort = e.target.value; state.afters = [null]; load(); });
  $('fleet-limit').addEventListener('change', (e) => { state.limit = Number(e.target.value); state.afters = [null]; load(); });
  $('fleet-next').addEventListener('click', () => { if (state.next) { state.afters.push(state.next); load(); } });
  $('fleet-prev').addEventListener('click', () => { if (state.afters.length > 1) { state.afters.pop(); load(); } });
  load();
}

function row(c) {
  const t = c.twin;
  const status = lifeStatus(t);
  const href = `#/cell/${encodeURIComponent(c.cell_id)}`;
  const tags = Object.entries(c.tags || {}).filter(([k]) => k !== 'source').map(([k, v]) => `<span class="tag">${esc(k)}=${esc(v)}</span>`).join(' ');
  const interval = (p50, lo, hi) => p50 == null ? '–' : `${fmt(p50)} <small>(${fmt(lo)}–${fmt(hi)})</small>`;
  const anomalies = t?.anomaly_count ? `<span class="chip anomaly" title="${esc(t.anomaly_kinds.join(', '))}">${t.anomaly_count} · ${esc(t.anomaly_kinds.join(', ').replace(/_/g, ' '))}</span>` : '';
  return `<tr class="${status}${t?.anomaly_count ? ' has-anomaly' : ''}" data-id="${esc(c.cell_id)}">
    <td><a href="${href}">${esc(c.cell_id)}</a>${status ? ` <span class="chip ${status}">${status === 'eol' ? 'end of life' : 'near end of life'}</span>` : ''}${t?.stale ? ' <span class="chip stale">stale</span>' : ''}${c.tags?.source === 'synthetic' ? ' <span class="chip synthetic" title="generated by the demo\'s SyntheticFleet, not measured">synthetic</span>' : ''}</td>
    <td>${esc(designLine(c))}${tags ? `<div class="tags">${tags}</div>` : ''}</td>
    <td class="num">${fmt(t?.cycles_observed)}</td><td class="num">${pct(t?.soh_now)}</td>
    <td class="num">${t?.end_of_life_reached ? `${fmt(t.eol_p50)} <small>(reached)</small>` : interval(t?.eol_p50, t?.eol_lo90, t?.eol_hi90)}</td>
    <td class="num">${t?.end_of_life_reached ? '0 <small>(reached)</small>' : interval(t?.rul_p50, t?.rul_lo90, t?.rul_hi90)}</td>
    <td>${when(t?.last_data_at)}</td><td>${anomalies}</td><td class="model-col" title="${esc(t?.model_version ?? '')}">${esc((t?.model_version ?? '').split('-').pop())}</td></tr>`;
}
