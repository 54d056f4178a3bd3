#!/bin/sh
# Issue 15's end-to-end table: unpress beside the peers of
# ../shared/perf/run.sh (README there), in the same interleaved rounds.
# Run from the repository root, after `cargo build --release`:
#
#   sh benches/end_to_end.sh                  # small and large, outputs on a tmpfs
#   sh benches/end_to_end.sh --sizes mid      # extra options go to run.sh
#
# UNPRESS names another binary (e.g. a copy of an older build) to time it
# the same way. --tmpfs needs root; without it, pass --out-root on a tmpfs
# you can write, such as /dev/shm/unpress-perf.
set -eu
bin=${UNPRESS:-target/release/unpress}
perf=${PERF:-../shared/perf}
exec bash "$perf/run.sh" --no-corpus "$@" \
    --tool-name unpress-md-j1 --tool "$bin {in_dir} -t md -j 1 -q -o {out_dir}" \
    --tool-name unpress-md-j2 --tool "$bin {in_dir} -t md -j 2 -q -o {out_dir}" \
    --tool-name unpress-3-j1 --tool "$bin {in_dir} -t md,json,xhtml -j 1 -q -o {out_dir}" \
    --tool-name unpress-3-j2 --tool "$bin {in_dir} -t md,json,xhtml -j 2 -q -o {out_dir}"
