#!/usr/bin/env bash
# Builds libstyrkort in release and installs it under PREFIX:
#   PREFIX/lib/libstyrkort.so.X.Y.Z          the shared library (SONAME libstyrkort.so.X)
#   PREFIX/lib/libstyrkort.so.X -> .so.X.Y.Z  what programs load (their NEEDED entry)
#   PREFIX/lib/libstyrkort.so   -> .so.X      what `-lstyrkort` finds when linking
#   PREFIX/lib/libstyrkort.a, PREFIX/include/styrkort.h, PREFIX/lib/pkgconfig/styrkort.pc
# Usage: bash bindings/c/install.sh PREFIX      (honours CARGO_TARGET_DIR)
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 PREFIX" >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$1"
prefix="$(cd "$1" && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac

cd "$root"
cargo build --release -p styrkort-c --quiet
version="$(cargo pkgid -p styrkort-c | sed -E 's/.*[#@]//')"

install -d "$prefix/lib/pkgconfig" "$prefix/include"
major="${version%%.*}"
install -m 0755 "$target/release/libstyrkort.so" "$prefix/lib/libstyrkort.so.$version"
ln -sf "libstyrkort.so.$version" "$prefix/lib/libstyrkort.so.$major"
ln -sf "libstyrkort.so.$major" "$prefix/lib/libstyrkort.so"
install -m 0644 "$target/release/libstyrkort.a" "$prefix/lib/"
install -m 0644 include/styrkort.h "$prefix/include/"
sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" bindings/c/styrkort.pc.in \
  > "$prefix/lib/pkgconfig/styrkort.pc"
echo "installed styrkort $version under $prefix"
