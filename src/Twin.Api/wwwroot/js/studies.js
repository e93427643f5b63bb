// What-if (POST /api/fleet/what-if) and design sweep (POST /api/designs/sweep), and the nav links of those and of models (/api/models*):
// APIs other parts of Twin add. Their pages show only when the server has the endpoint (anything
// but 404), send a request the user can edit, and show the answer or the server's problem as sent.
import { postJson, exists } from './api.js';
import { $, esc } from './format.js';
import { answerHtml } from './generic.js';
import { whatIfView, sweepView } from './study-views.js';

export const STUDIES = [
  { page: 'what-if', label: 'What-if', probe: '/api/fleet/what-if', path: '/api/fleet/what-if',
    title: 'Fleet what-if: the same cells with a design change',
    example: { selection: { tags: { fleet: 'demo-synthetic' }, coating: 'Al2O3' }, change: { coating: 'alucone', coating_class: 'hybrid_mld', coating_thickness_nm: 5, coating_method: 'MLD' } } },
  { page: 'sweep', label: 'Sweep', probe: '/api/designs/sweep', path: '/api/designs/sweep',
    title: 'Design sweep: coating × thickness, and what to test next',
    example: { base: { electrode: 'Si nanoparticles', coating: 'none', electrolyte: '1 M LiPF6 in EC/DEC', current_mA_g: 200 },
      grid: { coatings: ['Al2O3', 'TiO2', 'alucone'], coating_thickness_nm: [1, 2, 5, 10] } } },
];

/** Adds a nav link for each study API and the models API the server has. */
export async function probeStudies(nav) {
  const found = await Promise.all([...STUDIES.map((s) => exists(s.probe)), exists('/api/models')]);
  STUDIES.forEach((s, i) => { if (found[i]) nav.insertAdjacentHTML('beforeend', `<a href="#/${s.page}" data-page="${s.page}">${s.label}</a>`); });
  if (found[STUDIES.length]) nav.insertAdjacentHTML('beforeend', '<a href="#/models" data-page="models">Models</a>');
}

export function renderStudy(view, study) {
  view.innerHTML = `<section class="panel"><h2>${esc(study.title)}</h2>
      <p class="muted">The request (JSON, edit it); the contract is in docs/api.md.</p>
      <form id="study-form"><textarea id="study-body" rows="10" class="code">${esc(JSON.stringify(study.example, null, 2))}</textarea>
      <div class="actions"><button type="submit">Run</button> <span id="study-status" class="muted"></span></div></form>
      <p id="study-error" class="error" role="alert"></p></section>
    <section class="panel" id="study-answer" hidden></section>`;
  $('study-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('study-error').textContent = '';
    let body;
    try { body = JSON.parse($('study-body').value); } catch (err) { $('study-error').textContent = `The request is not JSON: ${err.message}`; return; }
    $('study-status').textContent = 'running…';
    try {
      const answer = await postJson(study.path, body);
      $('study-answer').hidden = false;
      if (study.page === 'what-if') whatIfView($('study-answer'), answer, body);
      else if (study.page === 'sweep') sweepView($('study-answer'), answer);
      else $('study-answer').innerHTML = answerHtml(answer);
    } catch (err) {
      $('study-error').textContent = err.message;
    } finally {
      $('study-status').textContent = '';
    }
  });
}
