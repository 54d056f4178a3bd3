#!/usr/bin/env bash
# The site generators of issue 13, for real: every WordPress export of the
# theme test data converted with `--site hugo|jekyll|hexo` into a copy of
# tests/sites/<site>/, built by Hugo 0.111, Jekyll 4.3 and Hexo 7.3, and
# checked page by page against unpress's JSON of the same run
# (tests/sites/check.py); Hugo twice, the second time with `--raw-html
# keep` (hugo+keep). Then the README's recipes, run as written.
#
# Installs what it needs itself (Debian 12, as root): hugo and jekyll from
# Debian, Node.js and npm from Debian when missing, Hexo with `npm ci` from
# tests/sites/hexo/package-lock.json into target/sites/hexo (kept between
# runs, reinstalled when the lockfile changes).
#
# Strict by default: any generator warning, any failed check fails the run,
# after every site and export has been tried. SITES_REPORT_ONLY=1 lists the
# same failures and exits 0. UNPRESS=path uses that binary instead of
# building target/debug/unpress.
# Run from anywhere, with ../shared beside the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
repo=$PWD
report_only=${SITES_REPORT_ONLY:-0}

say() { printf -- '--- %s\n' "$*"; }

# Tools ----------------------------------------------------------------------
need=()
# hugo and jekyll, and the Jekyll recipe's `jekyll new` site: the minima
# theme and jekyll-feed, all Debian's.
for package in hugo jekyll jekyll-theme-minima ruby-jekyll-feed; do
  [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" = "install ok installed" ] ||
    need+=("$package")
done
# Node.js may come from elsewhere (with its own npm): Debian's only if none.
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
hugo_version=$(hugo version)
jekyll_version=$(jekyll --version)
case $hugo_version in
  *v0.111.*) ;;
  *) echo "sites.sh wants Hugo 0.111 (Debian 12's), found: $hugo_version" >&2; exit 1 ;;
esac
case $jekyll_version in
  "jekyll 4.3."*) ;;
  *) echo "sites.sh wants Jekyll 4.3 (Debian 12's), found: $jekyll_version" >&2; exit 1 ;;
esac
echo "$hugo_version"
echo "$jekyll_version"
echo "node $(node --version), npm $(npm --version)"

