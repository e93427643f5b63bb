// Charts with uPlot (npm, bundled at build into lib/uplot; why uPlot: docs/dashboard.md).
import uPlot from '../lib/uplot/uPlot.esm.js';

const BLUE = '#1f6feb', RED = '#c62828', AMBER = '#b26a00', INK = '#444';
const BAND_FILL = { 0.8: 'rgba(31,111,235,0.22)', 0.9: 'rgba(31,111,235,0.14)', 0.95: 'rgba(31,111,235,0.08)' };
export const PALETTE = ['#1f6feb', '#d9480f', '#2b8a3e', '#862e9c', '#c2255c', '#0b7285'];

const charts = new WeakMap();
function mount(el, opts, data) {
  charts.get(el)?.destroy();
  el.innerHTML = '';
  const chart = new uPlot({ width: Math.max(320, el.clientWidth || 720), height: 340, ...opts }, data, el);
  charts.set(el, chart);
  return chart;
}

/** Draws a horizontal or vertical marker line with a label in the plot area. */
function marker(u, { x, y, color, dash = [5, 4], label }) {
  const ctx = u.ctx, { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.strokeStyle = color; ctx.fillStyle = color; ctx.lineWidth = 1.5 * devicePixelRatio; ctx.setLineDash(dash.map((d) => d * devicePixelRatio));
  ctx.beginPath();
  if (y != null) { const py = u.valToPos(y, 'y', true); ctx.moveTo(left, py); ctx.lineTo(left + width, py); }
  else { const px = u.valToPos(x, 'x', true); ctx.moveTo(px, top); ctx.lineTo(px, top + height); }
  ctx.stroke();
  if (label) {
    ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
    ctx.textAlign = 'left'; ctx.textBaseline = 'alphabetic'; // the axes leave other settings behind
    if (y != null) ctx.fillText(label, left + 6 * devicePixelRatio, u.valToPos(y, 'y', true) - 5 * devicePixelRatio);
    else ctx.fillText(label, u.valToPos(x, 'x', true) + 5 * devicePixelRatio, top + 14 * devicePixelRatio);
  }
  ctx.restore();
}

/**
 * Measured SOH (points), the forecast median and its 80/90/95% bands, the end-of-life threshold and
 * the knee. The cycle axis covers the data and the median end of life (+15%); the bands run on
 * and are clipped, or a short history would be a strip at the left (defect 4 of issue 11).
 */
export function sohChart(el, { measured, curve, threshold, eolP50, eolReached = false, knees = [] }) {
  const xs = [...new Set([...measured.map((p) => p[0]), ...curve.map((p) => p.cycle)])].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const col = () => new Array(xs.length).fill(null);
  const obs = col(), mid = col(), bands = { 0.8: [col(), col()], 0.9: [col(), col()], 0.95: [col(), col()] };
  for (const [c, s] of measured) obs[index.get(c)] = s;
  for (const p of curve) {
    const i = index.get(p.cycle);
    mid[i] = p.soh;
    for (const b of p.bands) if (bands[b.level]) { bands[b.level][0][i] = b.lower; bands[b.level][1][i] = b.upper; }
  }
  const lastObs = measured.length ? measured[measured.length - 1][0] : 0;
  const xmax = Math.max(10, lastObs, Number.isFinite(eolP50) ? eolP50 * 1.15 : Math.max(0, ...xs));
  const ymin = Math.max(0, Math.min(threshold - 0.1, ...measured.map((p) => p[1] - 0.02)));
  const ymax = Math.max(1.02, ...measured.map((p) => p[1] + 0.005));
  // What is drawn, for the browser tests (and anyone inspecting the page): counts and the axis end.
  Object.assign(el.dataset, { measured: measured.length, forecast: curve.length, xmax: Math.round(xmax), knees: knees.join(',') });
  const hidden = { stroke: 'transparent', points: { show: false }, spanGaps: true };
  const series = [{ label: 'cycle' },
    { label: 'measured SOH', stroke: INK, paths: () => null, points: { show: true, size: 3, fill: INK, stroke: INK } },
    { label: 'forecast median', stroke: BLUE, width: 2, spanGaps: true, points: { show: false } }];
  const data = [xs, obs, mid];
  const bandDefs = [];
  for (const level of [0.95, 0.9, 0.8]) {
    series.push({ label: `${level * 100}% lower`, ...hidden }, { label: `${level * 100}% upper`, ...hidden });
    data.push(bands[level][0], bands[level][1]);
    bandDefs.push({ series: [data.length - 1, data.length - 2], fill: BAND_FILL[level] });
  }
  return mount(el, {
    legend: { show: false },
    scales: { x: { time: false, range: () => [0, xmax] }, y: { range: () => [ymin, ymax] } },
    axes: [{ label: 'cycle' }, { label: 'SOH', values: (u, v) => v.map((t) => `${Math.round(100 * t)}%`), size: 50 }],
    series, bands: bandDefs,
    hooks: { draw: [(u) => {
      marker(u, { y: threshold, color: RED, label: `end of life (${Math.round(100 * threshold)}%)` });
      if (Number.isFinite(eolP50)) marker(u, { x: eolP50, color: BLUE, dash: [2, 3], label: `${eolReached ? 'end of life reached at' : 'median EOL'} ${Math.round(eolP50)}` });
      for (const k of knees) marker(u, { x: k, color: AMBER, dash: [6, 3], label: `knee ${k}` });
    }] },
  }, data);
}

/**
 * Capacity retention of several designs over one cycle grid, each with its median and 90% band.
 * `designs` = [{ label, points: [{ cycles, retention_pct, retention_lo90, retention_hi90 }] }].
 */
export function retentionChart(el, designs) {
  const xs = designs[0].points.map((p) => p.cycles);
  const series = [{ label: 'cycles' }], data = [xs], bands = [];
  designs.forEach((d, i) => {
    const color = PALETTE[i % PALETTE.length];
    series.push({ label: d.label, stroke: color, width: 2, points: { show: false } });
    data.push(d.points.map((p) => p.retention_pct));
    // Lab-design intervals are wide and overlap: each band's edges are dashed in its colour, its fill faint.
    const edge = { stroke: `${color}99`, width: 1, dash: [4, 4], points: { show: false } };
    series.push({ label: `${d.label} lo`, ...edge }, { label: `${d.label} hi`, ...edge });
    data.push(d.points.map((p) => p.retention_lo90), d.points.map((p) => p.retention_hi90));
    bands.push({ series: [data.length - 1, data.length - 2], fill: `${color}0d` });
  });
  return mount(el, {
    legend: { show: false },
    scales: { x: { time: false }, y: { range: (u, lo) => [Math.max(0, Math.min(70, Math.floor(lo / 10) * 10)), 102] } },
    axes: [{ label: 'cycle' }, { label: 'capacity retention', values: (u, v) => v.map((t) => `${t}%`), size: 50 }],
    series, bands,
    hooks: { draw: [(u) => marker(u, { y: 80, color: RED, label: '80% (end of life)' })] },
  }, data);
}

/** A fleet's SOH over cycles before and after a what-if: each side's median across cells and its 90% band. */
export function fleetBandsChart(el, before, after) {
  const xs = before.map((p) => p.cycle);
  const side = (points, color, label) => [
    { label: `${label} median`, stroke: color, width: 2, points: { show: false } },
    { label: `${label} 5%`, stroke: `${color}99`, width: 1, dash: [4, 4], points: { show: false } },
    { label: `${label} 95%`, stroke: `${color}99`, width: 1, dash: [4, 4], points: { show: false } },
  ];
  const data = [xs,
    before.map((p) => 100 * p.p50), before.map((p) => 100 * p.lower90), before.map((p) => 100 * p.upper90),
    after.map((p) => 100 * p.p50), after.map((p) => 100 * p.lower90), after.map((p) => 100 * p.upper90)];
  return mount(el, {
    scales: { x: { time: false }, y: { range: (u, lo) => [Math.max(0, Math.min(70, Math.floor(lo / 10) * 10)), 101] } },
    axes: [{ label: 'cycle' }, { label: 'SOH', values: (u, v) => v.map((t) => `${t}%`), size: 50 }],
    series: [{ label: 'cycle' }, ...side(before, INK, 'before'), ...side(after, BLUE, 'after')],
    bands: [{ series: [3, 2], fill: 'rgba(68,68,68,0.10)' }, { series: [6, 5], fill: 'rgba(31,111,235,0.14)' }],
    hooks: { draw: [(u) => marker(u, { y: 80, color: RED, label: '80% (end of life)' })] },
  }, data);
}
