#!/usr/bin/env bash
# Miri (nightly) over the Rust code that touches raw pointers and over the
# core, to catch undefined behaviour: use after free, out-of-bounds or
# misaligned access, invalid values, leaks, data races.
#   - the C crate's tests (bindings/c/src/tests.rs), all of them: the panic
#     boundary, owned strings, and one model through every exported
#     function with bad indexes and enum values and the model freed while
#     its evaluation and engine live;
#   - the core's unit tests, except `threads_do_not_change_the_result` and
#     `threads_share_the_memo_without_changing_the_result` (they evaluate
#     the example municipality 20 and 72 times on up to 8 threads: hours
#     under Miri; the threaded paths are covered by `in_chunks_keeps_the_order`,
#     `gather_keeps_the_order_and_the_first_error` and `both_ends_meet_once`);
#   - a subset of the core's integration tests: `period::` and `kolada::`
#     (parsing, applying, comparing; the fixture files are read, hence
#     -Zmiri-disable-isolation). The evaluation paths run under Miri
#     through the C crate's tests; the rest (proptest suites, the vectors,
#     validation of large models) takes too long interpreted.
# Skips (exit 0) when the nightly toolchain is missing; installs the Miri
# component when it can. Usage: bash .ci/miri.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  echo "nightly toolchain not installed: skipping Miri"
  exit 0
fi
if ! cargo +nightly miri --version >/dev/null 2>&1; then
  rustup component add --toolchain nightly miri rust-src \
    || { echo "warning: could not install Miri; skipping" >&2; exit 0; }
fi
export MIRIFLAGS="${MIRIFLAGS:--Zmiri-disable-isolation}"
cargo +nightly miri test -p styrkort-c --lib
# The JSON writer's tests (evaluation::write) are skipped: the writer is
# safe Rust, and its property tests and every-cut-point test take hours
# interpreted; the native suite runs them.
# Also skipped: `threads_do_not_change_the_table` (the example's series
# table 60 times on up to 64 threads), the fast loader's tests
# (`load::tests::`: every conformance vector read twice and every short
# decimal spelling) and the outcome layout's walk of 2,000 edits and its
# thread test: safe Rust, minutes to hours interpreted; the native suite
# runs them.
cargo +nightly miri test -p styrkort --lib -- \
  --skip threads_do_not_change_the_result --skip threads_share_the_memo_without_changing_the_result \
  --skip threads_do_not_change_the_table --skip load::tests:: \
  --skip outcomes_edits_agree_with_a_map --skip slot_layout_does_not_depend_on_threads \
  --skip evaluation::write::
cargo +nightly miri test -p styrkort --test styrkort-tests -- period:: kolada::
