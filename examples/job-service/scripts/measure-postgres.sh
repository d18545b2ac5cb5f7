#!/usr/bin/env bash
# Throughput and latency of the job service on PostgreSQL, with 1 and with 3 replicas against
# one server, under the crate's own load generator (CLIENTS per replica, 8 by default). Starts
# a throwaway server (initdb in a temporary directory; as the `postgres` user under root), the
# release binaries, stops each replica with SIGTERM, and checks the rows against the accepted
# count.
#
#   examples/job-service/scripts/measure-postgres.sh [SECONDS] [CLIENTS]
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds=${1:-10}
per=${2:-8}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || bin=$(dirname "$(command -v initdb)")
cargo build --release -q -p job-service --features postgres --bin job-service --example load
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
dir=$(mktemp -d)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w -s \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start
trap 'as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w -s stop; rm -rf "$dir"' EXIT
url="postgres://postgres@127.0.0.1:$port/postgres"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on $port, $(nproc) cores, $(rustc --version)"

run() { # replicas
    local n=$1 args=() pids=()
    for i in $(seq "$n"); do
        "$target/release/job-service" --address 127.0.0.1:0 --database "$url" --drain-ms 0 \
            >"$dir/out$i" 2>"$dir/err$i" &
        pids+=($!)
    done
    for i in $(seq "$n"); do
        for _ in $(seq 100); do grep -q "job service on" "$dir/out$i" 2>/dev/null && break; sleep 0.1; done
        args+=(--address "$(sed -n 's|.*job service on http://\([^ ]*\) .*|\1|p' "$dir/out$i")")
    done
    psql "$url" -qc 'TRUNCATE jobs' >/dev/null
    echo "$n replica(s):"
    "$target/release/examples/load" "${args[@]}" --clients $((n * per)) --seconds "$seconds" | tee "$dir/load"
    kill -TERM "${pids[@]}"
    wait "${pids[@]}" || echo "a replica exited with an error"
    accepted=$(sed -n 's/.* \([0-9]*\) accepted (.*/\1/p' "$dir/load")
    echo "  rows: $(psql "$url" -tAc 'SELECT count(*) FROM jobs'), accepted: $accepted"
}
run 1
run 3
