#!/usr/bin/env bash
# Start + stop of no-op components with orchestrator-pattern (`initialize` + `cleanup`, and
# `Supervise::run`) against tokio-graceful-shutdown and plain tokio tasks (spawned tasks, a
# `CancellationToken`, a `JoinSet`), in interleaved rounds on one current-thread tokio runtime:
# 8 and 64 independent components and a chain of 8. Prints the median time per start + stop of
# each and the median of the per-round ratios to plain tokio (benchmarks/peers/benches/peers.rs
# says exactly what each variant does).
#
#   scripts/bench-peers.sh                 # 500 rounds, a few seconds after the build
#   ROUNDS=2000 scripts/bench-peers.sh     # longer, steadier
#
# The peers are dev-dependencies of the benchmark crate benchmarks/peers (publish = false) only.
set -euo pipefail

cd "$(dirname "$0")/.."
export ROUNDS="${ROUNDS:-500}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

cargo bench -p peer-bench --bench peers >"$out" 2>&1 || {
    cat "$out"
    exit 1
}
sed -n '/^start + stop/,$p' "$out"
