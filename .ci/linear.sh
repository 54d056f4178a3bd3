#!/usr/bin/env bash
# CI guard for linear time and bounded memory on hostile input
# (docs/performance.md, "Linear time on hostile input").
#
# Builds the release binary, generates every shape of benches/hostile.py at
# its largest size (100,000 repetitions: 0.2-8 MB, generated here, never
# committed) and converts it to each format under a hang guard and a memory
# cap. A linear conversion of these takes well under 2 s and a few hundred
# MB; the quadratic paths this guards against took minutes and GBs. Fails
# naming the shape and the format.
#
#   .ci/linear.sh                     every shape, md json xhtml epub
#   SHAPES="table pre" FORMATS=md .ci/linear.sh
#   N=10000 .ci/linear.sh             another size
set -euo pipefail
cd "$(dirname "$0")/.."
n=${N:-100000}
formats=${FORMATS:-md json xhtml epub}
shapes=${SHAPES:-$(python3 benches/hostile.py list)}
limit=${TIMEOUT:-20}
# Peak RSS allowed: a fixed part for the process, plus this many bytes per
# input byte (the measured worst is under 200; a quadratic path needs
# thousands at this size).
fixed_kb=${FIXED_KB:-65536}
per_byte=${PER_BYTE:-400}

cargo build --release --locked --quiet
bin=target/release/unpress
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failures=()
count=0
for shape in $shapes; do
  input=$(python3 benches/hostile.py gen "$shape" "$n" "$work/$shape")
  bytes=$(stat -c %s "$input")
  cap_kb=$((fixed_kb + bytes * per_byte / 1024))
  for fmt in $formats; do
    count=$((count + 1))
    rm -rf "$work/out"
    status=0
    /usr/bin/time -o "$work/time" -f '%e %M' timeout "$limit" \
      "$bin" "$input" -t "$fmt" -o "$work/out" -q --max-bytes 1000000000 \
      >/dev/null 2>"$work/err" || status=$?
    read -r secs kb < <(tail -1 "$work/time")
    if [ "$status" = 124 ]; then
      failures+=("$shape ($fmt): still running after ${limit} s")
    elif [ "$status" != 0 ] && [ "$status" != 1 ]; then
      # Exit 1 is a document refused with a message (front matter nested
      # past the YAML parser's limit, a body over --max-nodes): an outcome.
      # A panic (101), a signal or a usage error is not.
      failures+=("$shape ($fmt): exit $status: $(head -c 300 "$work/err")")
    elif [ "$status" = 1 ] && ! [ -s "$work/err" ]; then
      failures+=("$shape ($fmt): exit 1 without a message")
    elif [ "$kb" -gt "$cap_kb" ]; then
      failures+=("$shape ($fmt): peak RSS ${kb} KB over the cap of ${cap_kb} KB for ${bytes} bytes")
    fi
    printf '%-22s %-5s %9d B %6s s %8d KB\n' "$shape" "$fmt" "$bytes" "$secs" "$kb"
  done
  rm -f "$input"
done

if [ ${#failures[@]} -gt 0 ]; then
  printf '\nlinear: %d of %d runs failed:\n' "${#failures[@]}" "$count" >&2
  printf '  %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "linear: $count runs, each within ${limit} s and its memory cap"
