#!/usr/bin/env bash
# The C suite: builds libstyrkort (release), compiles the C test programs with
# gcc -std=c11 -Wall -Wextra -Werror against the shared and the static
# library, the header once as C++17 (included twice), and runs everything
# under valgrind (zero errors, zero definite/indirect leaks):
#   conformance  every tests/vectors/*/ through the C ABI, byte for byte
#   accessors    typed accessors against a hand-worked model
#   errors       every function with each kind of bad argument
#   threads      one model and evaluation read from four threads; an engine
#                handed to another thread
#   kolada       Kolada pages applied under each conflict policy (reports
#                byte for byte), comparison-group evaluation
#   engine       the incremental engine against full evaluations, byte for byte
#   report       the HTML report (escaping, languages, same bytes, errors)
#   series       many periods through one call against each period alone,
#                byte for byte, and its failures
#   series_table many periods as one table of columns (JSON): a tiny model
#                by hand, the example's goal statuses against the
#                evaluations, tagged, and its failures
#   deep         a 100,000-deep org chain evaluates and a 100,000-org cycle
#                is refused, on a thread with a 256 KiB stack
#   example      bindings/c/examples/example.c on the example municipality
# then installs into a temporary prefix and checks pkg-config.
# Honours CARGO_TARGET_DIR. Usage: bash tests/run-c.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
lib="$target/release"

echo "--> cargo build --release -p styrkort-c"
cargo build --release -p styrkort-c --quiet
# The library's SONAME is libstyrkort.so.0 (bindings/c/build.rs): programs
# linked here load that name, so give it to them in the build directory too.
ln -sf libstyrkort.so "$lib/libstyrkort.so.0"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

CFLAGS=(-std=c11 -Wall -Wextra -Werror -pedantic -g -Iinclude -Itests/c)
SHARED=(-L"$lib" -lstyrkort -Wl,-rpath,"$lib")
STATIC=("$lib/libstyrkort.a" -lpthread -ldl -lm)

echo "--> compile (shared and static)"
progs=(tests/c/conformance.c tests/c/accessors.c tests/c/errors.c tests/c/threads.c
       tests/c/kolada.c tests/c/engine.c tests/c/version.c tests/c/report.c tests/c/series.c
       tests/c/series_table.c tests/c/deep.c
       bindings/c/examples/example.c)
for src in "${progs[@]}"; do
  name="$(basename "$src" .c)"
  gcc "${CFLAGS[@]}" "$src" -pthread "${SHARED[@]}" -o "$work/$name-shared"
  gcc "${CFLAGS[@]}" "$src" -pthread "${STATIC[@]}" -o "$work/$name-static"
done
g++ -std=c++17 -Wall -Wextra -Werror -pedantic -Iinclude tests/c/header.cpp "${SHARED[@]}" \
  -o "$work/header-cpp"

if command -v valgrind >/dev/null 2>&1; then
  run=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect
       --error-exitcode=99)
else
  echo "warning: valgrind not found; running without it" >&2
  run=()
fi

shopt -s nullglob
vectors=(tests/vectors/*/)
shopt -u nullglob
echo "--> run under ${run[0]:-no checker} (${#vectors[@]} vectors)"
for kind in shared static; do
  "${run[@]}" "$work/conformance-$kind" "${vectors[@]}" > "$work/conformance.log" \
    || { cat "$work/conformance.log"; exit 1; }
  tail -n 1 "$work/conformance.log"
  "${run[@]}" "$work/accessors-$kind" tests/c/accessors-model.json
  "${run[@]}" "$work/errors-$kind"
  "${run[@]}" "$work/threads-$kind" tests/c/accessors-model.json
  "${run[@]}" "$work/kolada-$kind" tests/fixtures/kolada tests/c/kolada
  "${run[@]}" "$work/engine-$kind"
  "${run[@]}" "$work/version-$kind"
  "${run[@]}" "$work/report-$kind"
  "${run[@]}" "$work/series-$kind"
  "${run[@]}" "$work/series_table-$kind" examples/exempelkommun.json
  # 100,000 orgs deep and in a cycle on a 256 KiB thread: natively, as
  # valgrind's own stack use and speed are not what this measures.
  "$work/deep-$kind"
  "${run[@]}" "$work/example-$kind" examples/exempelkommun.json 2025T2 utbn > "$work/example.out"
  grep -q "^scorecard utbn: " "$work/example.out"
  echo "example: ok ($kind)"
done
"${run[@]}" "$work/header-cpp"

echo "--> library hygiene: SONAME, no debug info, install links"
soname="$(readelf -d "$lib/libstyrkort.so" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')"
[ "$soname" = libstyrkort.so.0 ] || { echo "SONAME is '$soname', not libstyrkort.so.0" >&2; exit 1; }
if readelf -S "$lib/libstyrkort.so" | grep -q '\.debug_'; then
  echo "libstyrkort.so (release) still has debug sections" >&2; exit 1
fi
needed="$(readelf -d "$work/example-shared" | sed -n 's/.*Shared library: \[\(libstyrkort[^]]*\)\].*/\1/p')"
[ "$needed" = libstyrkort.so.0 ] || { echo "programs need '$needed', not libstyrkort.so.0" >&2; exit 1; }
echo "SONAME $soname, no debug sections, $(stat -c %s "$lib/libstyrkort.so") bytes"

echo "--> install and pkg-config"
bash bindings/c/install.sh "$work/prefix" >/dev/null
test -f "$work/prefix/include/styrkort.h"
test -f "$work/prefix/lib/libstyrkort.a"
version="$(sed -n 's/^#define STYRKORT_VERSION "\(.*\)"$/\1/p' include/styrkort.h)"
[ "$(readlink "$work/prefix/lib/libstyrkort.so")" = libstyrkort.so.0 ]
[ "$(readlink "$work/prefix/lib/libstyrkort.so.0")" = "libstyrkort.so.$version" ]
test -f "$work/prefix/lib/libstyrkort.so.$version" && test ! -L "$work/prefix/lib/libstyrkort.so.$version"
if command -v pkg-config >/dev/null 2>&1; then
  export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
  want="$(sed -n 's/^#define STYRKORT_VERSION "\(.*\)"$/\1/p' include/styrkort.h)"
  got="$(pkg-config --modversion styrkort)"
  [ "$got" = "$want" ] || { echo "styrkort.pc version $got, header $want" >&2; exit 1; }
  # shellcheck disable=SC2046 # word splitting of the flags is intended
  gcc -std=c11 -Wall -Wextra -Werror bindings/c/examples/example.c \
    $(pkg-config --cflags --libs styrkort) -Wl,-rpath,"$work/prefix/lib" -o "$work/example-pc"
  "$work/example-pc" examples/exempelkommun.json 2025 utbn > /dev/null
  # the static link of the README: the archive by path, then its private libs
  # shellcheck disable=SC2046
  gcc -std=c11 -Wall -Wextra -Werror bindings/c/examples/example.c $(pkg-config --cflags styrkort) \
    "$(pkg-config --variable=libdir styrkort)/libstyrkort.a" -lpthread -ldl -lm \
    -o "$work/example-pc-static"
  "$work/example-pc-static" examples/exempelkommun.json 2025 utbn > /dev/null
  echo "pkg-config: ok ($got)"
else
  echo "pkg-config not found: skipping the pkg-config check"
fi
echo "C suite: ok"
