// Register a cell (#/cell-new) or edit one (from its page): PUT /api/cells/{id} with every design
// field, the nominal capacity and tags. The server's ProblemDetails are shown as they come.
import { postJson } from './api.js';
import { $, esc } from './format.js';
import { fieldsHtml, formValues } from './design-fields.js';

export function cellFormHtml(cell = null) {
  const tags = Object.entries(cell?.tags || {}).map(([k, v]) => `${k}=${v}`).join('\n');
  return `<form id="cell-form" class="design-form">
      ${cell ? '' : '<label>Cell id <input name="cell_id" required pattern="[A-Za-z0-9._:#-]{1,128}" placeholder="e.g. lab2-ch07-0012"></label>'}
      ${fieldsHtml(cell || { electrode: 'Si nanoparticles', coating: 'Al2O3', coating_thickness_nm: 2, electrolyte: '1 M LiPF6 in EC/DEC', current_mA_g: 200, temperature_C: 25 })}
      <label>Nominal capacity (Ah) <input name="nominal_capacity_Ah" type="number" step="any" value="${esc(cell?.nominal_capacity_Ah ?? '')}"></label>
      <label class="wide">Tags, one name=value a line <textarea name="tags" rows="3">${esc(tags)}</textarea></label>
      <div class="actions"><button type="submit">${cell ? 'Save changes' : 'Register'}</button> <span id="cell-form-status" class="muted"></span></div>
      <p id="cell-form-error" class="error" role="alert"></p>
    </form>`;
}

/** Wires the form; `done(cell)` runs with the server's stored cell after a 200/201. */
export function wireCellForm(id, done) {
  $('cell-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = e.target;
    $('cell-form-error').textContent = '';
    const cellId = id ?? form.elements.cell_id.value.trim();
    const body = formValues(form);
    const nominal = form.elements.nominal_capacity_Ah.value;
    if (nominal !== '') body.nominal_capacity_Ah = Number(nominal);
    body.tags = {};
    for (const line of form.elements.tags.value.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const at = line.indexOf('=');
      if (at < 1) { $('cell-form-error').textContent = `tags: “${line}” is not name=value.`; return; }
      body.tags[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    try {
      $('cell-form-status').textContent = 'saving…';
      const cell = await postJson(`/api/cells/${encodeURIComponent(cellId)}`, body, 'PUT');
      $('cell-form-status').textContent = 'saved';
      done(cell);
    } catch (err) {
      $('cell-form-status').textContent = '';
      $('cell-form-error').textContent = err.message;
    }
  });
}
