#!/usr/bin/env bash
# Benchmark of the catalog stage, measured side by side in one run (the machine is shared and
# noisy: compare the ratios, not the absolute numbers).
#   1. `modelgen inspect` on `synth-schema 1000` versus loading the same file into MariaDB, and
#      `modelgen generate` on the same file.
#   2. `modelgen inspect` on a ~1.3 GB mysqldump-style file (`synth-schema 200 --rows 200000`):
#      throughput and peak RSS, beside `cat` reading the same file.
# Usage: bench/catalog.sh [ROWS]   (ROWS defaults to 200000; 20000 makes a ~130 MB dump)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-200000}
shared=../shared
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mysql_args=(-uroot -h127.0.0.1)

cargo build --release --quiet
modelgen=target/release/modelgen

seconds() { # seconds COMMAND...: wall time of the best of 5 runs
  local best=999999 start end t
  for _ in 1 2 3 4 5; do
    start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N)
    t=$(( (end - start) / 1000 )); (( t < best )) && best=$t
  done
  awk -v us="$best" 'BEGIN { printf "%.3f", us / 1e6 }'
}

echo "== 1,000 tables (synth-schema 1000)"
"$shared/tools/synth-schema" 1000 > "$work/synth1000.sql"
ours=$(seconds "$modelgen" inspect --format json "$work/synth1000.sql")
db="bench_$$"
mariadb "${mysql_args[@]}" -e "CREATE DATABASE $db"
start=$(date +%s%N)
mariadb "${mysql_args[@]}" "$db" < "$work/synth1000.sql"
end=$(date +%s%N)
mariadb "${mysql_args[@]}" -e "DROP DATABASE $db"
server=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }')
printf "%-34s %8s s\n" "modelgen inspect (best of 5)" "$ours" "MariaDB loading the file" "$server"
awk -v a="$ours" -v b="$server" 'BEGIN { printf "%-34s %8.1fx faster (target: <= 0.2 s)\n", "modelgen vs MariaDB", b / a }'
generate=$(seconds "$modelgen" generate "$work/synth1000.sql" --out "$work/models.rs")
printf "%-34s %8s s (target: <= 0.5 s; %s MB of Rust)\n" "modelgen generate (best of 5)" "$generate" \
  "$(awk -v b="$(stat -c %s "$work/models.rs")" 'BEGIN { printf "%.1f", b / 1e6 }')"

echo
echo "== dump with data (synth-schema 200 --rows $rows)"
"$shared/tools/synth-schema" 200 --rows "$rows" > "$work/dump.sql"
bytes=$(stat -c %s "$work/dump.sql")
cat_s=$(seconds cat "$work/dump.sql")
/usr/bin/time -f "%e %M" -o "$work/time" "$modelgen" inspect --format json "$work/dump.sql" > /dev/null
read -r ours_s ours_kb < "$work/time"
awk -v b="$bytes" -v c="$cat_s" -v s="$ours_s" -v kb="$ours_kb" 'BEGIN {
  mb = b / 1e6
  printf "%-34s %10.0f MB\n", "dump size", mb
  printf "%-34s %10.0f MB/s\n", "cat (reading only)", mb / c
  printf "%-34s %10.0f MB/s (target: >= 300)\n", "modelgen inspect", mb / s
  printf "%-34s %10.1f MB (target: <= 64)\n", "modelgen peak RSS", kb / 1024
}'
