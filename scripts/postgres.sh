#!/usr/bin/env bash
# Twin's own PostgreSQL 15 server, for the storage tests and the local cluster (deploy/cluster.sh).
#   bash scripts/postgres.sh [DATABASE]   start it (installing Debian's postgresql-15 when missing),
#                                         create role 'twin' and DATABASE (default: twin), and print
#                                         the Npgsql connection string on stdout (everything else
#                                         goes to stderr), e.g.
#                                         export TWIN_TEST_POSTGRES=$(bash scripts/postgres.sh twin_test)
#   bash scripts/postgres.sh --stop       stop it.
# The server is a cluster of its own, separate from Debian's 'main' cluster: data directory
# $TWIN_PG_DIR (default /var/tmp/twin-pg), port $TWIN_PG_PORT (default 55432), listening on
# 127.0.0.1 only; its superuser is reached through a Unix socket in that directory that only the
# server's owner can open. PostgreSQL refuses to run as root, so as root it runs as 'postgres'.
# Idempotent: a second run finds it running and returns in well under a second.
set -euo pipefail
version=15
port=${TWIN_PG_PORT:-55432}
dir=${TWIN_PG_DIR:-/var/tmp/twin-pg}
password=${TWIN_PG_PASSWORD:-twin}
bin=/usr/lib/postgresql/$version/bin
data=$dir/data

log() { echo "postgres.sh: $*" >&2; }

# As root, the server and its tools run as the 'postgres' user Debian's package creates.
as_owner() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [[ "${1:-}" == "--stop" ]]; then
  if [[ -f "$data/PG_VERSION" ]] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$data" -w -m fast stop >&2
  fi
  exit 0
fi
database=${1:-twin}
if [[ ! "$database" =~ ^[a-z_][a-z0-9_]*$ ]]; then
  log "database name '$database' must be lower-case letters, digits and underscores"
  exit 2
fi

if [[ ! -x "$bin/pg_ctl" ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    log "PostgreSQL $version is not installed; run this script as root once (it installs postgresql-$version with apt)"
    exit 1
  fi
  log "installing postgresql-$version with apt"
  # Another apt may hold the lock (a machine still being set up): wait for it rather than fail.
  apt_install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "postgresql-$version" >&2; }
  if ! apt_install; then
    apt-get update -qq -o DPkg::Lock::Timeout=600 >&2
    apt_install
  fi
fi

if [[ ! -f "$data/PG_VERSION" ]]; then
  log "creating a cluster in $data (port $port)"
  mkdir -p "$dir"
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi
  chmod 0700 "$dir"
  rm -rf "$data"
  # Local (socket) connections are trusted: the socket lives in a 0700 directory of the owner.
  as_owner "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  as_owner tee -a "$data/postgresql.conf" >/dev/null <<EOF

# Twin's settings (scripts/postgres.sh)
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
unix_socket_permissions = 0700
EOF
fi

if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  log "starting the server (log: $dir/server.log)"
  if ! as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null; then
    log "the server did not start; the end of $dir/server.log:"
    tail -n 20 "$dir/server.log" >&2 || true
    exit 1
  fi
fi

psql_super() { as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
# \gexec runs the generated statement only when the role or database is missing.
psql_super >/dev/null <<EOF
SELECT format('CREATE ROLE twin LOGIN PASSWORD %L', '$password') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'twin')\gexec
-- CREATEDB: the cluster test creates (and drops) a fresh database of its own per run.
ALTER ROLE twin CREATEDB;
SELECT 'CREATE DATABASE $database OWNER twin' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$database')\gexec
EOF

# Several processes (3 silos, test runs) share the server's 100 connections: each pool is capped.
echo "Host=127.0.0.1;Port=$port;Database=$database;Username=twin;Password=$password;Maximum Pool Size=20"
