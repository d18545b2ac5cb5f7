#!/usr/bin/env bash
# Runs orchestrator-core's lifecycle benchmarks and prints the ratios runtime / hand-written:
#
# - sync (benches/lifecycle.rs): initialize + cleanup of 2, 8 and 16 trivial components, and of
#   8 that receive a dependency (group lifecycle_uses: a database and seven clients with
#   uses(db)), through the runtime versus written by hand. SPEC's goal is <= 1.05 at 8
#   components.
# - async (benches/async_lifecycle.rs): initialize().await + cleanup().await of 2, 8 and 16
#   trivial async components on one level (their futures join), of a chain of 8 (8 levels), and
#   of 8 that receive a dependency (group async_uses: the database, then the seven clients that
#   use it joined), through the runtime (the engine boxes each step's future) versus each
#   level's futures joined by hand; a std-only block_on, no async runtime.
#
#   scripts/bench-runtime.sh                  # short run (about 3 minutes after the build)
#   MEASURE=10 PAIRED_MS=10000 scripts/bench-runtime.sh   # longer, steadier
#   FEATURES=--no-default-features scripts/bench-runtime.sh  # without the tracing feature
#   ASYNC=0 scripts/bench-runtime.sh          # the sync benchmark only
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

median() { # the median point estimate, in ns, of one criterion benchmark: group/function/n
    sed -n 's/.*"median":{[^}]*}[^}]*"point_estimate":\([0-9.eE+-]*\).*/\1/p' \
        "$target/criterion/$1/new/estimates.json"
}

ratios() { # group, then the sizes: one row per size
    local group="$1" n rt hand
    shift
    for n in "$@"; do
        rt="$(median "$group/runtime/$n")"
        hand="$(median "$group/hand/$n")"
        awk -v g="$group" -v n="$n" -v rt="$rt" -v hand="$hand" \
            'BEGIN { printf "%-14s  %4d  %12.1f  %12.1f  %8.3f\n", g, n, rt, hand, rt / hand }'
    done
}

echo "sync: criterion medians (ns per initialize + cleanup):"
printf '%-14s  %4s  %12s  %12s  %8s\n' group n runtime hand ratio
ratios lifecycle 2 8 16
ratios lifecycle_uses 8
echo
sed -n '/^paired/,$p' "$out"

if [ "${ASYNC:-1}" = 0 ]; then
    exit 0
fi
echo
# shellcheck disable=SC2086 # FEATURES is a list of flags
cargo bench -p orchestrator-core ${FEATURES:-} --bench async_lifecycle -- \
    --warm-up-time "$warm" --measurement-time "$measure" --noplot >"$out" 2>&1 || {
    cat "$out"
    exit 1
}
echo "async: criterion medians (ns per initialize().await + cleanup().await):"
printf '%-14s  %4s  %12s  %12s  %8s\n' group n runtime hand ratio
ratios async_wide 2 8 16
ratios async_chain 8
ratios async_uses 8
echo
sed -n '/^paired/,$p' "$out"
