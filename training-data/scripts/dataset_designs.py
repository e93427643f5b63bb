#!/usr/bin/env python3
"""Write training-data/datasets/designs.csv: the design columns of every dataset cell.

One-off, output committed. Each dataset's cells.csv and PROVENANCE.md are the source; where
a value is not stated by the source, the field is left empty (the model treats it as missing).
c_rate is the discharge C-rate, charge_c_rate the (effective) charge C-rate.
"""
import csv, os

D = os.path.join(os.path.dirname(__file__), '..', 'datasets')
COLS = ['dataset', 'cell_id', 'electrode', 'electrode_class', 'coating', 'coating_class', 'coating_thickness_nm',
        'coating_method', 'electrolyte', 'electrolyte_class', 'current_mA_g', 'c_rate', 'charge_c_rate',
        'temperature_C', 'nominal_capacity_Ah', 'capacity_column', 'note']
out = []

def row(dataset, cell, electrode, eclass, electrolyte, c_rate, charge, temp, nominal, capcol, note):
    out.append(dict(dataset=dataset, cell_id=cell, electrode=electrode, electrode_class=eclass, coating='none',
                    coating_class='none', coating_thickness_nm='', coating_method='', electrolyte=electrolyte,
                    electrolyte_class='liquid_carbonate', current_mA_g='', c_rate=c_rate, charge_c_rate=charge,
                    temperature_C=temp, nominal_capacity_Ah=nominal, capacity_column=capcol, note=note))

def cells(name): return list(csv.DictReader(open(os.path.join(D, name, 'cells.csv'), encoding='utf-8')))
def f(x):
    try: return float(x)
    except (TypeError, ValueError): return None
def fmt(x): return '' if x is None else f'{x:.4g}'

for c in cells('severson_mit'):
    c1, c2, soc = f(c['charge_C1']), f(c['charge_C2']), f(c['charge_switch_SOC_pct'])
    # Effective rate of the two-step fast charge to 80% SOC: 0.8 / (time at C1 + time at C2).
    eff = 0.8 / (soc / 100 / c1 + (0.8 - soc / 100) / c2) if None not in (c1, c2, soc) and soc <= 80 else None
    row('severson_mit', c['cell_id'], 'LFP/graphite (A123 APR18650M1A)', 'lfp', 'commercial LiPF6 carbonate',
        '4', fmt(eff), '30', c['nominal_capacity_Ah'], 'discharge_capacity_Ah',
        f"charge policy {c['charge_policy'] or 'not recorded'}; charge_c_rate = effective rate to 80% SOC")
for c in cells('tongji_tju'):
    row('tongji_tju', c['cell_id'], c['chemistry'].split(' (')[0], 'layered_oxide', 'commercial LiPF6 carbonate',
        c['discharge_rate_C'], c['charge_rate_C'], c['temperature_C'], c['nominal_capacity_Ah'],
        'discharge_capacity_Ah', c['source_dataset'])
for c in cells('nasa_pcoe'):
    amps = {'CC 2 A': 2.0, 'CC 4 A': 4.0, 'CC 1 A': 1.0}.get(c['discharge'])
    temp = f(c['ambient_C'].split(' ')[0]) if c['ambient_C'].split(' ')[0].replace('.', '').isdigit() and ' and ' not in c['ambient_C'] else None
    row('nasa_pcoe', c['cell_id'], 'Li-ion 18650 (chemistry not stated)', 'other', 'commercial (not stated)',
        fmt(amps / 2.0 if amps else None), '0.75', fmt(temp), '2.0', 'discharge_capacity_Ah',
        f"discharge {c['discharge']}; ambient {c['ambient_C']}")
for c in cells('calce_cs2'):
    row('calce_cs2', c['cell_id'], 'LiCoO2/graphite', 'layered_oxide', 'commercial LiPF6 carbonate', '1', '0.5',
        '', c['nominal_capacity_Ah'], 'discharge_capacity_Ah', 'room temperature, not controlled')
for c in cells('harris2017_pouch'):
    row('harris2017_pouch', c['cell_id'], 'commercial pouch (chemistry not stated)', 'other', 'commercial (not stated)',
        '', '', '', '', 'normalized_discharge_capacity', 'nominally identical cells; protocol in Harris 2017, not in the file')
for c in cells('formation_cui2024'):
    ch, dis = f(c['regular_charge_current']) or 0.24, f(c['regular_discharge_current']) or 0.18
    row('formation_cui2024', c['cell_id'], 'NCM523/graphite pouch', 'layered_oxide',
        c['electrolyte_composition'] or '1 M LiPF6 in EC/EMC/DMC + 2 wt% VC', fmt(dis / 0.24), fmt(ch / 0.24),
        fmt(f(c['temperature_exp'])), '0.24', 'discharge_capacity_Ah', 'check-up level data; formation protocol varies')

with open(os.path.join(D, 'designs.csv'), 'w', newline='', encoding='utf-8') as fh:
    w = csv.DictWriter(fh, fieldnames=COLS, lineterminator='\n'); w.writeheader(); w.writerows(out)
print(len(out), 'cells')
