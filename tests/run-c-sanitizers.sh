#!/usr/bin/env bash
# The C test programs of tests/run-c.sh again, built with gcc's
# AddressSanitizer and UndefinedBehaviorSanitizer
# (-fsanitize=address,undefined, no recovery) against the shared library:
# out-of-bounds reads and writes, use after free, double or mismatched
# frees across the boundary (Rust and C share the system allocator), leaks
# (LeakSanitizer) and undefined behaviour on the C side. valgrind covers
# the same programs in tests/run-c.sh; the two find different things
# (valgrind sees uninitialised reads, ASan sees stack and global overflows).
# Honours CARGO_TARGET_DIR. Usage: bash tests/run-c-sanitizers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
lib="$target/release"

echo "--> cargo build --release -p styrkort-c"
cargo build --release -p styrkort-c --quiet
ln -sf libstyrkort.so "$lib/libstyrkort.so.0"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

CFLAGS=(-std=c11 -Wall -Wextra -Werror -pedantic -g -O1 -fno-omit-frame-pointer
        -fsanitize=address,undefined -fno-sanitize-recover=all -Iinclude -Itests/c)
echo "--> compile with -fsanitize=address,undefined"
progs=(conformance accessors errors threads kolada engine version report series series_table deep)
for name in "${progs[@]}"; do
  gcc "${CFLAGS[@]}" "tests/c/$name.c" -pthread -L"$lib" -lstyrkort -Wl,-rpath,"$lib" \
    -o "$work/$name"
done
gcc "${CFLAGS[@]}" bindings/c/examples/example.c -L"$lib" -lstyrkort -Wl,-rpath,"$lib" \
  -o "$work/example"

export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
shopt -s nullglob
vectors=(tests/vectors/*/)
shopt -u nullglob
echo "--> run under ASan + UBSan"
"$work/conformance" "${vectors[@]}" > "$work/conformance.log" \
  || { cat "$work/conformance.log"; exit 1; }
tail -n 1 "$work/conformance.log"
"$work/accessors" tests/c/accessors-model.json
"$work/errors"
"$work/threads" tests/c/accessors-model.json
"$work/kolada" tests/fixtures/kolada tests/c/kolada
"$work/engine"
"$work/version"
"$work/report"
"$work/series"
"$work/series_table" examples/exempelkommun.json
"$work/deep" 20000
"$work/example" examples/exempelkommun.json 2025T2 utbn > /dev/null
echo "C suite under sanitizers: ok"
