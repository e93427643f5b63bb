#!/usr/bin/env bash
# Sets up a fresh machine (scripts/setup.sh) and runs the whole test suite: unit, integration
# (real SQLite and PostgreSQL, real ONNX Runtime and XGBoost) and end-to-end. Prints one closing line
# "N passed, N failed" summed over every test project.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
bash scripts/setup.sh
# The storage tests run on both stores: start (installing if needed) the test PostgreSQL server.
export TWIN_TEST_POSTGRES; TWIN_TEST_POSTGRES=$(bash scripts/postgres.sh twin_test)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# XGBoost's OpenMP threads spin while waiting unless told otherwise; on 2 shared cores that
# turns a 1 s training into tens of seconds.
export OMP_WAIT_POLICY=PASSIVE
results="$repo/TestResults"
rm -rf "$results"
status=0
dotnet test Twin.sln -c Release --results-directory "$results" --logger "trx" --logger "console;verbosity=minimal" || status=$?
passed=0; failed=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters=$(grep -o '<Counters [^>]*' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
echo "$passed passed, $failed failed"
if [[ $status -ne 0 || $failed -ne 0 || $passed -eq 0 ]]; then exit 1; fi
