#!/usr/bin/env bash
# Peak memory of `mlpath train` on generated CSV files of about 11 MB and 85 MB.
#
#   benches/train_memory.sh [BINARY]      (default: target/release/mlpath)
#
# Each file has 20 numeric feature columns and a two-class target `y`; the script prints
# the file size, the size of the numeric matrix (rows x features x 8 bytes), the peak
# resident set size reported by /usr/bin/time -v and their ratio to the matrix, and the
# wall time. Build the binary first: `cargo build --release`.
set -euo pipefail

binary=${1:-target/release/mlpath}
if [[ ! -x $binary ]]; then
    echo "no binary at $binary; run cargo build --release first" >&2
    exit 1
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "this script needs GNU time at /usr/bin/time" >&2
    exit 1
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
features=20

# ROWS rows of FEATURES values with six decimals, seeded so every run sees the same file.
generate() {
    awk -v rows="$1" -v features="$features" 'BEGIN {
        srand(7);
        header = "y";
        for (j = 1; j <= features; j++) header = header ",x" j;
        print header;
        for (i = 0; i < rows; i++) {
            line = (i % 2);
            for (j = 1; j <= features; j++) line = line "," sprintf("%.6f", rand() * 100 - 50 + (i % 2));
            print line;
        }
    }'
}

printf '%-8s %10s %10s %12s %8s %8s %s\n' file rows "size MB" "matrix MB" "peak MB" "x matrix" seconds
for rows in 53000 410000; do
    file="$dir/train_$rows.csv"
    generate "$rows" >"$file"
    size=$(stat -c %s "$file")
    matrix=$((rows * features * 8))
    /usr/bin/time -v "$binary" train "$file" --target y --model logistic >/dev/null 2>"$dir/time.txt" || {
        echo "train failed on $file:" >&2
        cat "$dir/time.txt" >&2
        exit 1
    }
    peak_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time.txt")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$dir/time.txt")
    awk -v f="train_$rows" -v r="$rows" -v s="$size" -v m="$matrix" -v p="$peak_kb" -v w="$wall" 'BEGIN {
        printf "%-8s %10d %10.1f %12.1f %8.1f %8.1f %s\n", f, r, s / 1e6, m / 1e6, p * 1024 / 1e6, p * 1024 / m, w
    }'
done
