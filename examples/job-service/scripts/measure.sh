#!/usr/bin/env bash
# Throughput and latency of the job service's release binary under its own load generator:
# starts the service on a fresh database, runs the load with each client count, reads the rows
# back, stops it with SIGTERM (timing the shutdown) and prints the peak RSS.
#
#   examples/job-service/scripts/measure.sh [SECONDS] [CLIENTS...]      (default: 10 s, 8 and 64)
#
# JOB_SERVICE=path measures another build of the service (an older one, for a baseline in the
# same session), with JOB_SERVICE_ARGS instead of the default extra arguments.
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds=${1:-10}
shift || true
clients=("${@:-8 64}")
cargo build --release -q -p job-service --bin job-service --example load
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
service=${JOB_SERVICE:-$target/release/job-service}
# shellcheck disable=SC2086 # the extra arguments are words
"$service" --address 127.0.0.1:0 --database "$dir/jobs.db" ${JOB_SERVICE_ARGS---drain-ms 0} >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 100); do grep -q "job service on" "$dir/out" 2>/dev/null && break; sleep 0.1; done
address=$(sed -n 's|.*job service on http://\([^ ]*\) .*|\1|p' "$dir/out")
echo "$service: pid $pid on $address, $(nproc) cores, $(rustc --version)"
total=0
for n in ${clients[*]}; do
    "$target/release/examples/load" --address "$address" --clients "$n" --seconds "$seconds" | tee "$dir/load"
    total=$((total + $(sed -n 's/.* \([0-9]*\) accepted (.*/\1/p' "$dir/load")))
done
rss=$(sed -n 's/^VmHWM:[[:space:]]*//p' "/proc/$pid/status" 2>/dev/null || echo "?")
echo "peak RSS after the load: $rss"
# SIGTERM in the middle of a 64-client load: every job the clients saw accepted must be written
"$target/release/examples/load" --address "$address" --clients 64 --seconds 4 >"$dir/load" 2>&1 &
load=$!
sleep 2
start=$EPOCHREALTIME
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
took=$(awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.0f", (e - s) * 1000 }')
wait "$load" || true
during=$(sed -n 's/.* \([0-9]*\) accepted (.*/\1/p' "$dir/load" | head -1)
echo "SIGTERM under 64 clients: exit $status after $took ms; accepted in all: $((total + during)) (the clients' count)"
echo "  service: $(grep 'job(s) written' "$dir/out")"
