#!/usr/bin/env bash
# Size and `cargo build` time of a crate holding just the models of sakila and zabbix: before
# the runtime crate (commit 330b31b, models.rs carried its runtime), on the runtime crate with
# every column's accessors written out (commit 6096bc4, "written"), and now (columns as
# `rt::model!` entries), and now in the async flavour (`--runtime async`, which 330b31b did not
# have). Dependencies are built first; the time is the models crate's own build (dev
# profile), best of 2. Usage: bench/models_build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
corpus=$repo/../shared/corpus
work=$(mktemp -d)
trap 'for w in before written; do git -C "$repo" worktree remove --force "$work/$w" >/dev/null 2>&1 || true; done; rm -rf "$work"' EXIT
git worktree add -q --detach "$work/before" 330b31b
git worktree add -q --detach "$work/written" 6096bc4
(cd "$work/before" && cargo build -q --bin modelgen)
(cd "$work/written" && cargo build -q --bin modelgen)
cargo build -q --bin modelgen
deps_before='mysql = { version = "28", default-features = false, features = ["minimal-rust", "chrono", "rust_decimal"] }
chrono = { version = "0.4", default-features = false, features = ["std"] }
rust_decimal = "1"
serde_json = "1"
log = "0.4"'
deps_written="modelgen-runtime = { path = \"$work/written/runtime\" }"
deps_after="modelgen-runtime = { path = \"$repo/runtime\" }"
deps_async="modelgen-runtime = { path = \"$repo/runtime\", features = [\"async\"] }"
for schema in sakila:sakila/sakila-schema.sql zabbix:zabbix/schema.sql; do
  name=${schema%%:*}; input=$corpus/${schema#*:}
  for side in before written after async; do
    dir=$work/$name-$side; mkdir -p "$dir/src"
    flavour=()
    case $side in
      before) deps=$deps_before; root=$work/before ;;
      written) deps=$deps_written; root=$work/written ;;
      after) deps=$deps_after; root=$repo ;;
      async) deps=$deps_async; root=$repo; flavour=(--runtime async) ;;
    esac
    printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2021"\n\n[workspace]\n\n[dependencies]\n%s\n' \
      "$name-$side" "$deps" > "$dir/Cargo.toml"
    cp "$root/Cargo.lock" "$dir/Cargo.lock"
    "$root/target/debug/modelgen" generate "$input" "${flavour[@]}" --out "$dir/src/models.rs" > /dev/null
    printf '//! models\n#![allow(missing_docs)]\npub mod models;\n' > "$dir/src/lib.rs"
    build() { (cd "$dir" && CARGO_TARGET_DIR=$work/target cargo "$@"); }
    build build -q
    best=999
    for _ in 1 2; do
      build clean -q -p "$name-$side"
      start=$(date +%s.%N); build build -q; end=$(date +%s.%N)
      best=$(echo "t = $end - $start; if (t < $best) t else $best" | bc)
    done
    printf '%-8s %-6s models.rs %7d lines %9d bytes  cargo build %6.2f s  (load %s)\n' "$name" "$side" \
      "$(wc -l < "$dir/src/models.rs")" "$(wc -c < "$dir/src/models.rs")" "$best" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
