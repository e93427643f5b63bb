#!/usr/bin/env bash
# Installs what Twin needs on a fresh Debian 12 machine that has the .NET SDK and apt:
#   - XGBoost 1.7.4 (Debian libxgboost0) for training;
#   - Debian's chromium, for the dashboard's browser test (skip with TWIN_NO_BROWSER=1 on a server).
# ONNX Runtime needs nothing here: the NuGet package Microsoft.ML.OnnxRuntime brings its library.
# Idempotent: a second run checks and returns in well under a second.
set -euo pipefail

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  # Installs the named Debian packages; refreshes the package lists only if the first try fails.
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; then
    as_root apt-get update -qq >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  fi
}

if ! ldconfig -p | grep -q 'libxgboost.so.0'; then
  echo "setup: installing libxgboost0 (XGBoost 1.7.4) with apt"
  apt_install libxgboost0
fi

if [[ -z "${TWIN_NO_BROWSER:-}" && ! -x /usr/bin/chromium ]]; then
  echo "setup: installing chromium (headless browser for the dashboard test) with apt"
  apt_install chromium
fi

echo "setup: XGBoost $(dpkg-query -W -f='${Version}' libxgboost0 2>/dev/null || echo '?'); ONNX Runtime comes with the build (NuGet)"
