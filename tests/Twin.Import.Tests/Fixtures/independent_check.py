#!/usr/bin/env python3
"""Independent per-cycle numbers for the fixture tests (run: python3 independent_check.py).

Deliberately simpler than the C# parser (which reads counters as increments with reset
detection) and based on how each vendor's counter behaves, checked by eye in the files:
- Maccor Amp-hr and Neware Chg./DChg. Cap. restart at every step: the cycle total is the sum,
  over the (cycle, step) blocks of consecutive rows, of the block's largest |value|, split by
  the block's direction (state letter C/D, or the sign of the current).
- Arbin, PEC, BaSyTec Ah-Cyc-*, BioLogic Q charge/discharge and BatteryArchive counters run
  through the whole cycle: the cycle total is the largest value within the cycle.
- Novonix Capacity carries over between consecutive charge steps: the cycle's charge is the
  largest Capacity among rows with positive current.
Temperatures are plain min/max over non-empty cells.
"""
import csv, io, zipfile, re, xml.etree.ElementTree as ET
from collections import defaultdict, OrderedDict

def rows(path, header_pred, delim, enc="latin-1", strip_quotes=False, decimal_comma=False):
    with open(path, encoding=enc, newline="") as f:
        lines = f.read().splitlines()
    for i, l in enumerate(lines):
        if header_pred(l):
            break
    body = lines[i:]
    if strip_quotes:
        body = [l.strip('"') for l in body]
    rd = csv.reader(body, delimiter=delim)
    hdr = [h.strip().lstrip("~") for h in next(rd)]
    for r in rd:
        if len(r) < len(hdr) - 2:
            continue  # truncated last row
        d = dict(zip(hdr, r))
        if decimal_comma:
            d = {k: v.replace(",", ".") for k, v in d.items()}
        yield d

def f(x):
    try: return float(x)
    except: return float("nan")

def blocks(rs, cyc, step, val, dirfn):
    """sum of per-(cycle,step)-block max |val| by direction."""
    out = OrderedDict(); key = None; best = 0.0; bdir = None
    def flush():
        if key is None: return
        c = key[0]; out.setdefault(c, [0.0, 0.0])
        if bdir == "C": out[c][0] += best
        if bdir == "D": out[c][1] += best
    for r in rs:
        k = (r[cyc], r[step])
        if k != key:
            flush(); key = k; best = 0.0; bdir = None
        v = abs(f(r[val]))
        if v == v: best = max(best, v)
        d = dirfn(r)
        if d in ("C", "D"): bdir = d
    flush()
    return out

def maxcols(rs, cyc, chg, dchg, scale=1.0):
    """separate counters: sum of per-(cycle,step) maxima of each column."""
    out = OrderedDict()
    for r in rs:
        c = r[cyc]; out.setdefault(c, [defaultdict(float), defaultdict(float)])
        s = r.get("__step", "")
        out[c][0][s] = max(out[c][0][s], abs(f(r[chg])) * scale)
        out[c][1][s] = max(out[c][1][s], abs(f(r[dchg])) * scale)
    return OrderedDict((c, [sum(v[0].values()), sum(v[1].values())]) for c, v in out.items())

def with_step(rs, step):
    for r in rs:
        r["__step"] = r[step]; yield r

def show(name, res):
    print(f"== {name}: {len(res)} cycles")
    for c, (q, d) in res.items():
        print(f"   cycle {c}: charge {q:.10g} Ah, discharge {d:.10g} Ah")

