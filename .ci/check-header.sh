#!/usr/bin/env bash
# Fails when include/styrkort.h differs from what the pinned cbindgen
# generates from bindings/c. Installs cbindgen if it is missing or another version.
# Fix a failure with:
#   cbindgen --config bindings/c/cbindgen.toml --crate styrkort-c \
#     --output include/styrkort.h bindings/c
set -euo pipefail
cd "$(dirname "$0")/.."
want_version="0.29.4"
cbindgen="$(command -v cbindgen || true)"
if [ -z "$cbindgen" ] && [ -x "$HOME/.cargo/bin/cbindgen" ]; then
  cbindgen="$HOME/.cargo/bin/cbindgen"
fi
if [ -z "$cbindgen" ] || [ "$("$cbindgen" --version)" != "cbindgen $want_version" ]; then
  echo "installing cbindgen $want_version"
  cargo install --locked --quiet "cbindgen@$want_version"
  cbindgen="$HOME/.cargo/bin/cbindgen"
fi
generated="$(mktemp)"
trap 'rm -f "$generated"' EXIT
"$cbindgen" --quiet --config bindings/c/cbindgen.toml --crate styrkort-c \
  --output "$generated" bindings/c
if ! diff -u include/styrkort.h "$generated"; then
  echo "include/styrkort.h is stale: regenerate it with cbindgen $want_version (see above)" >&2
  exit 1
fi
echo "include/styrkort.h is up to date (cbindgen $want_version)"
