#!/usr/bin/env bash
# Soak: the real server (Release, loopback, fresh SQLite, API keys on) under a mixed load from wrk
# for a fixed time — cycle ingestion, cell forecasts through the Orleans grains, cell listings
# with search, design forecasts — printing throughput, p50/p99, non-2xx answers (must be 0) and
# the server's resident memory at the start, every minute and at the end (must be flat).
# Usage: bash bench/soak.sh [seconds, default 600] [connections, default 16]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-600}
conns=${2:-16}
port=5098
command -v wrk >/dev/null || { echo "installing wrk"; if [[ $(id -u) -eq 0 ]]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi; }
bash "$repo/scripts/setup.sh" >/dev/null
dotnet build "$repo/src/Twin.Api" -c Release -v quiet -nologo >/dev/null
dotnet build "$repo/src/Twin.Cli" -c Release -v quiet -nologo >/dev/null
data=$(mktemp -d)
work=$(mktemp -d)
key=$(dotnet "$repo/src/Twin.Cli/bin/Release/net10.0/twin.dll" keys create --role admin --name soak --data "$data" 2>/dev/null)
# Rate limiting off: wrk is one client asking for thousands of requests a second.
dotnet "$repo/src/Twin.Api/bin/Release/net10.0/Twin.Api.dll" --urls "http://127.0.0.1:$port" --Twin:DataDirectory="$data" \
  --Twin:Cluster:SiloPort=11198 --Twin:Cluster:GatewayPort=0 \
  --Logging:LogLevel:Default=Warning --Twin:Limits:RatePermits=0 >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data" "$work"' EXIT
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
threads=2
cells=50 # per wrk thread: each thread owns its cells, so its cycle numbers never collide

for t in $(seq 1 $threads); do
  for c in $(seq 1 $cells); do
    curl -sf -X PUT "$base/api/cells/soak-$t-$c" -H "X-Api-Key: $key" -H 'content-type: application/json' \
      -d "{\"electrode\":\"NMC/graphite\",\"coating\":\"Al2O3\",\"coating_thickness_nm\":$((c % 5 + 1)),\"electrolyte\":\"LiPF6 carbonate\",\"c_rate\":1,\"temperature_C\":25,\"nominal_capacity_Ah\":2.0,\"tags\":{\"fleet\":\"soak\"}}" >/dev/null
  done
done

cat >"$work/mix.lua" <<LUA
-- Per thread: its own cells and cycle counters. 40% ingestion, 30% cell forecasts, 20% listings, 10% design forecasts.
local counter = 1
function setup(thread) thread:set("id", counter); counter = counter + 1 end
local key = "$key"
function init(args)
  math.randomseed(id * 7919)
  -- Each wrk run starts its cycle numbers at its own offset (its first argument): no run repeats another's.
  offset = tonumber(args[1] or "0")
  next_cycle = {}
  for c = 1, $cells do next_cycle[c] = 1 end
  bad = 0
end
function request()
  local r = math.random()
  local c = math.random(1, $cells)
  local cell = "soak-" .. id .. "-" .. c
  local headers = { ["X-Api-Key"] = key, ["Content-Type"] = "application/json" }
  if r < 0.4 then
    local rows = {}
    for k = 0, 9 do
      local n = next_cycle[c] + k
      rows[#rows + 1] = string.format('{"cycle":%d,"discharge_capacity_Ah":%.5f}', offset + n, 2.0 * (1 - 0.2 * ((n % 3000) / 1500) ^ 1.2))
    end
    -- A cell stops growing at 2,000 cycles: later batches re-send its cycles (stored once, counted as
    -- repeats), so memory measures the server, not a store that grows without end.
    next_cycle[c] = next_cycle[c] + 10
    if next_cycle[c] > 2000 then next_cycle[c] = 1 end
    return wrk.format("POST", "/api/cells/" .. cell .. "/cycles", headers, '{"cycles":[' .. table.concat(rows, ",") .. ']}')
  elseif r < 0.7 then
    return wrk.format("GET", "/api/cells/" .. cell .. "/forecast", headers)
  elseif r < 0.9 then
    return wrk.format("GET", "/api/cells?limit=50&q=soak-" .. id .. "&sort=-updated_at", headers)
  else
    return wrk.format("POST", "/api/forecasts/design", headers,
      '{"electrode":"Si nanoparticles","coating":"Al2O3","coating_thickness_nm":2,"electrolyte":"1 M LiPF6 in EC/DEC","current_mA_g":200}')
  end
end
function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    if bad <= 3 then io.stderr:write("non-2xx " .. status .. ": " .. string.sub(body, 1, 200) .. "\n") end
  end
end
threads_list = {}
local old_setup = setup
function setup(thread) old_setup(thread); table.insert(threads_list, thread) end
function done(summary, latency, requests)
  local total_bad = 0
  for _, t in ipairs(threads_list) do total_bad = total_bad + (t:get("bad") or 0) end
  io.write(string.format("requests %d in %.0f s: %.0f req/s; latency p50 %.2f ms, p99 %.2f ms, max %.1f ms; non-2xx %d; socket errors %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    total_bad, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

rss() { awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$server/status"; }
# One minute of warm-up load is not counted: it fills the caches and activates the grains.
wrk -t$threads -c"$conns" -d60s -s "$work/mix.lua" "$base" -- 0 >/dev/null 2>&1 || true
start_rss=$(rss)
echo "soak: ${secs} s, $conns connections, $threads threads over $((threads * cells)) cells; RSS after warm-up ${start_rss} MiB"
( while sleep 60; do echo "  RSS $(rss) MiB at +$((SECONDS))s"; done ) &
sampler=$!
SECONDS=0
wrk -t$threads -c"$conns" -d"${secs}s" --timeout 10s -s "$work/mix.lua" "$base" -- 1000000
kill $sampler 2>/dev/null || true
end_rss=$(rss)
echo "RSS start ${start_rss} MiB, end ${end_rss} MiB (ratio $(awk -v a="$start_rss" -v b="$end_rss" 'BEGIN{printf "%.2f", b/a}'))"
stored=$(curl -sf "$base/metrics" | awk '/^twin_cycles_stored_total/{s+=$2} END{print s+0}')
echo "cycles stored (twin_cycles_stored_total): $stored"
echo "server log lines with fail/exception: $(grep -ciE 'fail|exception' "$work/server.log" || true)"
