#!/usr/bin/env bash
# Sets up a fresh machine (scripts/setup.sh) and starts the Twin server with its embedded
# defaults: the shipped model in models/, SQLite under .data/. Extra arguments go to the server
# (e.g. --urls http://0.0.0.0:8080, --Twin:DataDirectory=/var/lib/twin).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
# The server needs no browser; only the test suite does.
TWIN_NO_BROWSER=1 bash scripts/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Twin.Api -c Release -v quiet -nologo
echo "Twin: serving on ${TWIN_URLS:-http://127.0.0.1:5080} (dashboard at /, OpenAPI at /openapi/v1.json)"
exec dotnet src/Twin.Api/bin/Release/net10.0/Twin.Api.dll --urls "${TWIN_URLS:-http://127.0.0.1:5080}" "$@"
