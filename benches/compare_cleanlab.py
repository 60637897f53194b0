#!/usr/bin/env python3
"""Compares the label issues `mlpath audit --target` ranks with those the cleanlab
package finds, on bundled datasets with labels flipped on purpose.

For each dataset a share of the labels (default 5 %) is flipped with NumPy's
default_rng(seed): a flipped row gets another class drawn uniformly. Both sides then
look for label issues in the same noisy file:

    mlpath    `mlpath audit NOISY.csv --target T --json`: its `label_issues`, ranked.
    cleanlab  out-of-sample probabilities from 5-fold stratified cross_val_predict of
              StandardScaler + LogisticRegression(max_iter=1000) on the numeric
              features, then cleanlab.filter.find_label_issues(labels, pred_probs,
              filter_by="confident_learning",
              return_indices_ranked_by="self_confidence").

The two methods are the same (Northcutt, Jiang & Chuang, 2021) but the folds and the
solver differ (mlpath's folds are its own seeded ones; linfa's and scikit-learn's
logistic regressions are regularised differently), so the sets overlap without being
equal. Reported per dataset: the planted flips; each side's count of issues, how many
of them are planted flips (precision) and how many flips they find (recall); the
overlap of the two sets (shared / union); and how many of the top k of each ranking
are shared, with k the number of planted flips.

Then it times the whole audit on a 10,000-row, 6-column file with 5 % of its labels
flipped: `mlpath audit FILE --target y --json` against Python doing the same work
(pandas read_csv, the missing and duplicate counts, cross_val_predict and
find_label_issues), both as whole processes (the issue's measure), and Python also
after its imports, which favours it.

Usage (from the repository root, after `cargo build --release`):
    python3 benches/compare_cleanlab.py [--share 0.05] [--seed 7] [--mlpath PATH]

Skips (exit 0) with a message when numpy, pandas, scikit-learn or cleanlab is missing.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

try:
    import numpy as np
    import pandas as pd
    from cleanlab.filter import find_label_issues
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
except ImportError as missing:
    print(f"compare_cleanlab: skipped, needs numpy, pandas, scikit-learn and cleanlab ({missing})")
    sys.exit(0)

# (bundled dataset, target column)
DATASETS = [("breast_cancer", "diagnosis"), ("wine", "cultivar"), ("digits", "digit"), ("phishing", "is_phishing")]


def mlpath_binary(given):
    if given:
        return given
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    return os.path.join(target, "release", "mlpath")


def plant_flips(frame, target, share, rng):
    labels = frame[target].astype(str).to_numpy().copy()
    classes = np.unique(labels)
    n = len(labels)
    flipped = np.sort(rng.choice(n, int(round(share * n)), replace=False))
    for row in flipped:
        others = classes[classes != labels[row]]
        labels[row] = others[rng.integers(len(others))]
    noisy = frame.copy()
    noisy[target] = labels
    return noisy, set(int(r) for r in flipped)


def cleanlab_issues(frame, target):
    labels_text = frame[target].astype(str).to_numpy()
    classes = sorted(set(labels_text))
    labels = np.array([classes.index(v) for v in labels_text])
    features = frame.drop(columns=[target]).select_dtypes("number").to_numpy(dtype=float)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
    probs = cross_val_predict(model, features, labels, cv=folds, method="predict_proba")
    ranked = find_label_issues(
        labels,
        probs,
        filter_by="confident_learning",
        return_indices_ranked_by="self_confidence",
    )
    return [int(r) for r in ranked]


def mlpath_issues(binary, path, target):
    out = subprocess.run(
        [binary, "audit", path, "--target", target, "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return [issue["row"] for issue in json.loads(out.stdout)["label_issues"]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--share", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mlpath")
    args = parser.parse_args()
    binary = mlpath_binary(args.mlpath)
    if not os.path.exists(binary):
        sys.exit(f"compare_cleanlab: {binary} not found; run `cargo build --release` first")
    rng = np.random.default_rng(args.seed)
    print(f"label issues on bundled data with {args.share:.0%} of labels flipped (seed {args.seed})")
    print(
        f"{'dataset':<14}{'flips':>6} | {'mlpath':>6}{'prec':>6}{'recall':>7} | "
        f"{'clnlab':>6}{'prec':>6}{'recall':>7} | {'overlap':>8}{'top-k':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, target in DATASETS:
            frame = pd.read_csv(os.path.join("datasets", f"{name}.csv"))
            noisy, flips = plant_flips(frame, target, args.share, rng)
            path = os.path.join(tmp, f"{name}_noisy.csv")
            noisy.to_csv(path, index=False)
            ours = mlpath_issues(binary, path, target)
            theirs = cleanlab_issues(noisy, target)
            k = len(flips)
            shared = len(set(ours) & set(theirs))
            union = len(set(ours) | set(theirs))
            top_shared = len(set(ours[:k]) & set(theirs[:k]))

            def quality(found):
                hits = len(set(found) & flips)
                return hits / max(len(found), 1), hits / max(k, 1)

            p_ours, r_ours = quality(ours)
            p_theirs, r_theirs = quality(theirs)
            print(
                f"{name:<14}{k:>6} | {len(ours):>6}{p_ours:>6.2f}{r_ours:>7.2f} | "
                f"{len(theirs):>6}{p_theirs:>6.2f}{r_theirs:>7.2f} | "
                f"{shared / max(union, 1):>8.2f}{top_shared:>5}/{k:<3}"
            )
        time_label_audit(binary, tmp, args.seed)


def time_label_audit(binary, tmp, seed, runs=3):
    rng = np.random.default_rng(seed)
    n = 10_000
    y = rng.integers(0, 2, n)
    features = rng.normal(0.0, 1.0, (n, 5)) + y[:, None] * 1.5
    flips = rng.choice(n, n // 20, replace=False)
    y[flips] = 1 - y[flips]
    frame = pd.DataFrame(np.round(features, 4), columns=[f"x{i}" for i in range(5)])
    frame["y"] = np.where(y == 1, "yes", "no")
    path = os.path.join(tmp, "labels_10k.csv")
    frame.to_csv(path, index=False)

    def python_side():
        table = pd.read_csv(path)
        table.isna().sum()
        table.duplicated().sum()
        return cleanlab_issues(table, "y")

    script = os.path.join(tmp, "python_side.py")
    with open(script, "w") as f:
        f.write(
            "import sys, pandas as pd\n"
            f"sys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r})\n"
            "from compare_cleanlab import cleanlab_issues\n"
            f"t = pd.read_csv({path!r}); t.isna().sum(); t.duplicated().sum()\n"
            "cleanlab_issues(t, 'y')\n"
        )
    ours, theirs, whole = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, script], check=True, capture_output=True)
        whole.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run([binary, "audit", path, "--target", "y", "--json"], check=True, capture_output=True)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        python_side()
        theirs.append(time.perf_counter() - start)
    a, b, c = min(ours), min(theirs), min(whole)
    print(
        f"10,000 x 6 with label issues (best of {runs}): mlpath {a * 1000:.0f} ms; "
        f"Python {c * 1000:.0f} ms whole process ({c / a:.1f}x), "
        f"{b * 1000:.0f} ms after imports ({b / a:.1f}x)"
    )


if __name__ == "__main__":
    main()
