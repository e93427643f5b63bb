#!/usr/bin/env python3
"""A retraining run on the public data in a running server (docs/retraining.md).

Registers the Severson/MIT cells (training-data/datasets/severson_mit) with their batch as the
`fleet` tag and stores their cycles; one cell (b1c0 by default) is stored only up to cycle 300, so
it is a running cell. Prints that cell's forecast and a design forecast, starts
POST /api/models/retrain, follows the job, prints its log and gate report, asks to promote the
new version (the server refuses a version whose gates failed), and prints both forecasts again.

  python3 bench/retrain_public.py http://127.0.0.1:5391 [cell_id]
"""
import csv, json, os, sys, time, urllib.request

URL = sys.argv[1].rstrip("/")
WATCH = sys.argv[2] if len(sys.argv) > 2 else "b1c0"
ROOT = os.path.join(os.path.dirname(__file__), "..", "training-data", "datasets", "severson_mit")


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(URL + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def forecast(label):
    s, f = call("GET", f"/api/cells/{WATCH}/forecast")
    i90 = next(i for i in f["eol_intervals"] if i["level"] == 0.9)
    print(f"{label}: {WATCH} at cycle {f['last_cycle']}: EOL p50 {f['eol_p50']} (90% {i90['lower']}-{i90['upper']}), "
          f"basis {f['basis']} ({f['reference_cells']} reference cells, resemblance {f['resemblance']}, {f['fleet_version']}), model {f['model_version']}")


cells = list(csv.DictReader(open(os.path.join(ROOT, "cells.csv"))))
rows = {}
for r in csv.DictReader(open(os.path.join(ROOT, "capacity.csv"))):
    if r["suspect_outlier"] == "1":
        continue
    rows.setdefault(r["cell_id"], []).append({"cycle": int(r["cycle"]), "discharge_capacity_Ah": float(r["discharge_capacity_Ah"])})
t0 = time.time()
for c in cells:
    cid = c["cell_id"]
    design = {"electrode": "LFP/graphite", "coating": "none", "electrolyte": "LiPF6 in EC/DMC", "electrolyte_class": "liquid_carbonate",
              "c_rate": 4, "charge_c_rate": float(c["charge_C1"]), "temperature_C": float(c["chamber_temperature_C"]),
              "nominal_capacity_Ah": 1.1, "tags": {"fleet": "severson-b" + c["batch"], "charge_switch_SOC_pct": c["charge_switch_SOC_pct"]}}
    s, body = call("PUT", f"/api/cells/{cid}", design)
    assert s in (200, 201), (cid, s, body)
    cycles = [x for x in rows.get(cid, []) if cid != WATCH or x["cycle"] <= 300]
    for k in range(0, len(cycles), 5000):
        s, body = call("POST", f"/api/cells/{cid}/cycles", {"cycles": cycles[k:k + 5000]})
        assert s == 200, (cid, s, body)
print(f"imported {len(cells)} cells, {sum(len(v) for v in rows.values())} cycles in {time.time() - t0:.1f} s")

DESIGN = {"electrode": "LFP/graphite", "coating": "none", "electrolyte": "LiPF6 in EC/DMC", "c_rate": 4, "charge_c_rate": 4, "temperature_C": 30}


def design(label):
    _, d = call("POST", "/api/forecasts/design", DESIGN)
    print(f"{label}: design forecast LFP/graphite 4C/4C 30 °C: EOL {d['eol_cycles']:.0f} (90% {d['eol_lo90']:.0f}-{d['eol_hi90']:.0f}), model {d['model_version']}")


forecast("before")
design("before")
s, job = call("POST", "/api/models/retrain")
print("POST /api/models/retrain ->", s, job["id"])
while job["state"] in ("queued", "running"):
    time.sleep(2)
    _, job = call("GET", f"/api/models/jobs/{job['id']}")
print(f"job {job['id']}: {job['state']} version {job['version']} error {job['error']}")
for line in job["log"]:
    print("  " + line)
print("  timings (s):", json.dumps(job["timings_s"]))
if job["version"]:
    _, detail = call("GET", f"/api/models/{job['version']}")
    g = detail["gates"]
    print(f"gate report: passed={g['passed']} parent={g['parent_version']} store cells {g['store_cells']} "
          f"({g['store_finished']} finished, {g['store_censored']} censored), by fleet {json.dumps(g['store_cells_by_fleet'])}")
    for gate in g["gates"]:
        print(f"  {gate['name']}: {'passed' if gate['passed'] else 'FAILED'} value {gate['value']:.4g} limit {gate['limit']:.4g} - {gate['detail']}")
    s, answer = call("POST", f"/api/models/{job['version']}/promote")
    print(f"POST /api/models/{job['version']}/promote -> {s}: " + (f"{answer['version']} serves (was {answer['previous_version']})" if s == 200 else f"{answer['title']} {answer['detail']}"))
forecast("after")
design("after")
