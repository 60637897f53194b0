#!/usr/bin/env bash
# Longer fuzz campaigns: runs each property test of the data path and `train` again and
# again, with fresh random seeds, for a fixed time per target.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# SECONDS_PER_TARGET defaults to 600 (ten minutes). Targets default to all of:
#   csv_readers     random CSV bytes through both table readers       (tests/it/fuzz_data.rs)
#   train           random small tables with extreme values, every model (tests/it/fuzz_data.rs)
#   scanner         the fast scanner against the csv crate             (src/ml/io/scan.rs)
# Environment: CASES_PER_ROUND (default 2000) cases per run; FUZZ_RELEASE=1 builds the
# tests with optimisations (a slower first build, many more cases per minute).
#
# A failing case stops the script with proptest's minimal failing input; proptest also
# saves it under proptest-regressions/, so plain `cargo test` replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-600}
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=(csv_readers train scanner)
fi
cases=${CASES_PER_ROUND:-2000}
profile=()
if [[ ${FUZZ_RELEASE:-0} == 1 ]]; then
    profile=(--release)
fi

command_for() {
    case $1 in
    csv_readers) echo "--test it fuzz_data::the_csv_readers_end_in_a_table_or_a_located_error" ;;
    train) echo "--test it fuzz_data::train_ends_in_an_honest_report_or_a_located_error" ;;
    scanner) echo "--lib ml::io::scan::tests::the_scanner_agrees_with_the_csv_crate" ;;
    *)
        echo "unknown target $1 (csv_readers, train, scanner)" >&2
        exit 2
        ;;
    esac
}

# Build once, quietly, before the clock starts.
cargo test "${profile[@]}" --no-run --quiet --lib --test it

for target in "${targets[@]}"; do
    read -r -a args <<<"$(command_for "$target")"
    start=$SECONDS
    rounds=0
    while ((SECONDS - start < seconds)); do
        if ! PROPTEST_CASES=$cases cargo test "${profile[@]}" --quiet "${args[@]}" -- --exact >"/tmp/mlpath-fuzz-$target.log" 2>&1; then
            echo "$target: FAILED after $((rounds * cases)) passing cases; see /tmp/mlpath-fuzz-$target.log" >&2
            grep -E "minimal failing input|panicked|Test failed" "/tmp/mlpath-fuzz-$target.log" >&2 || true
            exit 1
        fi
        if ! grep -q "1 passed" "/tmp/mlpath-fuzz-$target.log"; then
            echo "$target: the test did not run (renamed?); see /tmp/mlpath-fuzz-$target.log" >&2
            exit 2
        fi
        rounds=$((rounds + 1))
    done
    echo "$target: $((rounds * cases)) cases in $((SECONDS - start)) s, no failure"
done
