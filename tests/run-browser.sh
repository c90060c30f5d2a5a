#!/usr/bin/env bash
# The browser suite (issue 10, "Tested in a real browser"): renders the HTML
# report of the example municipality and of a generated large municipality
# (one municipality, ~220 orgs, ~970 goals, some titled with markup) in
# headless Chromium and checks each page against the evaluation JSON of the
# core: DOM contract (tests/browser/check.js says what), no console error,
# no failed request, markup never runs, a screenshot that is not blank, a
# PDF print, and no serious or critical axe-core violation.
#
# Installs Debian's `chromium` with apt-get when it is missing (CI is root
# with apt); where there is neither a chromium nor root with apt-get, it
# warns loudly and skips. Node (>= 20, as playwright-core 1.65 asks) and npm
# come from the machine (Debian's `nodejs npm` when missing, which is older
# and warned about); the harness is `npm ci` from tests/browser/package-lock.json.
#
# Usage: bash tests/run-browser.sh [--docs]
#   --docs  also write the README screenshots docs/report-scorecard.png,
#           docs/report-red-thread.png, docs/report-follow-up.png from the
#           example's report.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
OUT="${STYRKORT_BROWSER_OUT:-$ROOT/target/browser}"
DOCS=""
if [ "${1:-}" = "--docs" ]; then
  DOCS="$ROOT/docs"
  # The scorecard pictured in README: a board with goals in all four perspectives.
  export DOCS_SCORECARD="${DOCS_SCORECARD:-utbn}"
fi
started=$SECONDS

skip() {
  echo "" >&2
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  echo "!! WARNING: browser tests SKIPPED: $1" >&2
  echo "!! The HTML report was NOT checked in a real browser." >&2
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  echo "" >&2
  exit 0
}

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; }
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  # With Debian's recommends: they bring the fonts (fonts-liberation) and
  # libraries the screenshots and PDFs need.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" > /dev/null
}

# Debian's chromium: its /usr/bin/chromium wrapper is what the harness starts.
CHROMIUM="${CHROMIUM:-$(command -v chromium || true)}"
if [ -z "$CHROMIUM" ]; then
  can_apt || skip "no chromium, and not root with apt-get to install it (apt-get install chromium)"
  echo "--> installing Debian's chromium (apt-get, about 1 min, once per machine)"
  t=$SECONDS
  apt_install chromium fonts-dejavu-core
  CHROMIUM="$(command -v chromium)"
  echo "    chromium installed in $((SECONDS - t)) s"
fi
export CHROMIUM
if ! command -v npm > /dev/null; then
  can_apt || skip "no node/npm, and not root with apt-get to install them"
  echo "--> installing node and npm (apt-get)"
  apt_install nodejs npm
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "!! WARNING: node $(node --version) is older than the 20 that playwright-core asks for" >&2
fi

echo "--> npm ci (tests/browser: playwright-core, axe-core, pngjs; no browser download)"
t=$SECONDS
(cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error > /dev/null)
echo "    npm ci took $((SECONDS - t)) s"

mkdir -p "$OUT"
PAGES=()
# Switched on by the main job's --html (a failed build fails here, under set -e).
usage="$(cargo run --quiet --example scorecard -- --help 2>&1)"
if [[ "$usage" == *--html* ]]; then
  echo "--> the report pages (scorecard --html), the evaluations (evaluate) and the large model (generate u200)"
  t=$SECONDS
  # The example municipality, as the README's main job writes it.
  cargo run --quiet --example scorecard -- examples/exempelkommun.json 2025T2 \
    --no-color --html "$OUT/exempelkommun.html" > /dev/null
  cargo run --quiet -p styrkort-benches --bin evaluate -- \
    examples/exempelkommun.json 2025T2 --out "$OUT/exempelkommun.evaluation.json"
  PAGES+=("exempelkommun=$OUT/exempelkommun.html,$OUT/exempelkommun.evaluation.json,narrow")
  # The same in English (lang="en", the English status labels).
  if [[ "$usage" == *--lang* ]]; then
    cargo run --quiet --example scorecard -- examples/exempelkommun.json 2025T2 \
      --no-color --html "$OUT/exempelkommun-en.html" --lang en > /dev/null
    PAGES+=("exempelkommun-en=$OUT/exempelkommun-en.html,$OUT/exempelkommun.evaluation.json")
  fi
  # A large municipality with goal and org titles that are markup.
  cargo run --quiet -p styrkort-benches --bin generate -- --scale u200 --seed 1 \
    --out "$OUT/large.generated.json"
  node tests/browser/markup-model.js "$OUT/large.generated.json" "$OUT/large.json"
  cargo run --quiet --example scorecard -- "$OUT/large.json" 2025T2 \
    --no-color --html "$OUT/large.html" > /dev/null
  cargo run --quiet -p styrkort-benches --bin evaluate -- \
    "$OUT/large.json" 2025T2 --out "$OUT/large.evaluation.json"
  PAGES+=("large=$OUT/large.html,$OUT/large.evaluation.json,markup")
  echo "    pages written in $((SECONDS - t)) s"
else
  echo "" >&2
  echo "!! WARNING: the main job has no --html yet: only the harness's self-test runs" >&2
  echo "" >&2
fi

echo "--> headless chromium: self-test of the harness, then each page"
args=(--self-test --out "$OUT")
[ -n "$DOCS" ] && args+=(--docs "$DOCS")
node tests/browser/check.js "${args[@]}" "${PAGES[@]}"
echo "    browser suite took $((SECONDS - started)) s in all"
