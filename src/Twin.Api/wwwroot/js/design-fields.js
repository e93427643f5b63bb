// Every design field of the API (docs/design-schema.md), as form controls: the cell form and the
// design page use the same list, so a field added to the schema is added here once.
const ELECTRODE_CLASSES = ['', 'silicon', 'lithium_metal', 'graphite', 'layered_oxide', 'spinel', 'lfp', 'other'];
const COATING_CLASSES = ['', 'none', 'inorganic_oxide', 'hybrid_mld', 'lithium_ternary_oxide', 'phosphate', 'oxynitride', 'borate',
  'fluoride', 'sulfide', 'nitride', 'carbon', 'organic_polymer', 'composite', 'other'];
const METHODS = ['', 'ALD', 'MLD', 'ALD+MLD', 'CVD', 'other'];
const ELECTROLYTE_CLASSES = ['', 'liquid', 'liquid_unspecified', 'liquid_carbonate', 'liquid_ether', 'sulfide', 'oxide_garnet', 'oxide_nasicon',
  'halide', 'polymer', 'polymer_composite', 'lipon', 'solid_unspecified'];

export const DESIGN_FIELDS = [
  { name: 'electrode', label: 'Electrode', required: true },
  { name: 'electrode_class', label: 'Electrode class', options: ELECTRODE_CLASSES },
  { name: 'coating', label: 'Coating', required: true },
  { name: 'coating_class', label: 'Coating class', options: COATING_CLASSES },
  { name: 'coating_thickness_nm', label: 'Thickness (nm)', number: true },
  { name: 'coating_method', label: 'Coating method', options: METHODS },
  { name: 'electrolyte', label: 'Electrolyte' },
  { name: 'electrolyte_class', label: 'Electrolyte class', options: ELECTROLYTE_CLASSES },
  { name: 'current_mA_g', label: 'Current (mA/g)', number: true },
  { name: 'c_rate', label: 'Discharge C-rate', number: true },
  { name: 'charge_c_rate', label: 'Charge C-rate', number: true },
  { name: 'temperature_C', label: 'Temperature (°C)', number: true },
];

const attr = (v) => String(v ?? '').replace(/"/g, '&quot;');

/** The controls for `fields`, filled from `values`. */
export function fieldsHtml(values = {}, fields = DESIGN_FIELDS) {
  return fields.map((f) => {
    const v = values[f.name] ?? '';
    const control = f.options
      ? `<select name="${f.name}">${f.options.map((o) => `<option value="${o}"${o === v ? ' selected' : ''}>${o || '(inferred)'}</option>`).join('')}</select>`
      : `<input name="${f.name}"${f.number ? ' type="number" step="any"' : ''}${f.required ? ' required' : ''} value="${attr(v)}">`;
    return `<label>${f.label} ${control}</label>`;
  }).join('');
}

/** A form's values as the API's JSON: numbers as numbers, empty fields left out. */
export function formValues(form, fields = DESIGN_FIELDS) {
  const body = {};
  for (const f of fields) {
    const el = form.elements[f.name];
    if (!el || el.value === '') continue;
    body[f.name] = f.number ? Number(el.value) : el.value;
  }
  return body;
}
