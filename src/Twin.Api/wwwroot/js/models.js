// Models page (/api/models*): which version serves, every version with its gate report, promote and
// roll back (admin), the serving history, and retraining jobs with live progress and cancel.
import { api, postJson } from './api.js';
import { $, esc, when, fmt } from './format.js';

const ACTIVE = new Set(['queued', 'running']);

export async function renderModels(view) {
  view.innerHTML = `<section class="panel"><div class="toolbar"><h2>Models</h2>
      <button id="retrain" type="button">Retrain from the store</button><span id="job" class="muted"></span></div>
      <p class="muted">A retrained version serves only once promoted (or by the auto-promote policy), and only if its gates passed.
        Promotion and rollback reach every silo within seconds; requests in flight finish on the model they started with.</p>
      <p id="models-error" class="error" role="alert"></p>
      <div id="serving"></div><div class="table-wrap" id="versions"></div><div id="version-detail"></div></section>
    <section class="panel"><h3>Retraining jobs</h3><div class="table-wrap" id="jobs"></div></section>
    <section class="panel"><h3>Serving history</h3><div class="table-wrap" id="history"></div></section>`;
  const fail = (e) => { $('models-error').textContent = e.message; };
  let polling = false;

  async function load() {
    const [models, jobs] = await Promise.all([api('/api/models'), api('/api/models/jobs')]);
    $('serving').innerHTML = `<p>Serving <b id="serving-version">${esc(models.serving)}</b>${models.serving_on_this_silo !== models.serving
      ? ` <span class="chip warn">this silo still serves ${esc(models.serving_on_this_silo)}</span>` : ''}</p>`;
    $('versions').innerHTML = versionsTable(models.versions);
    $('history').innerHTML = historyTable(models.serving_history);
    $('jobs').innerHTML = jobsTable(jobs);
    const active = jobs.find((j) => ACTIVE.has(j.state));
    $('retrain').disabled = !!active;
    if (active && !polling) follow(active.id);
  }

  function follow(id) {
    polling = true;
    const tick = async () => {
      try {
        const j = await api(`/api/models/jobs/${encodeURIComponent(id)}`);
        $('job').innerHTML = `job ${esc(j.id)}: ${esc(j.state)} · ${esc(j.stage)} <progress value="${j.percent}" max="100"></progress> ${j.percent}%`;
        if (ACTIVE.has(j.state)) { setTimeout(tick, 1000); return; }
        $('job').textContent = `job ${j.id}: ${j.state}${j.version ? ` · version ${j.version}` : ''}${j.error ? ` · ${j.error}` : ''}`;
        polling = false;
        await load();
      } catch (e) { polling = false; fail(e); }
    };
    tick();
  }

  $('retrain').addEventListener('click', async () => {
    $('models-error').textContent = '';
    try { const job = await postJson('/api/models/retrain', {}); follow(job.id); await load(); } catch (e) { fail(e); }
  });

  // One listener for every button in the tables: promote, roll back, details, cancel.
  view.addEventListener('click', async (e) => {
    const b = e.target.closest('button[data-action]');
    if (!b) return;
    $('models-error').textContent = '';
    const v = b.dataset.version;
    try {
      if (b.dataset.action === 'details') { await details(v); return; }
      if (b.dataset.action === 'cancel') { await api(`/api/models/jobs/${encodeURIComponent(b.dataset.job)}`, { method: 'DELETE' }); await load(); return; }
      const question = b.dataset.action === 'promote'
        ? `Serve ${v} on every silo from now on?` : `Take ${v} out of service and serve the version it replaced?`;
      if (!confirm(question)) return;
      const change = await postJson(`/api/models/${encodeURIComponent(v)}/${b.dataset.action}`, {});
      $('job').textContent = `${change.action}: ${change.version} serves (was ${change.previous_version ?? '–'})`;
      await load();
    } catch (err) { fail(err); }
  });

  async function details(version) {
    const d = await api(`/api/models/${encodeURIComponent(version)}`);
    const gates = d.gates?.gates ?? [];
    $('version-detail').innerHTML = `<h3>${esc(version)}</h3>
      <p class="muted">data ${esc(d.card.data_hash)} · created ${when(d.card.created_at)} · files: ${d.files.map(esc).join(', ') || '–'}</p>
      ${d.gates ? `<p>Trained on ${fmt(d.gates.store_cells)} store cells (${fmt(d.gates.store_finished)} finished, ${fmt(d.gates.store_censored)} running, censored) and the shipped data; parent ${esc(d.gates.parent_version ?? '–')}.</p>` : '<p>The model shipped with this build (no gate report).</p>'}
      ${gates.length ? `<table class="fleet gates"><thead><tr><th>gate</th><th>result</th><th class="num">value</th><th class="num">limit</th><th>detail</th></tr></thead><tbody>
        ${gates.map((g) => `<tr><td>${esc(g.name)}</td><td>${g.passed ? '<span class="chip ok">passed</span>' : '<span class="chip bad">failed</span>'}</td>
          <td class="num">${num(g.value)}</td><td class="num">${num(g.limit)}</td><td>${esc(g.detail)}</td></tr>`).join('')}</tbody></table>` : ''}`;
  }

  try { await load(); } catch (e) { fail(e); }
}

