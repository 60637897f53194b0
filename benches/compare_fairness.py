#!/usr/bin/env python3
"""Times `mlpath fairness` on a large predictions file with 4 groups against the same
report in Python (pandas read_csv + fairlearn's MetricFrame and its five aggregate
functions) and checks that the numbers agree.

Usage (from the repository root, after `cargo build --release`):
    python3 benches/compare_fairness.py [--rows 1000000] [--seed 7] [--runs 5]
        [--python-runs 1] [--mlpath PATH]

fairlearn's MetricFrame evaluates each metric per group in Python; on 1,000,000 rows one
Python run takes minutes, so it runs once by default (--python-runs).

The mlpath binary defaults to $CARGO_TARGET_DIR/release/mlpath, else target/release/mlpath.
Skips (exit 0) with a message when numpy, pandas, scikit-learn or fairlearn is missing.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

try:
    import fairlearn
    import numpy as np
    import pandas as pd
    from fairlearn.metrics import (
        MetricFrame,
        count,
        demographic_parity_difference,
        demographic_parity_ratio,
        equal_opportunity_difference,
        equalized_odds_difference,
        equalized_odds_ratio,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )
    from sklearn.metrics import accuracy_score, precision_score
except ImportError as missing:
    print(f"compare_fairness: skipped, needs numpy, pandas, scikit-learn and fairlearn ({missing})")
    sys.exit(0)

warnings.simplefilter("ignore")

GROUPS = ["18-25", "26-40", "41-60", "61+"]
AGGREGATES = {
    "demographic_parity_difference": demographic_parity_difference,
    "demographic_parity_ratio": demographic_parity_ratio,
    "equalized_odds_difference": equalized_odds_difference,
    "equalized_odds_ratio": equalized_odds_ratio,
    "equal_opportunity_difference": equal_opportunity_difference,
}
RATES = ["selection_rate", "tpr", "fpr", "precision", "accuracy"]


def write_predictions(path, rows, seed):
    """4 groups of different sizes and base rates; probabilities from a noisy logit,
    rounded to 6 decimals."""
    rng = np.random.default_rng(seed)
    g = rng.choice(len(GROUPS), size=rows, p=[0.5, 0.3, 0.15, 0.05])
    base = np.array([0.3, 0.25, 0.4, 0.2])[g]
    y = (rng.random(rows) < base).astype(np.int8)
    logit = 1.6 * (2 * y - 1) + rng.normal(0.0, 1.5, rows) - 0.2 * g
    p = np.round(1.0 / (1.0 + np.exp(-logit)), 6)
    frame = pd.DataFrame({"group": np.array(GROUPS)[g], "y": y, "p": p})
    frame.to_csv(path, index=False, float_format="%.6f")


def precision(y, p):
    return precision_score(y, p, zero_division=np.nan)


def python_fairness(path, threshold=0.5):
    frame = pd.read_csv(path)
    y = frame["y"].to_numpy()
    pred = (frame["p"].to_numpy() >= threshold).astype(int)
    g = frame["group"].to_numpy()
    metrics = {
        "n": count,
        "selection_rate": selection_rate,
        "tpr": true_positive_rate,
        "fpr": false_positive_rate,
        "precision": precision,
        "accuracy": accuracy_score,
    }
    by_group = MetricFrame(metrics=metrics, y_true=y, y_pred=pred, sensitive_features=g).by_group
    out = {name: float(f(y, pred, sensitive_features=g)) for name, f in AGGREGATES.items()}
    out["groups"] = [
        {"group": str(name), **{k: float(v) for k, v in row.items()}}
        for name, row in by_group.iterrows()
    ]
    return out


def default_binary():
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    return os.path.join(target, "release", "mlpath")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=5, help="runs of mlpath")
    ap.add_argument("--python-runs", type=int, default=1, help="runs of the Python side")
    ap.add_argument("--mlpath", default=default_binary())
    args = ap.parse_args()
    if not os.path.exists(args.mlpath):
        sys.exit(f"compare_fairness: {args.mlpath} not found; run `cargo build --release` first")

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "predictions.csv")
        write_predictions(path, args.rows, args.seed)
        size_mb = os.path.getsize(path) / 1e6
        print(f"{args.rows} rows in {len(GROUPS)} groups, {size_mb:.1f} MB, seed {args.seed}; "
              f"fairlearn {fairlearn.__version__}, pandas {pd.__version__}")

        command = [args.mlpath, "fairness", path, "--truth", "y", "--score", "p",
                   "--group", "group", "--json"]
        rust_times, rust = [], None
        for _ in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, check=True)
            rust_times.append(time.perf_counter() - start)
            rust = json.loads(done.stdout)

        py_times, py = [], None
        for _ in range(args.python_runs):
            start = time.perf_counter()
            py = python_fairness(path)
            py_times.append(time.perf_counter() - start)

    worst = 0.0
    if [g["group"] for g in rust["groups"]] != [g["group"] for g in py["groups"]]:
        sys.exit("compare_fairness: MISMATCH in the groups")
    for ours, theirs in zip(rust["groups"], py["groups"]):
        if ours["n"] != theirs["n"]:
            sys.exit(f"compare_fairness: MISMATCH n of {ours['group']}")
        for key in RATES:
            diff = abs(ours[key] - theirs[key])
            worst = max(worst, diff)
            if diff > 1e-9:
                sys.exit(f"compare_fairness: MISMATCH {key} of {ours['group']}: "
                         f"mlpath {ours[key]} vs fairlearn {theirs[key]}")
    for key in AGGREGATES:
        diff = abs(rust[key] - py[key])
        worst = max(worst, diff)
        if diff > 1e-9:
            sys.exit(f"compare_fairness: MISMATCH {key}: mlpath {rust[key]} vs fairlearn {py[key]}")
    print(f"numbers agree: {len(RATES)} rates per group and {len(AGGREGATES)} aggregates "
          f"within {worst:.1e} (tolerance 1e-9)")

    rust_median, py_median = statistics.median(rust_times), statistics.median(py_times)
    print(f"mlpath fairness (whole process):                    median {rust_median:.3f} s, "
          f"best {min(rust_times):.3f} s over {args.runs} runs")
    print(f"pandas + fairlearn MetricFrame and aggregates (in-process, no imports): "
          f"median {py_median:.3f} s, best {min(py_times):.3f} s over {args.python_runs} runs")
    print(f"ratio (python / mlpath, medians): {py_median / rust_median:.1f}x")


if __name__ == "__main__":
    main()
