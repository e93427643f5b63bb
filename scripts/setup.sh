#!/usr/bin/env bash
# Installs what Twin needs on a fresh Debian 12 machine that has the .NET SDK, node/npm and apt:
#   - XGBoost 1.7.4 (Debian libxgboost0) for training;
#   - Debian's chromium, for the dashboard's browser test (skip with TWIN_NO_BROWSER=1 on a server);
#   - ONNX Runtime 1.30.0's official CPU library, taken from the npm package onnxruntime-node
#     with `npm pack` (never `npm install`: its install script reaches for CUDA), checked against
#     the registry's sha512 integrity value, and cached under .native/.
# Idempotent: a second run checks and returns in well under a second.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ort_version=1.30.0
native_dir="${TWIN_NATIVE_DIR:-$repo/.native}"
ort_lib="$native_dir/onnxruntime-$ort_version/libonnxruntime.so.1"

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

if [[ ! -f "$ort_lib" ]]; then
  echo "setup: fetching ONNX Runtime $ort_version from the npm package onnxruntime-node@$ort_version"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  expected=$(npm view "onnxruntime-node@$ort_version" dist.integrity)
  (cd "$work" && npm pack --silent "onnxruntime-node@$ort_version" >/dev/null)
  tarball="$work/onnxruntime-node-$ort_version.tgz"
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [[ "$actual" != "$expected" ]]; then
    echo "setup: onnxruntime-node-$ort_version.tgz integrity mismatch: registry says $expected, file is $actual" >&2
    exit 1
  fi
  tar -xzf "$tarball" -C "$work" package/bin/napi-v6/linux/x64/libonnxruntime.so.1
  mkdir -p "$(dirname "$ort_lib")"
  install -m 0644 "$work/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" "$ort_lib.tmp"
  mv "$ort_lib.tmp" "$ort_lib"
  echo "$expected" > "$(dirname "$ort_lib")/INTEGRITY"
fi
echo "setup: XGBoost $(dpkg-query -W -f='${Version}' libxgboost0 2>/dev/null || echo '?'), ONNX Runtime $ort_version at $ort_lib"
