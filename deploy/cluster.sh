#!/usr/bin/env bash
# A 3-silo Twin cluster on loopback over one PostgreSQL (see deploy/README.md).
#   bash deploy/cluster.sh start     start PostgreSQL (scripts/postgres.sh, database 'twin'), apply
#                                    Orleans' ADO.NET tables, build the server once and start silos
#                                    1-3 that are not running; waits until each answers /healthz
#   bash deploy/cluster.sh stop      stop the silos (SIGTERM; PostgreSQL keeps running)
#   bash deploy/cluster.sh status    one line per silo
#   bash deploy/cluster.sh kill N    kill -9 silo N (failover drills); `start` brings it back
# Silo N: HTTP http://127.0.0.1:508N, silo port 1111N, gateway port 3000N; its log and pid file
# are in .data/cluster/. Everything binds to 127.0.0.1. TWIN_CLUSTER_PROVIDER (default adonet)
# sets Twin:Cluster:Provider, e.g. localhost for three separate silos over the shared store.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
state="$repo/.data/cluster"
dll="$repo/src/Twin.Api/bin/Release/net10.0/Twin.Api.dll"
silos=(1 2 3)

log() { echo "cluster.sh: $*" >&2; }
pid_of() { [[ -f "$state/silo-$1.pid" ]] && cat "$state/silo-$1.pid" || true; }
alive() { local pid; pid=$(pid_of "$1"); [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; }
healthy() { curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:508$1/healthz"; }

# Orleans' scripts are plain CREATE/INSERT: run each only when its table is missing (the same
# rule as OrleansSchema.ApplyAsync), in one transaction each.
apply_orleans_schema() {
  local scripts="$repo/src/Twin.Storage/Postgres/Orleans" pair script table
  for pair in PostgreSQL-Main.sql:orleansquery PostgreSQL-Clustering.sql:orleansmembershiptable PostgreSQL-Persistence.sql:orleansstorage; do
    script=${pair%%:*} table=${pair##*:}
    if [[ $(psql_twin -tAc "SELECT to_regclass('$table') IS NOT NULL") != t ]]; then
      log "applying Orleans' $script"
      psql_twin -q -1 -f "$scripts/$script" >/dev/null
    fi
  done
}
psql_twin() { PGPASSWORD="${TWIN_PG_PASSWORD:-twin}" psql -h 127.0.0.1 -p "${TWIN_PG_PORT:-55432}" -U twin -d twin -v ON_ERROR_STOP=1 "$@"; }

start() {
  local connection
  connection=$(bash scripts/postgres.sh twin)
  apply_orleans_schema
  TWIN_NO_BROWSER=1 bash scripts/setup.sh >&2
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  log "building src/Twin.Api (Release)"
  dotnet build src/Twin.Api -c Release -v quiet -nologo >&2
  mkdir -p "$state"
  local n
  for n in "${silos[@]}"; do
    if alive "$n"; then
      log "silo $n already running (pid $(pid_of "$n"))"
      continue
    fi
    mkdir -p "$state/silo-$n"
    # Twin:Store selects the shared PostgreSQL store; Twin:Cluster:* make the silos one Orleans
    # cluster (ADO.NET membership in the same database).
    Twin__Store=postgres \
    Twin__PostgresConnection="$connection" \
    Twin__DataDirectory="$state/silo-$n" \
    Twin__Cluster__Provider="${TWIN_CLUSTER_PROVIDER:-adonet}" \
    Twin__Cluster__ConnectionString="$connection" \
    Twin__Cluster__ClusterId=twin \
    Twin__Cluster__SiloPort="1111$n" \
    Twin__Cluster__GatewayPort="3000$n" \
      setsid dotnet "$dll" --urls "http://127.0.0.1:508$n" >"$state/silo-$n.log" 2>&1 </dev/null &
    echo $! >"$state/silo-$n.pid"
    log "silo $n started (pid $!, log .data/cluster/silo-$n.log)"
  done
  for n in "${silos[@]}"; do
    local waited=0
    until healthy "$n"; do
      if ! alive "$n"; then
        log "silo $n exited; the end of its log:"
        tail -n 30 "$state/silo-$n.log" >&2
        exit 1
      fi
      if (( waited >= 120 )); then
        log "silo $n did not answer /healthz within 120 s; see .data/cluster/silo-$n.log"
        exit 1
      fi
      sleep 1
      waited=$((waited + 1))
    done
  done
  status
}

stop() {
  local n pid
  for n in "${silos[@]}"; do
    pid=$(pid_of "$n")
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      # Let Orleans leave the cluster cleanly (deactivations flush state), up to 30 s.
      for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
      log "silo $n stopped"
    fi
    rm -f "$state/silo-$n.pid"
  done
}

status() {
  local n
  for n in "${silos[@]}"; do
    if alive "$n"; then
      echo "silo $n: pid $(pid_of "$n"), http://127.0.0.1:508$n $(healthy "$n" && echo healthy || echo 'not answering'), silo port 1111$n, gateway port 3000$n"
    else
      echo "silo $n: not running"
    fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  kill)
    n=${2:?usage: cluster.sh kill 1|2|3}
    alive "$n" || { log "silo $n is not running"; exit 1; }
    kill -KILL "$(pid_of "$n")"
    log "silo $n killed with SIGKILL"
    ;;
  *) echo "usage: bash deploy/cluster.sh start|stop|status|kill N" >&2; exit 2 ;;
esac
