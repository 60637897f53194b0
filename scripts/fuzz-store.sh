#!/usr/bin/env bash
# Longer runs of the fuzz tests for the lesson loader and checker and for the progress
# file (parser, store and merge). Each target runs for MINUTES minutes (default 10),
# in rounds of fresh random cases, and stops at the first failure, which proptest
# prints with its smallest failing input.
#
#   scripts/fuzz-store.sh            # both targets, 10 minutes each
#   scripts/fuzz-store.sh 2 progress # the progress target for 2 minutes
#
# Targets: lessons (src/catalog/fuzz_tests.rs), progress (src/progress/fuzz_tests.rs).
set -euo pipefail

minutes="${1:-10}"
shift || true
targets=("${@:-lessons progress}")
read -r -a targets <<<"${targets[*]}"
cases_per_round="${MLPATH_FUZZ_CASES:-5000}"

cd "$(dirname "$0")/.."
cargo test --release --lib --no-run --quiet

for target in "${targets[@]}"; do
  case "$target" in
    lessons) filter="catalog::fuzz_tests" ;;
    progress) filter="progress::fuzz_tests" ;;
    *) echo "unknown target '$target' (lessons, progress)" >&2; exit 2 ;;
  esac
  end=$((SECONDS + minutes * 60))
  rounds=0
  while ((SECONDS < end)); do
    MLPATH_FUZZ_CASES="$cases_per_round" cargo test --release --lib --quiet -- "$filter" >/dev/null 2>"/tmp/mlpath-fuzz-$target.log" || {
      echo "$target: FAILED in round $((rounds + 1)); see /tmp/mlpath-fuzz-$target.log" >&2
      tail -n 40 "/tmp/mlpath-fuzz-$target.log" >&2
      exit 1
    }
    rounds=$((rounds + 1))
  done
  echo "$target: $rounds rounds of $cases_per_round cases per property, no failure"
done
