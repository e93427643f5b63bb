#!/usr/bin/env bash
# The dashboard's fleet table on 100,000 cells: GET /api/cells pages (cells + their twins' stored
# state in one more query), measured in one run against the real server (Release, loopback, SQLite)
# with /healthz as the reference. The cells are copies of one really fitted cell (its row, tags
# and stored twin state) written straight into the store, so a run takes seconds, not a day of fits.
# Usage: bash bench/fleet-list.sh [cells, default 100000]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-100000}
port=5098
dotnet build "$repo/src/Twin.Api" -c Release -v quiet -nologo >/dev/null
data=$(mktemp -d)
dotnet "$repo/src/Twin.Api/bin/Release/net10.0/Twin.Api.dll" --urls "http://127.0.0.1:$port" --Twin:DataDirectory="$data" \
  --Twin:Cluster:SiloPort=11198 --Twin:Cluster:GatewayPort=0 --Twin:Demo:Enabled=false \
  --Logging:LogLevel:Default=Warning --Twin:Limits:RatePermits=0 >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 150); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
curl -sf -X PUT "$base/api/cells/seed" -H 'content-type: application/json' \
  -d '{"electrode":"Si nanoparticles","coating":"Al2O3","coating_thickness_nm":2,"electrolyte":"LiPF6 in EC/DEC","nominal_capacity_Ah":1.1,"tags":{"fleet":"A"}}' >/dev/null
python3 - "$base" <<'PY'
import json, sys, urllib.request
rows = [{"cycle": k, "discharge_capacity_Ah": round(1.1 * (1 - 0.2 * (k / 700) ** 1.3), 6)} for k in range(1, 301)]
req = urllib.request.Request(sys.argv[1] + "/api/cells/seed/cycles", json.dumps({"cycles": rows}).encode(), {"content-type": "application/json"})
urllib.request.urlopen(req).read()
urllib.request.urlopen(sys.argv[1] + "/api/cells/seed/twin").read()
PY
python3 - "$data/twin.db" "$n" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=30); n = int(sys.argv[2])
cols = [r[1] for r in db.execute("PRAGMA table_info(cells)")]
cell = dict(zip(cols, db.execute("SELECT * FROM cells WHERE cell_id='seed'").fetchone()))
state = db.execute("SELECT grain_type, state_json, etag, updated_at FROM grain_state WHERE grain_key='seed'").fetchone()
with db:
    for i in range(n):
        cid = f"c{i:06d}"
        row = dict(cell, cell_id=cid, coating=["none", "Al2O3", "alucone", "TiO2"][i % 4])
        db.execute(f"INSERT INTO cells ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})", [row[c] for c in cols])
        db.execute("INSERT INTO cell_tags (cell_id, key, value) VALUES (?, 'site', ?)", (cid, ["north", "south", "east"][i % 3]))
        db.execute("INSERT INTO grain_state (grain_type, grain_key, state_json, etag, updated_at) VALUES (?, ?, ?, ?, ?)", (state[0], cid, state[1], state[2], state[3]))
print(f"{n} cells with stored twins")
PY
python3 - "$base" <<'PY'
import statistics, sys, time, urllib.request
base = sys.argv[1]
def median_ms(path, runs=21):
    urllib.request.urlopen(base + path).read()
    t = []
    for _ in range(runs):
        s = time.perf_counter(); urllib.request.urlopen(base + path).read(); t.append(1000 * (time.perf_counter() - s))
    return statistics.median(t)
for _ in range(200): urllib.request.urlopen(base + "/healthz").read()  # warm the connection path first
ref = median_ms("/healthz")
print(f"{'request':58} {'median ms':>9} {'x healthz':>9}")
for path in ["/api/cells?limit=50", "/api/cells?limit=50&after=c050000", "/api/cells?limit=200",
             "/api/cells?limit=50&sort=-updated_at", "/api/cells?limit=50&sort=coating&after=c050000",
             "/api/cells?limit=50&q=north", "/api/cells?limit=50&q=c09999", "/api/cells?limit=50&tag.site=south"]:
    m = median_ms(path); print(f"{path:58} {m:9.1f} {m / ref:9.1f}")
print(f"{'/healthz (reference)':58} {ref:9.2f} {1:9.1f}")
PY
