#!/usr/bin/env python3
"""Times `mlpath eval` on a large predictions file against the same computation in
Python (pandas read_csv + scikit-learn metrics) and checks that the numbers agree.

Usage (from the repository root, after `cargo build --release`):
    python3 benches/compare_eval.py [--rows 1000000] [--seed 7] [--runs 5] [--mlpath PATH]

The mlpath binary defaults to $CARGO_TARGET_DIR/release/mlpath, else target/release/mlpath.
Skips (exit 0) with a message when numpy, pandas or scikit-learn is missing.
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
    import sklearn
    from sklearn import metrics as skm
except ImportError as missing:
    print(f"compare_eval: skipped, needs numpy, pandas and scikit-learn ({missing})")
    sys.exit(0)

KEYS = [
    "accuracy", "precision", "recall", "specificity", "f1", "balanced_accuracy", "mcc",
    "roc_auc", "average_precision", "log_loss", "brier",
]


def write_predictions(path, rows, seed):
    """A plausible classifier: 30 % positives, probabilities from a noisy logit,
    rounded to 6 decimals so that tied scores occur."""
    rng = np.random.default_rng(seed)
    y = (rng.random(rows) < 0.3).astype(np.int8)
    logit = 1.6 * (2 * y - 1) + rng.normal(0.0, 1.5, rows)
    p = np.round(1.0 / (1.0 + np.exp(-logit)), 6)
    pd.DataFrame({"y": y, "p": p}).to_csv(path, index=False, float_format="%.6f")


def python_eval(path, threshold=0.5):
    frame = pd.read_csv(path)
    y = frame["y"].to_numpy()
    p = frame["p"].to_numpy()
    pred = (p >= threshold).astype(int)
    tn, fp, fn, tp = skm.confusion_matrix(y, pred, labels=[0, 1]).ravel()
    zd = dict(zero_division=0)
    return {
        "n": int(len(y)), "tp": int(tp), "fp": int(fp), "fn": int(fn), "tn": int(tn),
        "accuracy": skm.accuracy_score(y, pred),
        "precision": skm.precision_score(y, pred, **zd),
        "recall": skm.recall_score(y, pred, **zd),
        "specificity": skm.recall_score(y, pred, pos_label=0, **zd),
        "f1": skm.f1_score(y, pred, **zd),
        "balanced_accuracy": skm.balanced_accuracy_score(y, pred),
        "mcc": skm.matthews_corrcoef(y, pred),
        "roc_auc": skm.roc_auc_score(y, p),
        "average_precision": skm.average_precision_score(y, p),
        "log_loss": skm.log_loss(y, p, labels=[0, 1]),
        "brier": skm.brier_score_loss(y, p),
    }


def default_binary():
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    return os.path.join(target, "release", "mlpath")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--mlpath", default=default_binary())
    args = ap.parse_args()
    if not os.path.exists(args.mlpath):
        sys.exit(f"compare_eval: {args.mlpath} not found; run `cargo build --release` first")

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "predictions.csv")
        write_predictions(path, args.rows, args.seed)
        size_mb = os.path.getsize(path) / 1e6
        print(f"{args.rows} rows, {size_mb:.1f} MB, seed {args.seed}; "
              f"scikit-learn {sklearn.__version__}, pandas {pd.__version__}")

        command = [args.mlpath, "eval", path, "--truth", "y", "--score", "p", "--json"]
        rust_times, rust = [], None
        for _ in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, check=True)
            rust_times.append(time.perf_counter() - start)
            rust = json.loads(done.stdout)

        py_times, py = [], None
        for _ in range(args.runs):
            start = time.perf_counter()
            py = python_eval(path)
            py_times.append(time.perf_counter() - start)

    worst = 0.0
    for key in ["n", "tp", "fp", "fn", "tn"]:
        if rust[key] != py[key]:
            sys.exit(f"compare_eval: MISMATCH {key}: mlpath {rust[key]} vs scikit-learn {py[key]}")
    for key in KEYS:
        diff = abs(rust[key] - float(py[key]))
        worst = max(worst, diff)
        if diff > 1e-9:
            sys.exit(f"compare_eval: MISMATCH {key}: mlpath {rust[key]} vs scikit-learn {py[key]}")
    print(f"numbers agree: counts exact, {len(KEYS)} metrics within {worst:.1e} (tolerance 1e-9)")

    rust_median, py_median = statistics.median(rust_times), statistics.median(py_times)
    print(f"mlpath eval (whole process):             median {rust_median:.3f} s, "
          f"best {min(rust_times):.3f} s over {args.runs} runs")
    print(f"pandas + scikit-learn (in-process, no imports): median {py_median:.3f} s, "
          f"best {min(py_times):.3f} s over {args.runs} runs")
    print(f"ratio (python / mlpath, medians): {py_median / rust_median:.1f}x")


if __name__ == "__main__":
    main()
