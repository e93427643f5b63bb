// Twin dashboard: plain ES modules, one per page, routed by the URL's hash. Every number comes from the HTTP API.
import { whenUnauthorized, setApiKey, apiKey } from './api.js';
import { $ } from './format.js';
import { renderFleet } from './fleet.js';
import { renderCell } from './cell.js';
import { renderDesigns } from './design.js';
import { cellFormHtml, wireCellForm } from './cell-form.js';
import { STUDIES, probeStudies, renderStudy } from './studies.js';
import { renderModels } from './models.js';

let current = 'fleet';
const markActive = () => { for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.page === current); };

function route() {
  const view = $('view');
  $('page-error').textContent = '';
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query || '');
  let page = 'fleet';
  const legacy = path.match(/^cell=(.+)$/); // links of the earlier one-page dashboard
  const cell = path.match(/^\/cell\/(.+)$/) || legacy;
  if (cell) { page = 'cell'; renderCell(view, decodeURIComponent(cell[1])); }
  else if (path === '/cell-new') {
    page = 'cell';
    view.innerHTML = `<section class="panel"><h2>Register a cell</h2>${cellFormHtml()}</section>`;
    wireCellForm(null, (c) => { location.hash = `#/cell/${encodeURIComponent(c.cell_id)}`; });
  }
  else if (path === '/designs') { page = 'designs'; renderDesigns(view); }
  else if (path === '/models') { page = 'models'; renderModels(view); }
  else if (STUDIES.some((s) => path === `/${s.page}`)) { page = path.slice(1); renderStudy(view, STUDIES.find((s) => path === `/${s.page}`)); }
  else renderFleet(view, params);
  current = page;
  markActive();
}

// The server asks for a key (401) only when access control is configured: then the key box shows,
// and the key is kept for this tab only (sessionStorage) and sent as X-Api-Key on every request.
whenUnauthorized(() => {
  $('key-box').hidden = false;
  $('page-error').textContent = apiKey() ? 'The server refused this API key.' : 'The server needs an API key: enter it above.';
});
$('key-box').addEventListener('submit', (e) => { e.preventDefault(); setApiKey($('api-key').value.trim()); $('key-box').hidden = true; route(); });
if (apiKey()) $('api-key').value = apiKey();

window.addEventListener('hashchange', route);
window.addEventListener('unhandledrejection', (e) => { $('page-error').textContent = e.reason?.message || String(e.reason); });
route();
// Pages for the what-if, sweep and model APIs appear once the server has them.
probeStudies(document.querySelector('nav')).then(markActive);
