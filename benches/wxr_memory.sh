#!/bin/sh
# Peak memory of reading and converting a 1 GB WordPress export.
#
# Generates the export (once) with the wxr_memory bench binary, then runs
# the reader alone and the reader plus conversion to md, json and xhtml under
# /usr/bin/time -v, printing the peak RSS of each. Record the figures in
# docs/performance.md. Not a timed test: run it by hand.
#
#   benches/wxr_memory.sh [MB] [workdir]     (default 1000 MB in $TMPDIR)
set -eu
MB=${1:-1000}
DIR=${2:-${TMPDIR:-/tmp}}
XML="$DIR/unpress-wxr-$MB.xml"
cd "$(dirname "$0")/.."
BIN=$(cargo bench --bench wxr_memory --no-run --message-format=json 2>/dev/null \
  | grep '"executable":"[^"]*wxr_memory' | sed 's/.*"executable":"\([^"]*\)".*/\1/' | tail -1)
[ -x "$BIN" ] || { echo "wxr_memory: build failed" >&2; exit 1; }
[ -f "$XML" ] || "$BIN" generate "$XML" "$MB"
ls -l "$XML"
for mode in read convert; do
  echo "== $mode"
  /usr/bin/time -v "$BIN" "$mode" "$XML" 2> "$DIR/unpress-wxr-$mode.time"
  grep -E 'Maximum resident set size|Elapsed \(wall clock\)' "$DIR/unpress-wxr-$mode.time"
done
