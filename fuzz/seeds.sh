#!/bin/sh
# Builds the seed corpora of the fuzz targets, fuzz/corpus/<target>/, from
# the repository's fixtures and test data and, when it is there, the
# shared corpus (../shared/corpus, or $UNPRESS_CORPUS). The seeds are
# generated, never committed (fuzz/.gitignore): the corpus is third-party
# content, and libFuzzer grows these folders as it runs.
#
# The targets that take options from their first byte (rewrite, write_*)
# get each seed with a 0 byte in front: default options, rules on.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
corpus=${UNPRESS_CORPUS:-$repo/../shared/corpus}
[ -d "$corpus" ] || corpus=/work/shared/corpus
out=$here/corpus
max=262144

# seed TARGET PREFIX FILE: copies FILE (at most $max bytes) under a name
# made of its content's hash, so that running twice adds nothing.
seed() {
    size=$(wc -c <"$3")
    [ "$size" -le "$max" ] || return 0
    mkdir -p "$out/$1"
    tmp=$out/$1/.tmp
    if [ "$2" = 0 ]; then printf '\000' >"$tmp"; else : >"$tmp"; fi
    cat "$3" >>"$tmp"
    mv "$tmp" "$out/$1/$(sha1sum "$tmp" 2>/dev/null | cut -c1-16 || cksum <"$tmp" | tr ' ' _)"
}

posts=$(mktemp)
exports=$(mktemp)
trap 'rm -f "$posts" "$exports"; rm -rf "$out/.html5lib"' EXIT
find "$repo/fixtures" -name 'input.*' >"$posts"
find "$repo/tests/data/wxr" -name '*.xml' >"$exports"
if [ -d "$corpus" ]; then
    find "$corpus/seed" "$corpus/rss-hexo-posts" "$corpus/wp-exported-jekyll-posts" \
        "$corpus/gutenberg-block-fixtures" -type f \( -name '*.md' -o -name '*.html' -o -name '*.txt' \) \
        ! -name README.md >>"$posts" 2>/dev/null || true
    find "$corpus" -name '*.xml' >>"$exports"
    # html5lib's tree-construction inputs, one file per #data case.
    mkdir -p "$out/.html5lib"
    for dat in "$corpus"/html5lib-tests/tree-construction/*.dat; do
        [ -f "$dat" ] || continue
        awk -v dir="$out/.html5lib" -v base="$(basename "$dat" .dat)" '
            /^#data$/ { n++; on = 1; f = sprintf("%s/%s-%d", dir, base, n); printf "" > f; next }
            /^#/ { on = 0; next }
            on { print >> f }
        ' "$dat"
    done
else
    echo "seeds.sh: no corpus at $corpus; seeding from the repository only" >&2
fi

while read -r f; do
    seed front_matter - "$f"
    for t in rewrite write_markdown write_json write_xhtml write_epub; do seed "$t" 0 "$f"; done
    if grep -q '\[' "$f"; then seed shortcode - "$f"; fi
done <"$posts"
while read -r f; do seed wxr - "$f"; done <"$exports"
for f in "$out"/.html5lib/*; do
    [ -f "$f" ] || continue
    seed rewrite 0 "$f"
done
for t in "$out"/*/; do echo "$(basename "$t"): $(ls "$t" | wc -l) seeds"; done
