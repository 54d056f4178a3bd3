#!/usr/bin/env bash
# Linear time on hostile input: every shape of benches/hostile.py at several
# sizes, converted by the release CLI to each format, one process per run
# under /usr/bin/time. Prints a Markdown table of seconds per MB of input
# and peak RSS per input byte, both net of an empty document's run (the
# process's own start-up and memory), and the growth of each from the
# second size to the last: a linear cost stays near 1x, a quadratic one
# grows with the size ratio (10x, 100x). Not a timed test: run it by hand
# and record the table in docs/performance.md.
#
#   benches/scaling.sh [N...]          sizes in repetitions (default 1000 10000 100000)
#   SHAPES="table pre" FORMATS="md json" benches/scaling.sh 10000 100000
#   TIMEOUT=60 benches/scaling.sh      seconds before a run counts as hung (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
formats=${FORMATS:-md json xhtml epub}
shapes=${SHAPES:-$(python3 benches/hostile.py list)}
limit=${TIMEOUT:-60}

cargo build --release --quiet
bin=target/release/unpress
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One run: prints "seconds peak_kb status".
run() {
  local input=$1 fmt=$2 status=0
  rm -rf "$work/out"
  # Wall time from the clock in nanoseconds (GNU time's %e has 10 ms
  # steps, more than a small input takes); peak RSS from GNU time.
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -o "$work/time" -f '%M' timeout "$limit" \
    "$bin" "$input" -t "$fmt" -o "$work/out" -q --max-bytes 1000000000 \
    >/dev/null 2>"$work/err" || status=$?
  t1=$(date +%s%N)
  echo "$(python3 -c "print(($t1 - $t0) / 1e9)") $(tail -1 "$work/time") $status"
}

printf '' > "$work/empty.html"
declare -A base_s base_kb
for fmt in $formats; do
  read -r s kb _ < <(run "$work/empty.html" "$fmt")
  base_s[$fmt]=$s
  base_kb[$fmt]=$kb
done

echo "unpress $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m)"
echo "per size: s/MB (seconds per MB of input) and B/B (peak RSS bytes per input byte), net of an empty document; growth: last size over the second"
echo
header="| shape | format |"
rule="|---|---|"
for n in "${sizes[@]}"; do
  header="$header n=$n |"
  rule="$rule---|"
done
echo "$header growth |"
echo "$rule---|"
for shape in $shapes; do
  inputs=()
  for n in "${sizes[@]}"; do
    inputs+=("$(python3 benches/hostile.py gen "$shape" "$n" "$work/$shape-$n")")
  done
  for fmt in $formats; do
    row="| $shape | $fmt |"
    per_s=()
    per_b=()
    for input in "${inputs[@]}"; do
      bytes=$(stat -c %s "$input")
      read -r s kb status < <(run "$input" "$fmt")
      cell=$(python3 -c "
s, kb, bytes = $s - ${base_s[$fmt]}, $kb - ${base_kb[$fmt]}, $bytes
print(f'{max(s, 0) / (bytes / 1e6):.3f} s/MB, {max(kb, 0) * 1024 / bytes:.0f} B/B')")
      if [ "$status" = 124 ]; then
        cell="killed after ${limit} s"
      elif [ "$status" != 0 ]; then
        cell="$cell (exit $status)"
      fi
      per_s+=("$(python3 -c "print(max($s - ${base_s[$fmt]}, 0) / $bytes)")")
      per_b+=("$(python3 -c "print(max($kb - ${base_kb[$fmt]}, 0) / $bytes)")")
      row="$row $cell |"
    done
    growth=$(python3 -c "
s = [${per_s[*]/%/,}]
b = [${per_b[*]/%/,}]
i = 1 if len(s) > 2 else 0
def g(v):
    return f'{v[-1] / v[i]:.1f}x' if v[i] > 0 else '-'
print(f'time {g(s)}, memory {g(b)}')")
    echo "$row $growth |"
  done
  rm -f "$work/$shape"-*
done
