#!/usr/bin/env bash
# HTTP figures measured in one run against the real server (Release, loopback, fresh SQLite):
#   - /healthz as the reference; a design forecast (POST /api/forecasts/design);
#     a warm cell forecast (GET /api/cells/{id}/forecast);
#   - single-connection latency p50 (server work + loopback) and 64-connection throughput,
#     each as a ratio to /healthz measured the same way in the same run.
# Targets (issues): design forecast server-side p50 <= 100 µs; warm forecast through the Orleans
# grain p99 <= 10 ms at 64 connections with throughput >= 0.5 x /healthz (issue 8).
# Usage: bash bench/http.sh [seconds per run, default 10]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-10}
port=5099
command -v wrk >/dev/null || { echo "installing wrk"; if [[ $(id -u) -eq 0 ]]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi; }
bash "$repo/scripts/setup.sh" >/dev/null
dotnet build "$repo/src/Twin.Api" -c Release -v quiet -nologo >/dev/null
data=$(mktemp -d)
work=$(mktemp -d)
# Rate limiting off: wrk is one client asking for tens of thousands of requests a second.
dotnet "$repo/src/Twin.Api/bin/Release/net10.0/Twin.Api.dll" --urls "http://127.0.0.1:$port" --Twin:DataDirectory="$data" \
  --Twin:Cluster:SiloPort=11199 --Twin:Cluster:GatewayPort=0 \
  --Logging:LogLevel:Default=Warning --Twin:Limits:RatePermits=0 >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data" "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"

# One cell with 500 cycles, warmed once.
curl -sf -X PUT "$base/api/cells/bench-1" -H 'content-type: application/json' \
  -d '{"electrode":"NCA/graphite","coating":"none","electrolyte":"LiPF6 carbonate","c_rate":1,"charge_c_rate":0.5,"temperature_C":25,"nominal_capacity_Ah":3.5}' >/dev/null
python3 - "$work/cycles.json" <<'PY' 2>/dev/null || awk 'BEGIN{printf "{\"cycles\":["; for(n=1;n<=500;n++){printf "%s{\"cycle\":%d,\"discharge_capacity_Ah\":%.5f}", (n>1?",":""), n, 3.3*(1-0.2*(n/900)^1.1)}; print "]}"}' >"$work/cycles.json"
import sys
rows = ",".join('{"cycle":%d,"discharge_capacity_Ah":%.5f}' % (n, 3.3 * (1 - 0.2 * (n / 900) ** 1.1)) for n in range(1, 501))
open(sys.argv[1], "w").write('{"cycles":[%s]}' % rows)
PY
curl -sf -X POST "$base/api/cells/bench-1/cycles" -H 'content-type: application/json' --data-binary @"$work/cycles.json" >/dev/null
curl -sf "$base/api/cells/bench-1/forecast" >/dev/null

cat >"$work/design.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"electrode":"Si nanoparticles","coating":"Al2O3","coating_thickness_nm":2,"electrolyte":"1 M LiPF6 in EC/DEC","current_mA_g":200}'
LUA

run() { # name, connections, url, [script]
  local out
  out=$(wrk -t"$(( $2 < 2 ? 1 : 2 ))" -c"$2" -d"${secs}s" --latency ${4:+-s "$4"} "$3")
  local p50 p99 rps
  p50=$(awk '/^ +50%/{print $2}' <<<"$out"); p99=$(awk '/^ +99%/{print $2}' <<<"$out"); rps=$(awk '/^Requests\/sec/{print $2}' <<<"$out")
  echo "$1 c=$2 p50=$p50 p99=$p99 rps=$rps"
}
to_us() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); print v} else if (v ~ /ms$/) {sub(/ms/,"",v); print v*1000} else {sub(/s/,"",v); print v*1e6}}' <<<"$1"; }

echo "--- $secs s per run, 2 wrk threads, loopback"
h1=$(run healthz 1 "$base/healthz"); echo "$h1"
d1=$(run design 1 "$base/api/forecasts/design" "$work/design.lua"); echo "$d1"
f1=$(run forecast 1 "$base/api/cells/bench-1/forecast"); echo "$f1"
h64=$(run healthz 64 "$base/healthz"); echo "$h64"
d64=$(run design 64 "$base/api/forecasts/design" "$work/design.lua"); echo "$d64"
f64=$(run forecast 64 "$base/api/cells/bench-1/forecast"); echo "$f64"
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
hp50=$(to_us "$(field p50 "$h1")"); dp50=$(to_us "$(field p50 "$d1")")
echo "--- summary"
awk -v h="$hp50" -v d="$dp50" 'BEGIN{printf "design forecast p50 %.0f µs vs /healthz %.0f µs on one connection: server-side extra ≈ %.0f µs (target <= 100)\n", d, h, d-h}'
awk -v f="$(field rps "$f64")" -v h="$(field rps "$h64")" -v p="$(field p99 "$f64")" 'BEGIN{printf "warm cell forecast at 64 connections: %.0f req/s = %.2f x /healthz (target >= 0.5), p99 %s (target <= 10ms)\n", f, f/h, p}'
awk -v d="$(field rps "$d64")" -v h="$(field rps "$h64")" 'BEGIN{printf "design forecast at 64 connections: %.0f req/s = %.2f x /healthz\n", d, d/h}'
