export const $ = (id) => document.getElementById(id);

export const fmt = (v, digits = 0) =>
  (v == null || Number.isNaN(v)) ? '–' : Number(v).toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export const pct = (v, digits = 1) => (v == null ? '–' : `${fmt(100 * v, digits)}%`);

export const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

export const card = (label, value, title = '') =>
  `<div class="card"${title ? ` title="${esc(title)}"` : ''}><b>${value}</b><span>${esc(label)}</span></div>`;

export const when = (iso) => {
  if (!iso) return '–';
  const d = new Date(iso);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)}`;
};

/** "Si nanoparticles · Al2O3 2 nm · LiPF6 in EC/DEC" */
export const designLine = (c) =>
  [c.electrode, c.coating ? `${c.coating}${c.coating_thickness_nm != null ? ` ${c.coating_thickness_nm} nm` : ''}` : null, c.electrolyte]
    .filter(Boolean).join(' · ');