/** Gate values span 1e-7 (ONNX Runtime vs XGBoost) to cell counts: small ones in exponent form. */
const num = (v) => (v != null && v !== 0 && Math.abs(v) < 0.01 ? Number(v).toExponential(1) : fmt(v, 3));

function versionsTable(versions) {
  return `<table class="fleet" id="versions-table"><thead><tr><th>version</th><th>created</th><th>gates</th><th>parent</th><th>started by</th><th></th></tr></thead><tbody>
    ${versions.map((v) => `<tr data-version="${esc(v.version)}"${v.serving ? ' class="serving"' : ''}>
      <td>${esc(v.version)} ${v.serving ? '<span class="chip ok">serving</span>' : ''} ${v.shipped ? '<span class="chip plain">shipped</span>' : ''}</td>
      <td>${when(v.created_at)}</td>
      <td>${v.shipped ? '–' : v.gates_passed ? '<span class="chip ok">passed</span>' : '<span class="chip bad">failed</span>'}</td>
      <td>${esc(v.parent ?? '–')}</td><td>${esc(v.started_by ?? '–')}</td>
      <td><button type="button" data-action="details" data-version="${esc(v.version)}">Details</button>
        ${!v.serving && (v.shipped || v.gates_passed) ? `<button type="button" data-action="promote" data-version="${esc(v.version)}">Promote</button>` : ''}
        ${v.serving && !v.shipped ? `<button type="button" data-action="rollback" data-version="${esc(v.version)}">Roll back</button>` : ''}</td></tr>`).join('')}
    </tbody></table>`;
}

function jobsTable(jobs) {
  if (!jobs.length) return '<p class="muted">No retraining job yet.</p>';
  return `<table class="fleet" id="jobs-table"><thead><tr><th>job</th><th>state</th><th>stage</th><th>version</th><th>started by</th><th>queued</th><th>took</th><th></th></tr></thead><tbody>
    ${jobs.map((j) => `<tr data-job="${esc(j.id)}"><td>${esc(j.id)}</td>
      <td><span class="chip ${j.state === 'succeeded' ? 'ok' : j.state === 'failed' ? 'bad' : 'plain'}">${esc(j.state)}</span></td>
      <td>${esc(j.stage)} ${ACTIVE.has(j.state) ? `${j.percent}%` : ''}</td><td>${esc(j.version ?? '–')}</td><td>${esc(j.started_by ?? '–')}</td>
      <td>${when(j.queued_at)}</td><td>${j.started_at && j.finished_at ? `${fmt((new Date(j.finished_at) - new Date(j.started_at)) / 1000, 0)} s` : '–'}</td>
      <td>${ACTIVE.has(j.state) ? `<button type="button" data-action="cancel" data-job="${esc(j.id)}">Cancel</button>` : esc(j.error ?? '')}</td></tr>`).join('')}
    </tbody></table>`;
}

function historyTable(changes) {
  if (!changes.length) return '<p class="muted">The shipped model has served since the start; nothing was promoted.</p>';
  return `<table class="fleet"><thead><tr><th>when</th><th>action</th><th>serving</th><th>replaced</th><th>by</th></tr></thead><tbody>
    ${changes.map((c) => `<tr><td>${when(c.changed_at)}</td><td>${esc(c.action)}</td><td>${esc(c.version)}</td><td>${esc(c.previous_version ?? '–')}</td><td>${esc(c.changed_by ?? '–')}</td></tr>`).join('')}
    </tbody></table>`;
}
