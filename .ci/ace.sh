#!/usr/bin/env bash
# Ace by DAISY (the accessibility checker publishers and e-book stores use)
# on the books issue 16 names: the seed post, and the theme unit test
# export without images packaged, with --uploads DIR and with --assets
# URL_PREFIX=DIR (a stand-in uploads folder, as tests/sites/check_migration.py
# makes for the migration checks). Fails on any critical or serious
# violation and prints every count.
#
# Installs Ace itself: npm @daisy/ace (pinned) in target/ace, with no
# browser download (only the package registries are reachable), and
# Debian's chromium for ace-puppeteer, which launches it with --no-sandbox.
# Run from anywhere, with ../shared beside the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

ACE_VERSION=1.4.6
ace_dir=${ACE_DIR:-target/ace}
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
export PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 ELECTRON_SKIP_BINARY_DOWNLOAD=1
export PUPPETEER_EXECUTABLE_PATH=${PUPPETEER_EXECUTABLE_PATH:-$(command -v chromium)}
mkdir -p "$ace_dir"
if ! grep -qs "\"version\": \"$ACE_VERSION\"" "$ace_dir/node_modules/@daisy/ace/package.json"; then
  [ -f "$ace_dir/package.json" ] || echo '{"private": true}' >"$ace_dir/package.json"
  (cd "$ace_dir" && npm install --silent --no-audit --no-fund "@daisy/ace@$ACE_VERSION")
fi
ace="$ace_dir/node_modules/.bin/ace-puppeteer"
echo "ace $("$ace" --version) with $("$PUPPETEER_EXECUTABLE_PATH" --version 2>/dev/null | sed -n 1p)"

cargo build --quiet --bin unpress
make_book() { target/debug/unpress -q --to epub "$@"; }

corpus=../shared/corpus
export_file=$corpus/wp-theme-test-data/themeunittestdata.wordpress.xml
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

python3 tests/sites/check_migration.py uploads "$export_file" "$out/uploads" "$out/uploads.missing"
make_book -o "$out/seed.epub" "$corpus/seed"
make_book -o "$out/theme-unit.epub" "$export_file"
make_book -o "$out/theme-unit-uploads.epub" "$export_file" --uploads "$out/uploads"
make_book -o "$out/theme-unit-assets.epub" "$export_file" \
  --assets "https://wpthemetestdata.files.wordpress.com/=$out/uploads"

failed=0
for book in seed theme-unit theme-unit-uploads theme-unit-assets; do
  "$ace" --silent --force --outdir "$out/$book" "$out/$book.epub"
  # Counts by impact; the failing ones named with their rule and place.
  if ! python3 - "$book" "$out/$book/report.json" <<'PY'; then
import collections, json, sys
book, path = sys.argv[1], sys.argv[2]
report = json.load(open(path, encoding="utf-8"))
counts = collections.Counter()
bad = []
for doc in report.get("assertions", []):
    for a in doc.get("assertions", []):
        test = a["earl:test"]
        counts[test["earl:impact"]] += 1
        if test["earl:impact"] in ("critical", "serious"):
            bad.append(f"  {test['earl:impact']}: {test['dct:title']} in {doc['earl:testSubject']['url']}")
print(f"ace {book}.epub: " + ", ".join(
    f"{counts[i]} {i}" for i in ("critical", "serious", "moderate", "minor")))
for line in bad:
    print(line)
sys.exit(1 if bad else 0)
PY
    failed=1
  fi
done
exit "$failed"
