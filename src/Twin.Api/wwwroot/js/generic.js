// Renders an API answer whose exact shape this dashboard does not know yet (the what-if, sweep and
// model APIs are built in parallel): numbers and strings as cards, arrays of objects as tables,
// anything else as JSON. Enough to use those APIs from the browser until they get pages of their own.
import { esc, fmt, card } from './format.js';

const cell = (v) => typeof v === 'number' ? fmt(v, Math.abs(v) < 10 ? 3 : 0) : (v && typeof v === 'object' ? esc(JSON.stringify(v)) : esc(v));

export function tableHtml(rows, max = 500) {
  const keys = [...new Set(rows.slice(0, 50).flatMap((r) => Object.keys(r)))];
  return `<div class="table-wrap"><table class="fleet"><thead><tr>${keys.map((k) => `<th>${esc(k)}</th>`).join('')}</tr></thead>
    <tbody>${rows.slice(0, max).map((r) => `<tr>${keys.map((k) => `<td class="${typeof r[k] === 'number' ? 'num' : ''}">${cell(r[k])}</td>`).join('')}</tr>`).join('')}</tbody></table></div>
    ${rows.length > max ? `<p class="muted">${max} of ${rows.length} rows shown.</p>` : ''}`;
}

export function answerHtml(body) {
  if (Array.isArray(body)) return body.length && typeof body[0] === 'object' ? tableHtml(body) : `<pre>${esc(JSON.stringify(body, null, 1))}</pre>`;
  if (!body || typeof body !== 'object') return `<pre>${esc(String(body))}</pre>`;
  const scalars = Object.entries(body).filter(([, v]) => v == null || typeof v !== 'object');
  const tables = Object.entries(body).filter(([, v]) => Array.isArray(v) && v.length && typeof v[0] === 'object');
  const rest = Object.entries(body).filter(([k, v]) => v != null && typeof v === 'object' && !tables.some(([t]) => t === k));
  return `<div class="cards">${scalars.map(([k, v]) => card(k, cell(v))).join('')}</div>
    ${tables.map(([k, v]) => `<h3>${esc(k)}</h3>${tableHtml(v)}`).join('')}
    ${rest.map(([k, v]) => `<h3>${esc(k)}</h3><pre class="json">${esc(JSON.stringify(v, null, 1))}</pre>`).join('')}`;
}
