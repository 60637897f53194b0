#!/usr/bin/env python3
"""Times `mlpath audit` on a large CSV file against the same checks in Python (pandas),
and checks that the duplicate and missing counts agree.

The table has 1,000,000 rows and 20 columns (16 numeric with some missing cells and
outliers, 3 text, 1 constant), 0.5 % of the rows repeated; no target, so no label
issues. The Python side reads the file with pandas and computes the same findings:
missing counts and tokens per column, duplicated().sum() with the rows repeated,
constant and near-constant columns, mixed types, and median ± 3.5 · 1.4826 · MAD
outliers.

Usage (from the repository root, after `cargo build --release`):
    python3 benches/compare_audit.py [--rows 1000000] [--seed 7] [--runs 3] [--mlpath PATH]

The mlpath binary defaults to $CARGO_TARGET_DIR/release/mlpath, else target/release/mlpath.
Skips (exit 0) with a message when numpy or pandas is missing.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

try:
    import numpy as np
    import pandas as pd
except ImportError as missing:
    print(f"compare_audit: skipped, needs numpy and pandas ({missing})")
    sys.exit(0)

NUMERIC = 16
TOKENS = ["", "NA", "?"]


def write_table(path, rows, seed):
    rng = np.random.default_rng(seed)
    data = {}
    for c in range(NUMERIC):
        values = np.round(rng.normal(10.0 * c, 1.0 + c, rows), 3).astype(str).astype(object)
        far = rng.random(rows) < 0.001
        values[far] = np.round(rng.normal(1000.0 * (c + 1), 1.0, far.sum()), 3).astype(str)
        gaps = np.flatnonzero(rng.random(rows) < 0.01)
        values[gaps] = np.array(TOKENS, dtype=object)[gaps % (1 + c % 3)]
        data[f"n{c}"] = values
    data["city"] = rng.choice(["paris", "lyon", "nice", "lille"], rows)
    data["code"] = np.char.add("c", rng.integers(0, 1000, rows).astype(str))
    data["flag"] = np.where(rng.random(rows) < 0.995, "no", "yes")
    data["site"] = np.full(rows, "A")
    frame = pd.DataFrame(data)
    repeats = rng.choice(rows, rows // 200, replace=False)
    targets = rng.choice(rows, rows // 200, replace=False)
    frame.iloc[targets] = frame.iloc[repeats].to_numpy()
    frame.to_csv(path, index=False)


def python_audit(path):
    """The same checks in pandas: returns the counts compared with mlpath's."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = pd.read_csv(path, na_values=["?"])
    n = len(frame)
    missing = frame.isna().sum()
    tokens = {c: raw[c][frame[c].isna()].value_counts().to_dict() for c in frame.columns}
    duplicated = frame.duplicated()
    first = frame[duplicated].merge(
        frame[~duplicated].reset_index(), how="left", on=list(frame.columns)
    )["index"]
    findings = {"duplicates": int(duplicated.sum()), "missing": {}, "outliers": {}}
    for c in frame.columns:
        if missing[c]:
            findings["missing"][c] = int(missing[c])
        column = frame[c]
        counts = column.value_counts()
        if column.nunique() == 1:
            findings.setdefault("constant", []).append(c)
        elif len(counts) and counts.iloc[0] >= 0.99 * n:
            findings.setdefault("near_constant", []).append(c)
        if not pd.api.types.is_numeric_dtype(column):
            numbers = pd.to_numeric(column, errors="coerce")
            if numbers.notna().any() and (numbers.isna() & column.notna()).any():
                findings.setdefault("mixed_types", []).append(c)
        else:
            median = column.median()
            mad = (column - median).abs().median()
            if mad > 0:
                far = (column - median).abs() > 3.5 * 1.4826 * mad
                if far.any():
                    findings["outliers"][c] = int(far.sum())
    findings["tokens"] = tokens
    findings["first_rows"] = first.head(20).tolist()
    return findings


def default_binary():
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    return os.path.join(target, "release", "mlpath")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--mlpath", default=default_binary())
    args = ap.parse_args()
    if not os.path.exists(args.mlpath):
        sys.exit(f"compare_audit: {args.mlpath} not found; run `cargo build --release` first")

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "table.csv")
        write_table(path, args.rows, args.seed)
        size_mb = os.path.getsize(path) / 1e6
        print(f"{args.rows} rows x 20 columns, {size_mb:.1f} MB, seed {args.seed}; "
              f"pandas {pd.__version__}")

        command = [args.mlpath, "audit", path, "--json"]
        rust_times, rust = [], None
        for _ in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, check=True)
            rust_times.append(time.perf_counter() - start)
            rust = json.loads(done.stdout)

        script = (
            "import sys, json; sys.path.insert(0, sys.argv[1]); import compare_audit as c; "
            "print(json.dumps(c.python_audit(sys.argv[2]), default=int))"
        )
        here = os.path.dirname(os.path.abspath(__file__))
        py_times, py = [], None
        for _ in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", script, here, path],
                                  capture_output=True, check=True)
            py_times.append(time.perf_counter() - start)
            py = json.loads(done.stdout)

    by_check = {}
    for f in rust["findings"]:
        by_check.setdefault(f["check"], {})[f["column"]] = f
    checks = [
        ("duplicates", by_check["duplicates"][None]["count"], py["duplicates"]),
        ("repeated rows", [r["repeats"]["row"] for r in by_check["duplicates"][None]["rows"]],
         py["first_rows"]),
        ("missing", {c: f["count"] for c, f in by_check.get("missing", {}).items()},
         py["missing"]),
        ("outliers", {c: f["count"] for c, f in by_check.get("outliers", {}).items()},
         py["outliers"]),
        ("constant", sorted(by_check.get("constant", {})), sorted(py.get("constant", []))),
        ("near_constant", sorted(by_check.get("near_constant", {})),
         sorted(py.get("near_constant", []))),
        ("mixed_types", sorted(by_check.get("mixed_types", {})),
         sorted(py.get("mixed_types", []))),
    ]
    for name, ours, theirs in checks:
        if ours != theirs:
            sys.exit(f"compare_audit: MISMATCH {name}: mlpath {ours} vs pandas {theirs}")
    print("findings agree: duplicates (count and repeated rows), missing, outliers, "
          "constant, near-constant and mixed-type columns")

    rust_median, py_median = statistics.median(rust_times), statistics.median(py_times)
    print(f"mlpath audit (whole process): median {rust_median:.2f} s, "
          f"best {min(rust_times):.2f} s over {args.runs} runs")
    print(f"python + pandas (whole process): median {py_median:.2f} s, "
          f"best {min(py_times):.2f} s over {args.runs} runs")
    print(f"ratio (python / mlpath, medians): {py_median / rust_median:.1f}x")


if __name__ == "__main__":
    main()
