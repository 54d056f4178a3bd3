#!/bin/sh
# Runs every fuzz target (fuzz/, docs/fuzzing.md) for SECONDS each
# (default 20), one after the other, and fails when any finds a crash,
# a hang (10 s on one input) or a leak.
#
#   .ci/fuzz.sh [SECONDS] [TARGET...]
#
# cargo-fuzz needs nightly's -Z flags: on a stable toolchain it runs with
# RUSTC_BOOTSTRAP=1. Installs cargo-fuzz when missing. Seeds come from
# fuzz/seeds.sh (the fixtures, and ../shared/corpus when it is there).
# The mutation seed is fixed (UNPRESS_FUZZ_SEED, default 1) so that a CI
# run does the same inputs in the same order every time; with
# UNPRESS_FUZZ_RUNS=N each target stops after N inputs instead (SECONDS
# is then only a cap), so that a slow or busy machine does the same work
# as a fast one: what .ci/run does.
# UNPRESS_FUZZ_KEEP_GOING=1 runs each target to its end whatever it
# finds (libFuzzer's fork mode), to count findings in a long run.
# A finding is written to fuzz/artifacts/TARGET/; replay it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz -O TARGET fuzz/artifacts/TARGET/crash-...
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-20}
[ $# -gt 0 ] && shift
targets=${*:-front_matter rewrite write_markdown write_json write_xhtml write_epub wxr shortcode}

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
cargo fuzz build --fuzz-dir fuzz -O
fuzz/seeds.sh >/dev/null
bin=fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release
mkdir -p fuzz/logs
status=0
for t in $targets; do
    mkdir -p "fuzz/artifacts/$t"
    log=fuzz/logs/$t.log
    set -- "fuzz/corpus/$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="fuzz/artifacts/$t/" -print_final_stats=1 \
        -seed="${UNPRESS_FUZZ_SEED:-1}"
    if [ -n "${UNPRESS_FUZZ_RUNS:-}" ]; then
        set -- "$@" -runs="$UNPRESS_FUZZ_RUNS"
    fi
    if [ "${UNPRESS_FUZZ_KEEP_GOING:-0}" = 1 ]; then
        set -- "$@" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1
    fi
    if "$bin/$t" "$@" >"$log" 2>&1; then ok=ok; else ok=FAILED; status=1; fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    [ -n "$execs" ] || execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
    found=$(find "fuzz/artifacts/$t" -type f | wc -l)
    echo "$t: $ok, ${execs:-?} executions (at most ${seconds} s), $found finding(s) in fuzz/artifacts/$t (log: $log)"
done
exit $status
