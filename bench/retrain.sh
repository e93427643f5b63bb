#!/usr/bin/env bash
# Issue 9 figures, measured in one run against the real server (Release, loopback, SQLite):
#   1. a retraining job on a store of N synthetic cells (default 100,000; histories drawn from a
#      fleet fade law by `measure seed-retrain`): its stage timings (target <= 60 s);
#   2. serving p99 of the design forecast at 64 connections while the job trains, against the
#      same measurement idle just before (target <= 2 x);
#   3. 100 hot swaps (promote the new version, roll it back, ...) under 64 connections of design
#      forecasts: failed requests (target 0).
# Usage: bash bench/retrain.sh [cells, default 100000] [seconds per wrk run, default 10]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cells=${1:-100000}
secs=${2:-10}
port=5098
command -v wrk >/dev/null || { echo "installing wrk"; if [[ $(id -u) -eq 0 ]]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi; }
bash "$repo/scripts/setup.sh" >/dev/null
dotnet build "$repo/src/Twin.Api" -c Release -v quiet -nologo >/dev/null
dotnet build "$repo/bench/Twin.Benchmarks" -c Release -v quiet -nologo >/dev/null
data=$(mktemp -d)
work=$(mktemp -d)
trap 'kill ${server:-} 2>/dev/null; rm -rf "$data" "$work"' EXIT
(cd "$repo" && dotnet bench/Twin.Benchmarks/bin/Release/net10.0/Twin.Benchmarks.dll measure seed-retrain "$data" "$cells")

export OMP_WAIT_POLICY=PASSIVE
dotnet "$repo/src/Twin.Api/bin/Release/net10.0/Twin.Api.dll" --urls "http://127.0.0.1:$port" --Twin:DataDirectory="$data" \
  --Twin:Demo:Enabled=false --Twin:Cluster:SiloPort=11198 --Twin:Cluster:GatewayPort=0 \
  --Logging:LogLevel:Default=Warning --Twin:Limits:RatePermits=0 >"$work/server.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done

cat >"$work/design.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"electrode":"NMC622","coating":"Al2O3","coating_thickness_nm":2,"electrolyte":"LiPF6 in EC/DEC","c_rate":1,"temperature_C":25}'
LUA
run() { # seconds -> "p50 p99 rps non2xx errors"
  local out
  out=$(wrk -t2 -c64 -d"$1s" --latency -s "$work/design.lua" "$base/api/forecasts/design")
  echo "$(awk '/^ +50%/{print $2}' <<<"$out") $(awk '/^ +99%/{print $2}' <<<"$out") $(awk '/^Requests\/sec/{print $2}' <<<"$out") \
$(awk '/Non-2xx/{print $5; f=1} END{if(!f) print 0}' <<<"$out") $(awk '/Socket errors/{gsub(",","");print $4+$6+$8+$10; f=1} END{if(!f) print 0}' <<<"$out")"
}
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); print v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v); print v} else {sub(/s/,"",v); print v*1000}}' <<<"$1"; }
job_field() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }

run 5 >/dev/null # warm-up: JIT and tiered compilation, so "idle" is not a cold server
idle=$(run "$secs"); echo "idle:            p50 $(cut -d' ' -f1 <<<"$idle") p99 $(cut -d' ' -f2 <<<"$idle") $(cut -d' ' -f3 <<<"$idle") req/s"
id=$(curl -sf -X POST "$base/api/models/retrain" | job_field "['id']")
until [[ $(curl -sf "$base/api/models/jobs/$id" | job_field "['stage']") == training ]]; do sleep 0.5; done
during=$(run "$secs"); echo "during training: p50 $(cut -d' ' -f1 <<<"$during") p99 $(cut -d' ' -f2 <<<"$during") $(cut -d' ' -f3 <<<"$during") req/s"
while [[ $(curl -sf "$base/api/models/jobs/$id" | job_field "['state']") =~ queued|running ]]; do sleep 1; done
curl -sf "$base/api/models/jobs/$id" >"$work/job.json"
python3 - "$work/job.json" "$cells" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
t = j["timings_s"]
print(f"retraining job on {int(sys.argv[2]):,} cells: {j['state']}, {sum(t.values()):.1f} s (target <= 60 s): " + ", ".join(f"{k} {v:.1f}" for k, v in t.items()))
for line in j["log"]:
    if " gate " in line or "store:" in line: print("  " + line)
PY
version=$(job_field "['version']" <"$work/job.json")
awk -v i="$(to_ms "$(cut -d' ' -f2 <<<"$idle")")" -v d="$(to_ms "$(cut -d' ' -f2 <<<"$during")")" \
  'BEGIN{printf "serving p99 during training / idle: %.2f x (target <= 2)\n", d/i}'

# 100 swaps under load: promote, roll back, promote, ... while wrk keeps 64 connections busy.
wrk -t2 -c64 -d"$((secs * 4))s" --latency -s "$work/design.lua" "$base/api/forecasts/design" >"$work/swap-wrk.txt" &
load=$!
sleep 1
swaps=0; refused=0
for i in $(seq 1 50); do
  for action in promote rollback; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/api/models/$version/$action")
    if [[ $code == 200 ]]; then swaps=$((swaps + 1)); else refused=$((refused + 1)); fi
  done
done
wait $load
non2xx=$(awk '/Non-2xx/{print $5; f=1} END{if(!f) print 0}' "$work/swap-wrk.txt")
errors=$(awk '/Socket errors/{gsub(",","");print $4+$6+$8+$10; f=1} END{if(!f) print 0}' "$work/swap-wrk.txt")
total=$(awk '/requests in/{print $1}' "$work/swap-wrk.txt")
echo "hot swap: $swaps swaps ($refused refused) under 64 connections: $total forecasts, $non2xx non-2xx, $errors socket errors (target 0 failed)"
