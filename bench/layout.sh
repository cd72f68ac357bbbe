#!/usr/bin/env bash
# The measurements of docs/design/layout.md: modelgen's own layout (emit/code.rs) against
# printing the same code with prettyplease (as prost-build does), on corpus schemas.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet
for name in sakila zabbix fineract; do
  inputs=$(awk -v n="$name" '$1 == n { for (i = 2; i <= NF; i++) printf "%s/corpus/%s ", s, $i }' s="$shared" "$shared/corpus/MANIFEST")
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  target/release/modelgen generate $inputs --out "$work/$name.rs" >/dev/null
  end=$(date +%s%N)
  echo "modelgen generate $name: $(( (end - start) / 1000000 )) ms"
done
cargo run --quiet --release --manifest-path bench/layout/Cargo.toml -- "$work"/*.rs
