#!/usr/bin/env bash
# Runs orchestrator-core's lifecycle benchmark (initialize + cleanup of 2, 8 and 16 trivial
# components, through the runtime versus written by hand) and prints the ratios
# runtime / hand-written. SPEC's goal is <= 1.05 at 8 components.
#
#   scripts/bench-runtime.sh                  # short run (about 1 minute after the build)
#   MEASURE=10 PAIRED_MS=10000 scripts/bench-runtime.sh   # longer, steadier
#   FEATURES=--no-default-features scripts/bench-runtime.sh  # without the tracing feature
#
# Two figures per size: criterion's medians (each variant measured on its own), and a paired
# ratio (both variants in alternating short batches, median of the per-round ratios), which
# holds up better when other processes share the machine.
set -euo pipefail

cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
warm="${WARM_UP:-1}"
measure="${MEASURE:-3}"
export BENCH_PAIRED_MS="${PAIRED_MS:-3000}"

out="$(mktemp)"
trap 'rm -f "$out"' EXIT

# shellcheck disable=SC2086 # FEATURES is a list of flags
cargo bench -p orchestrator-core ${FEATURES:-} --bench lifecycle -- \
    --warm-up-time "$warm" --measurement-time "$measure" --noplot >"$out" 2>&1 || {
    cat "$out"
    exit 1
}

median() { # the median point estimate, in ns, of one criterion benchmark
    sed -n 's/.*"median":{[^}]*}[^}]*"point_estimate":\([0-9.eE+-]*\).*/\1/p' \
        "$target/criterion/lifecycle/$1/new/estimates.json"
}

echo "criterion medians (ns per initialize + cleanup):"
printf '%4s  %12s  %12s  %8s\n' n runtime hand ratio
for n in 2 8 16; do
    rt="$(median "runtime/$n")"
    hand="$(median "hand/$n")"
    awk -v n="$n" -v rt="$rt" -v hand="$hand" 'BEGIN { printf "%4d  %12.1f  %12.1f  %8.3f\n", n, rt, hand, rt / hand }'
done
echo
sed -n '/^paired/,$p' "$out"
