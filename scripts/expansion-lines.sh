#!/usr/bin/env bash
# What `cargo expand` prints for `#[derive(Orchestrator)]`, in lines, beyond the struct: every
# macro expanded (the derive, and the helper `macro_rules` of orchestrator-core it invokes),
# formatted as `cargo expand` formats (prettyplease). For N = 1, 2, 4, 6, 8, 16 components it
# builds a crate with one orchestrator of N trivial components with everyday names
# (`c0: C0`, ...), sync, and one of N async components, takes rustc's expanded source
# (`-Zunpretty=expanded`, as `cargo expand` does) with and without the derive, and prints the
# difference, against the goal 30 + 8 * N.
#
#   scripts/expansion-lines.sh            # about a minute
#   SIZES="6" scripts/expansion-lines.sh  # one size
#   KEEP=1 scripts/expansion-lines.sh     # keep the crate and the expanded files
#
# Needs only cargo; builds in a temporary directory (RUSTC_BOOTSTRAP=1 for -Zunpretty, what
# `cargo expand` also sets on a stable toolchain).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=${SIZES:-"1 2 4 6 8 16"}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/orchestrator-expansion.XXXXXX")
export CARGO_TARGET_DIR="$WORK/target"
cleanup() {
    if [[ "${KEEP:-0}" == 1 ]]; then echo "kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

cargo build -q --manifest-path "$ROOT/Cargo.toml" -p orchestrator-codegen --example pretty
pretty="$CARGO_TARGET_DIR/debug/examples/pretty"

mkdir -p "$WORK/crate/src"
cat >"$WORK/crate/Cargo.toml" <<EOT
[package]
name = "expansion"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
orchestrator-pattern = { path = "$ROOT" }
EOT
cp "$ROOT/Cargo.lock" "$WORK/crate/Cargo.lock"

# One orchestrator of $1 components; $2 = "derive" or "plain" (the same file without the
# derive); $3 = "sync" or "async".
source_of() {
    local n=$1 with=$2 kind=$3 i
    echo "#![allow(dead_code)]"
    echo "use orchestrator::async_prelude::*;"
    for ((i = 0; i < n; i++)); do
        if [[ $kind == sync ]]; then
            echo "pub struct C$i; impl Component for C$i {}"
        else
            echo "pub struct C$i; impl AsyncComponent for C$i {}"
        fi
    done
    [[ $with == derive ]] && echo "#[derive(Orchestrator)]"
    if [[ $with == derive ]]; then
        local attrs="allow(too_few_components, too_many_components)"
        [[ $kind == async ]] && attrs="async, $attrs"
        echo "#[orchestrator($attrs)]"
    fi
    echo "pub struct Typical {"
    for ((i = 0; i < n; i++)); do
        [[ $with == derive ]] && echo "    #[component]"
        echo "    c$i: C$i,"
    done
    echo "    lifecycle: Lifecycle,"
    echo "}"
}

expanded_lines() {
    (cd "$WORK/crate" && RUSTC_BOOTSTRAP=1 cargo rustc -q --lib -- -Zunpretty=expanded >"$WORK/expanded.rs" 2>"$WORK/err") ||
        { cat "$WORK/err" >&2; exit 1; }
    # `pin!` expands to `super let`, which syn does not parse yet: the same line count as `let`
    sed -i "s/super let /let /" "$WORK/expanded.rs"
    "$pretty" "$WORK/expanded.rs" >"$WORK/pretty.rs"
    wc -l <"$WORK/pretty.rs"
}

printf '%-6s %4s %10s %10s\n' kind N lines goal
for kind in sync async; do
    for n in $SIZES; do
        source_of "$n" plain "$kind" >"$WORK/crate/src/lib.rs"
        plain=$(expanded_lines)
        source_of "$n" derive "$kind" >"$WORK/crate/src/lib.rs"
        derived=$(expanded_lines)
        [[ "${KEEP:-0}" == 1 ]] && cp "$WORK/pretty.rs" "$WORK/$kind-$n.rs"
        printf '%-6s %4d %10d %10d\n' "$kind" "$n" $((derived - plain)) $((30 + 8 * n))
    done
done
