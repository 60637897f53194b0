#!/usr/bin/env bash
# Time of `mlpath drift` on wide tables: column selection must stay linear in the number
# of columns. Two tables of 3 rows and N columns (default 40,000, then 200,000), once
# with no column in common (an error after selection) and once with every column in
# common but only one compared (--columns).
#
#   benches/drift_columns.sh [BINARY]      (default: target/release/mlpath)
set -euo pipefail

binary=${1:-target/release/mlpath}
if [[ ! -x $binary ]]; then
    echo "no binary at $binary; run cargo build --release first" >&2
    exit 1
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

table() {
    awk -v n="$1" -v prefix="$2" 'BEGIN {
        line = prefix 0; for (i = 1; i < n; i++) line = line "," prefix i; print line;
        row = "1"; for (i = 1; i < n; i++) row = row ",1";
        print row; print row; print row;
    }'
}

printf '%-10s %-22s %s\n' columns case seconds
for n in 40000 200000; do
    table "$n" a >"$dir/a.csv"
    table "$n" b >"$dir/b.csv"
    start=$(date +%s.%N)
    "$binary" drift "$dir/a.csv" "$dir/b.csv" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    printf '%-10s %-22s %.2f\n' "$n" "no column in common" "$(echo "$end - $start" | bc)"
    start=$(date +%s.%N)
    "$binary" drift "$dir/a.csv" "$dir/a.csv" --columns "a$((n - 1))" >/dev/null
    end=$(date +%s.%N)
    printf '%-10s %-22s %.2f\n' "$n" "one column compared" "$(echo "$end - $start" | bc)"
done
