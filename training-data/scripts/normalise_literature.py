#!/usr/bin/env python3
"""Normalise the ALD/MLD literature rows (source/*.csv) into Twin's design schema.

Output: training-data/literature/coatings.csv, one row per reported cycling result with a
retention after N cycles. Run from the repo root: python3 training-data/scripts/normalise_literature.py
The output is committed; this script documents exactly how it was made (one-off, no
run-time dependency on Python).

Rules (from source/README.md "Caveats"):
- keep rows with cycles and a retention (retention_pct, else capacity_after / initial);
- drop rate-capability rows (RATE-CAPABILITY) and rows that are not coating studies
  ("NOT a coating study");
- deduplicate by (source_file, paper_ref, cycles, coating, thickness, electrode), keeping a row
  with a printed retention over one computed from capacities (review 003's table pairs the
  capacity of one electrode with the initial capacity of another: ref [36] gave 41.7% where the
  text says 72%), then the most specific row (most filled fields, then the longest raw_text);
  the thickness is in the key because one study can report several thicknesses of one coating
  (002 ref 161: 1 nm and 2 nm Li3PO4);
- drop the review-004 copy of an experiment already reported by review 002 (same electrode,
  coating, cycles and retention).
"""
import csv, os, re

HERE = os.path.join(os.path.dirname(__file__), '..', 'literature')
SRC = os.path.join(HERE, 'source')
OUT = os.path.join(HERE, 'coatings.csv')

COLUMNS = ['row_id', 'group', 'source_file', 'paper_ref', 'electrode', 'electrode_class', 'counter_electrode',
           'cell_type', 'coating', 'coating_class', 'coating_thickness_nm', 'coating_method',
           'electrolyte', 'electrolyte_class', 'current_mA_g', 'c_rate', 'temperature_C',
           'cycles', 'retention_pct', 'retention_basis', 'raw_text']

def electrode_class(name):
    n = name.lower()
    if re.search(r'\bsi\b|si[ox@/\-]|silicon|^si|sige|si0\.5', n): return 'silicon'
    if re.search(r'li metal|lithium metal|^li$', n): return 'lithium_metal'
    if re.search(r'lifepo4|\blfp\b', n): return 'lfp'
    if re.search(r'licoo2|ncm|nmc|nca|lini|lco', n): return 'layered_oxide'
    if re.search(r'lnm|limn2o4|lmo|li1\+xmn', n): return 'spinel'
    if 'graphite' in n: return 'graphite'
    return 'other'

def electrolyte_class(cls, name):
    # Left empty when the review does not say: Twin then treats the class as unknown.
    return cls or ''

def num(s):
    s = (s or '').strip()
    try: return float(s)
    except ValueError: return None

def retention(r):
    ret = num(r['retention_pct'])
    if ret is not None: return ret, 'retention_pct'
    after, init = num(r['capacity_after_mAh_g']), num(r['initial_capacity_mAh_g'])
    if after is not None and init:
        return round(100.0 * after / init, 2), 'capacity_after/initial'
    return None, None

def load(path, electrode_col):
    out = []
    for r in csv.DictReader(open(path, encoding='utf-8')):
        notes = (r.get('metric_notes') or '') + ' ' + (r.get('sei_notes') or '')
        if 'RATE-CAPABILITY' in notes or 'NOT a coating study' in notes: continue
        cycles = num(r['cycles'])
        ret, basis = retention(r)
        if not cycles or ret is None: continue
        electrode = r[electrode_col].strip()
        out.append({
            'source_file': r['source_file'].split('.')[0], 'paper_ref': r['paper_ref'].strip('[]'),
            'electrode': electrode, 'electrode_class': electrode_class(electrode),
            'counter_electrode': r.get('counter_electrode', ''), 'cell_type': r.get('cell_type', ''),
            'coating': r['coating'] or 'none', 'coating_class': r['coating_class'] or 'none',
            'coating_thickness_nm': r['thickness_nm'], 'coating_method': r['method'],
            'electrolyte': r['electrolyte'] or 'not reported', 'electrolyte_class': electrolyte_class(r['electrolyte_class'], r['electrolyte']),
            'current_mA_g': r['current_mA_g'], 'c_rate': r['c_rate'], 'temperature_C': r['temperature_C'],
            'cycles': int(cycles), 'retention_pct': ret, 'retention_basis': basis, 'raw_text': r['raw_text'],
            '_filled': sum(1 for v in r.values() if v and v.strip()),
        })
    return out

rows = load(os.path.join(SRC, 'si_anodes.csv'), 'active_material') + \
       load(os.path.join(SRC, 'li_metal_and_solid_state.csv'), 'electrode_coated')

# Review 003 reports studies twice; several coated/bare rows share a paper and cycle count, so the
# key also carries the coating and electrode (a bare control is not a duplicate of its coated twin).
best = {}
for r in rows:
    key = (r['source_file'], r['paper_ref'], r['cycles'], r['coating'], r['coating_thickness_nm'], r['electrode'])
    cur = best.get(key)
    rank = lambda x: (x['retention_basis'] == 'retention_pct', x['_filled'], len(x['raw_text']))
    if cur is None or rank(r) > rank(cur):
        best[key] = r
rows = list(best.values())

# The same experiment in reviews 002 and 004: keep 002's row.
seen = {(r['electrode'], r['coating'], r['cycles'], r['retention_pct']) for r in rows if r['source_file'].startswith('002')}
rows = [r for r in rows if not (r['source_file'].startswith('004') and (r['electrode'], r['coating'], r['cycles'], r['retention_pct']) in seen)]

rows.sort(key=lambda r: (r['source_file'], r['paper_ref'], r['coating'], r['cycles']))
with open(OUT, 'w', newline='', encoding='utf-8') as f:
    w = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction='ignore', lineterminator='\n')
    w.writeheader()
    for i, r in enumerate(rows, 1):
        r['row_id'] = f'lit-{i:03d}'
        # Coated/bare pairs of one study share a group so cross-validation never splits them.
        r['group'] = f"{r['source_file']}:{r['paper_ref']}"
        w.writerow(r)
print(f'{len(rows)} rows -> {OUT}')