if __name__ == "__main__":
    sign = lambda col: (lambda r: "C" if f(r[col]) > 0 else "D" if f(r[col]) < 0 else None)
    state = lambda col: (lambda r: r[col].strip()[:1])
    show("arbin sample_data_arbin", maxcols(rows("arbin_csv/sample_data_arbin.csv", lambda l: "Cycle Index" in l, ",", "utf-8-sig"), "Cycle Index", "Charge Capacity (Ah)", "Discharge Capacity (Ah)"))
    show("arbin FastCharge CH8", maxcols(rows("arbin_csv/FastCharge_000025_CH8.csv", lambda l: "Cycle_Index" in l, ","), "Cycle_Index", "Charge_Capacity", "Discharge_Capacity"))
    ts = list(rows("arbin_csv/FastCharge_000025_CH8.csv", lambda l: "Cycle_Index" in l, ","))
    t = [f(r["Temperature"]) for r in ts]; print(f"   temperature min {min(t)} max {max(t)}; test time {f(ts[0]['Test_Time'])}..{f(ts[-1]['Test_Time'])}")
    for name in ["maccor_txt/xTESLADIAG_000019_CH70.070", "maccor_txt/PredictionDiagnostics_000151_test.052", "maccor_txt/maccor_001_first1200rows.txt"]:
        show(name, blocks(rows(name, lambda l: l.startswith("Rec#"), "\t"), "Cyc#", "Step", "Amp-hr", state("State")))
    show("maccor_two (decimal comma)", blocks(rows("maccor_txt/maccor_two.txt", lambda l: l.startswith("Rec\t"), "\t", decimal_comma=True), "Cycle C", "Step", "Cap. [Ah]", state("Md")))
    show("maccor csv", blocks(rows("maccor_csv/sample_data_maccor.csv", lambda l: l.startswith("Rec,"), ","), "Cycle C", "Step", "Capacity", sign("Current")))
    show("neware", maxcols(with_step(rows("neware_csv/neware_uio.csv", lambda l: l.startswith("DataPoint"), ","), "Step Index"), "Cycle Index", "Chg. Cap.(Ah)", "DChg. Cap.(Ah)"))
    show("biologic short (mA.h)", maxcols(rows("biologic_mpt/biologic_test_file_short.mpt", lambda l: l.startswith("mode"), "\t"), "cycle number", "Q charge/mA.h", "Q discharge/mA.h", 1e-3))
    show("biologic timestamped", maxcols(rows("biologic_mpt/Sample_data_biologic_timestamped.txt", lambda l: l.startswith("Ns changes"), "\t", "utf-8"), "cycle number", "Q charge/mA.h", "Q discharge/mA.h", 1e-3))
    nov = list(rows("novonix_csv/test_Nova_Form-CH01-01_short.csv", lambda l: l.startswith('"Date and Time'), ",", "utf-8", strip_quotes=True))
    for c in sorted(set(r["Cycle Number"] for r in nov)):
        q = max([f(r["Capacity (Ah)"]) for r in nov if r["Cycle Number"] == c and f(r["Current (A)"]) > 0] or [0])
        d = max([f(r["Capacity (Ah)"]) for r in nov if r["Cycle Number"] == c and f(r["Current (A)"]) < 0] or [0])
        tt = [f(r["Temperature (°C)"]) for r in nov if r["Cycle Number"] == c]
        print(f"== novonix cycle {c}: charge {q:.10g} Ah, discharge {d:.10g} Ah, temperature min {min(tt)} max {max(tt)}")
    show("basytec", maxcols(rows("basytec_txt/sample_data_basytec.txt", lambda l: l.startswith("~Time"), "\t", "utf-8"), "Cyc-Count", "Ah-Cyc-Charge", "Ah-Cyc-Discharge"))
    show("pec (mAh)", maxcols(rows("pec_csv/pec.csv", lambda l: l.startswith("Test,Cell,Rack"), ",", "utf-8"), "Cycle", "Charge Capacity (mAh)", "Discharge Capacity (mAh)", 1e-3))
    pec = list(rows("pec_csv/pec.csv", lambda l: l.startswith("Test,Cell,Rack"), ",", "utf-8"))
    for c in ["0", "1", "2"]:
        tt = [f(r["Cell surface temperature (°C)"]) for r in pec if r["Cycle"] == c and r["Cell surface temperature (°C)"].strip()]
        print(f"   pec cycle {c}: cell temperature min {min(tt)} max {max(tt)} n={len(tt)}")
    show("batteryarchive timeseries", maxcols(rows("batteryarchive_csv/CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_timeseries.csv", lambda l: True, ","), "Cycle_Index", "Charge_Capacity (Ah)", "Discharge_Capacity (Ah)"))
    # Arbin xlsx: read the sheet XML directly.
    z = zipfile.ZipFile("arbin_xlsx/bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx")
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    ss = [("".join(t.text or "" for t in si.iter("{%s}t" % ns["m"]))) for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
    wb = ET.fromstring(z.read("xl/workbook.xml")); names = [s.get("name") for s in wb.find("m:sheets", ns)]
    sheet = ET.fromstring(z.read("xl/worksheets/sheet%d.xml" % (names.index("Channel_11_1") + 1)))
    table = []
    for row in sheet.iter("{%s}row" % ns["m"]):
        d = {}
        for c in row.findall("m:c", ns):
            col = re.match(r"[A-Z]+", c.get("r")).group(0); v = c.find("m:v", ns)
            d[col] = (ss[int(v.text)] if c.get("t") == "s" else v.text) if v is not None else ""
        table.append(d)
    hdr = table[0]; recs = [{hdr[k]: v for k, v in r.items() if k in hdr} for r in table[1:]]
    show("arbin xlsx (%d rows)" % len(recs), maxcols(recs, "Cycle_Index", "Charge_Capacity(Ah)", "Discharge_Capacity(Ah)"))