# Hexo's packages: `npm ci` from the committed lockfile, only when it changed.
hexo_modules=target/sites/hexo
lock_sum=$(sha256sum tests/sites/hexo/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$hexo_modules/.lock-sum" 2>/dev/null)" != "$lock_sum" ] ||
  [ ! -x "$hexo_modules/node_modules/.bin/hexo" ]; then
  rm -rf "$hexo_modules"
  mkdir -p "$hexo_modules"
  cp tests/sites/hexo/package.json tests/sites/hexo/package-lock.json "$hexo_modules/"
  (cd "$hexo_modules" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" >"$hexo_modules/.lock-sum"
fi
echo "hexo $(node -p 'require("./'"$hexo_modules"'/node_modules/hexo/package.json").version')"

# unpress --------------------------------------------------------------------
if [ -n "${UNPRESS:-}" ]; then
  bin=$(realpath "$UNPRESS")
else
  cargo build --quiet --locked --bin unpress
  bin=$repo/target/debug/unpress
fi

corpus=../shared/corpus
if [ ! -d "$corpus/wp-theme-test-data" ]; then
  echo "$corpus/wp-theme-test-data is missing: sites.sh needs shared/ beside the checkout" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
summary=$work/summary.jsonl
failed=()

# Lines of a generator's output that are warnings or errors, colours removed.
# Hugo: WARN/ERROR; Jekyll: Conflict, Deprecation, Liquid Warning, Build
# Warning, Error; Hexo: WARN/ERROR/FATAL.
# unpress's own warnings (a recipe's log holds them too) are not the generator's.
complaints() {
  sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -v '^unpress: ' |
    grep -E '(^|[^[:alnum:]])(WARN|ERROR|FATAL|[Ww]arning|[Ee]rror|Conflict|Deprecation)([^[:alnum:]]|$)' || true
}

# The file unpress wrote beside the skeleton's config: the snippet to load
# with it (unpress.toml, _config.unpress.yml, as docs/sites.md names it).
snippet() {
  local site=$1 dir=$2 f
  for f in "$dir"/*unpress*; do
    [ -f "$f" ] && [ ! -e "tests/sites/$site/$(basename "$f")" ] && basename "$f"
  done | head -1
}

# build SITE DIR LOG: the generator over DIR, its output in LOG.
build() {
  local site=$1 dir=$2 log=$3 extra
  extra=$(snippet "$site" "$dir")
  case $site in
    hugo)
      (cd "$dir" && hugo --printPathWarnings --config "hugo.toml${extra:+,$extra}") >"$log" 2>&1 ;;
    jekyll)
      (cd "$dir" && jekyll build --config "_config.yml${extra:+,$extra}") >"$log" 2>&1 ;;
    hexo)
      ln -s "$repo/$hexo_modules/node_modules" "$dir/node_modules"
      (cd "$dir" && ./node_modules/.bin/hexo generate --config "_config.yml${extra:+,$extra}") >"$log" 2>&1 ;;
  esac
}

built_dir() {
  case $1 in hugo | hexo) echo public ;; jekyll) echo _site ;; esac
}

# Exports x sites ------------------------------------------------------------
for export in "$corpus"/wp-theme-test-data/themeunittestdata.wordpress.xml \
  "$corpus"/wp-theme-test-data/64-block-test-data.xml \
  "$corpus"/wp-theme-test-data/theme-preview.xml; do
  name=$(basename "$export" .xml)
  name=${name%.wordpress}
  # hugo+keep: Hugo with `--raw-html keep` (and the snippet's unsafe = true).
  for target in hugo hugo+keep jekyll hexo; do
    site=${target%+*}
    args=(--site "$site")
    [ "$target" = hugo+keep ] && args+=(--raw-html keep)
    say "$target: $name"
    dir=$work/$target-$name
    cp -r "tests/sites/$site" "$dir"
    rm -rf "$dir/node_modules"
    if ! "$bin" "$export" "${args[@]}" -o "$dir" -q; then
      failed+=("$target $name: unpress ${args[*]} failed")
    fi
    if ! "$bin" "$export" "${args[@]}" -t json -o "$dir.json" -q; then
      failed+=("$target $name: unpress ${args[*]} -t json failed")
    fi
    log=$dir.log
    if ! build "$site" "$dir" "$log"; then
      tail -n 40 "$log"
      failed+=("$target $name: the $site build failed (exit status above)")
      printf '{"site": "%s", "export": "%s", "failures": "build failed"}\n' "$target" "$name" >>"$summary"
      continue
    fi
    said=$(complaints "$log")
    if [ -n "$said" ]; then
      printf '%s\n' "$said"
      failed+=("$target $name: $(printf '%s\n' "$said" | wc -l) warning lines from $site (above)")
    fi
    if ! python3 tests/sites/check.py --site "$site" --json "$dir.json" \
      --built "$dir/$(built_dir "$site")" --label "$name" --summary "$summary" \
      --target "$target"; then
      failed+=("$target $name: check.py failed (above)")
    fi
  done
done

# A migration ---------------------------------------------------------------
# The two big theme exports with an uploads folder made for them (a file at
# every uploads path they reference, every tenth left out on purpose):
# after --uploads, the built sites load no image from the old host but the
# missing ones, which unpress names; every site-relative link and image
# leads to a built file; redirects.csv lists every published document and
# only built targets (tests/sites/check_migration.py).
for export in "$corpus"/wp-theme-test-data/themeunittestdata.wordpress.xml \
  "$corpus"/wp-theme-test-data/64-block-test-data.xml; do
  name=$(basename "$export" .xml)
  name=${name%.wordpress}
  uploads=$work/uploads-$name
  python3 tests/sites/check_migration.py uploads "$export" "$uploads" "$uploads.missing"
  for site in hugo jekyll hexo; do
    say "migration: $site: $name"
    dir=$work/migrate-$site-$name
    cp -r "tests/sites/$site" "$dir"
    rm -rf "$dir/node_modules"
    if ! "$bin" "$export" --site "$site" -o "$dir" --uploads "$uploads" 2>"$dir.unpress.log"; then
      tail -n 20 "$dir.unpress.log"
      failed+=("migration $site $name: unpress failed (above)")
      continue
    fi
    "$bin" "$export" --site "$site" -t json -o "$dir.json" -q || failed+=("migration $site $name: -t json failed")
    if ! build "$site" "$dir" "$dir.log"; then
      tail -n 40 "$dir.log"
      failed+=("migration $site $name: the $site build failed (above)")
      continue
    fi
    said=$(complaints "$dir.log")
    if [ -n "$said" ]; then
      printf '%s\n' "$said"
      failed+=("migration $site $name: $(printf '%s\n' "$said" | wc -l) warning lines from $site (above)")
    fi
    if ! python3 tests/sites/check_migration.py check --built "$dir/$(built_dir "$site")" \
      --site-root "$dir" --missing "$uploads.missing" --log "$dir.unpress.log" --json "$dir.json"; then
      failed+=("migration $site $name: check_migration.py failed (above)")
    fi
  done
done

# The README's recipes ------------------------------------------------------
# Each `### ` heading under `## Recipes` and its ```sh block, run as one
# script in an empty folder holding what the recipes name: export.xml (the
# theme unit test data) and source/_posts (a folder of Hexo posts). Hugo
# finds the check's layouts through HUGO_THEME; a Jekyll site from `jekyll
# new` has minima's.
recipes=$work/recipes
python3 - README.md "$recipes" <<'PY'
import pathlib, re, sys
text = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8")
section = re.search(r"^## Recipes\n(.*?)(?=^## )", text, re.M | re.S)
if not section:
    sys.exit("README.md has no '## Recipes' section")
out = pathlib.Path(sys.argv[2])
out.mkdir(parents=True)
found = re.findall(r"^### (.+?)\n.*?^```sh\n(.*?)^```", section.group(1), re.M | re.S)
if not found:
    sys.exit("README.md's Recipes hold no ```sh block")
for i, (title, block) in enumerate(found, 1):
    (out / f"{i:02}.sh").write_text(f"# {title}\n{block}", encoding="utf-8")
PY
for script in "$recipes"/*.sh; do
  title=$(sed -n '1s/^# //p' "$script")
  say "recipe: $title"
  sed -n '2,$p' "$script"
  place=$work/recipe-$(basename "$script" .sh)
  mkdir -p "$place/source"
  cp "$corpus/wp-theme-test-data/themeunittestdata.wordpress.xml" "$place/export.xml"
  cp -r "$corpus/rss-hexo-posts" "$place/source/_posts"
  python3 tests/sites/check_migration.py uploads "$place/export.xml" "$place/uploads" \
    "$place.missing" >/dev/null
  log=$place.log
  if ! (cd "$place" && PATH="$(dirname "$bin"):$PATH" \
    HUGO_THEMESDIR="$repo/tests/sites/hugo/themes" HUGO_THEME=unpress-check \
    bash -euo pipefail "$script") >"$log" 2>&1; then
    tail -n 40 "$log"
    failed+=("recipe '$title': a command failed (above)")
    continue
  fi
  said=$(complaints "$log")
  if [ -n "$said" ]; then
    printf '%s\n' "$said"
    failed+=("recipe '$title': $(printf '%s\n' "$said" | wc -l) warning lines (above)")
  fi
  pages=$(find "$place" \( -path '*/public/*' -o -path '*/_site/*' \) -name '*.html' | wc -l)
  echo "$pages pages built"
  if [ "$pages" -eq 0 ]; then
    failed+=("recipe '$title': no page built")
  fi
done

# Summary ---------------------------------------------------------------------
echo
[ -s "$summary" ] && python3 tests/sites/check.py --table "$summary"
if [ ${#failed[@]} -gt 0 ]; then
  echo
  printf 'FAILED: %s\n' "${failed[@]}"
  if [ "$report_only" = 1 ]; then
    echo "sites: ${#failed[@]} failures (SITES_REPORT_ONLY=1: not failing the run)"
    exit 0
  fi
  exit 1
fi
echo "sites: every export builds and checks clean on hugo, jekyll and hexo"
