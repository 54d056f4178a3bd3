#!/bin/sh
# Cost against document size (issue 15): one document of each size, made
# of the perf corpus's HTML bodies one after the other, converted alone;
# prints wall, user and sys time, peak RSS and time per MB. Run from the
# repository root after `cargo build --release` and after
# ../shared/perf/run.sh has made its corpus (or make_corpus.py --sizes
# small=5MB):
#
#   sh benches/size_linearity.sh [FORMATS] [WORK]     # default md, /dev/shm/unpress-sizes
#
# Also one 50 MB document of plain paragraphs, the memory case of the
# issue. Needs GNU time (/usr/bin/time).
set -eu
formats=${1:-md}
work=${2:-/dev/shm/unpress-sizes}
bin=${UNPRESS:-target/release/unpress}
html=${CORPUS:-/tmp/unpress-perf/corpus/small/html}
mkdir -p "$work"
python3 - "$html" "$work" <<'PY'
import os, sys
src, work = sys.argv[1], sys.argv[2]
bodies = [open(os.path.join(src, n), encoding="utf-8").read()
          for n in sorted(os.listdir(src)) if n.endswith(".html")]
for name, size in [("10KB", 10_000), ("100KB", 100_000), ("1MB", 1_000_000),
                   ("10MB", 10_000_000), ("50MB", 50_000_000)]:
    path = os.path.join(work, f"doc-{name}.html")
    if os.path.exists(path):
        continue
    out, n, i = [], 0, 0
    while n < size:
        b = bodies[i % len(bodies)] + "\n"
        out.append(b); n += len(b.encode()); i += 1
    open(path, "w", encoding="utf-8").write("".join(out))
plain = os.path.join(work, "plain-50MB.html")
if not os.path.exists(plain):
    open(plain, "w").write("<p>hello world, this is a plain paragraph of text.</p>\n" * 1_000_000)
PY
echo "| document | bytes | wall s | user s | sys s | peak RSS MB | wall s per MB |"
echo "|---|---|---|---|---|---|---|"
for name in 10KB 100KB 1MB 10MB 50MB plain-50MB; do
    f="$work/doc-$name.html"
    [ "$name" = plain-50MB ] && f="$work/plain-50MB.html"
    rm -rf "$work/out"
    /usr/bin/time -o "$work/time" -f "%e %U %S %M" "$bin" "$f" -t "$formats" -j 1 -q -o "$work/out"
    bytes=$(stat -c %s "$f")
    read -r wall user sys rss < "$work/time"
    python3 -c "import sys; b=$bytes; print(f'| $name | {b:,} | $wall | $user | $sys | {$rss/1024:.0f} | {$wall/(b/1e6):.3f} |')"
done
