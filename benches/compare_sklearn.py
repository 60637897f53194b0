#!/usr/bin/env python3
"""Compare `mlpath train` test accuracy with scikit-learn on the very same rows.

For each dataset and model, mlpath trains with `--json --export-split FILE`; this script
reads the exported row indices and fits the scikit-learn counterpart on the same
training rows, then scores both on the same test rows:

    logistic     StandardScaler + LogisticRegression(max_iter=1000)   within 3 points
    naive_bayes  GaussianNB()                                          within 3 points
    tree         DecisionTreeClassifier(random_state=0)                within 6 points

Usage (from the repository root, after `cargo build --release`):

    python3 benches/compare_sklearn.py [--seeds 42,0,1] [--bin PATH]

The binary defaults to $MLPATH_BIN, else $CARGO_TARGET_DIR/release/mlpath, else
target/release/mlpath. Without scikit-learn the script says so and exits 0 (skipped).
Exit status 1 when a difference exceeds its tolerance.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

try:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score
    from sklearn.naive_bayes import GaussianNB
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier
    import sklearn
except ImportError:
    print("compare_sklearn: scikit-learn is not installed; skipped")
    sys.exit(0)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATASETS = ["breast_cancer", "wine", "iris", "phishing"]
MODELS = {
    "logistic": (lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)), 0.03),
    "naive_bayes": (lambda: GaussianNB(), 0.03),
    "tree": (lambda: DecisionTreeClassifier(random_state=0), 0.06),
}


def find_binary(explicit):
    candidates = [explicit, os.environ.get("MLPATH_BIN")]
    target_dir = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    candidates.append(os.path.join(target_dir, "release", "mlpath"))
    for c in candidates:
        if c and os.path.isfile(c):
            return c
    sys.exit("compare_sklearn: no mlpath binary; run `cargo build --release` or pass --bin")


def targets():
    path = os.path.join(ROOT, "datasets", "datasets.toml")
    if tomllib is None:
        # Minimal fallback: the manifest writes `name = "..."` then `target = "..."`.
        found, name = {}, None
        for line in open(path, encoding="utf-8"):
            key, _, value = line.partition("=")
            key, value = key.strip(), value.strip().strip('"')
            if key == "name":
                name = value
            elif key == "target" and name:
                found[name] = value
        return found
    with open(path, "rb") as f:
        manifest = tomllib.load(f)
    return {d["name"]: d.get("target") for d in manifest["datasets"]}


def load(name, target):
    with open(os.path.join(ROOT, "datasets", f"{name}.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    t = header.index(target)
    X = [[float(v) for i, v in enumerate(r) if i != t] for r in rows]
    y = [r[t] for r in rows]
    return X, y


def run_mlpath(binary, dataset, model, seed, split_file):
    out = subprocess.run(
        [binary, "train", dataset, "--model", model, "--seed", str(seed), "--json",
         "--export-split", split_file],
        check=True, capture_output=True, text=True,
    ).stdout
    with open(split_file, encoding="utf-8") as f:
        split = json.load(f)
    return json.loads(out), split


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="42", help="comma-separated split seeds")
    parser.add_argument("--bin", default=None, help="path to the mlpath binary")
    args = parser.parse_args()
    binary = find_binary(args.bin)
    seeds = [int(s) for s in args.seeds.split(",")]
    names = targets()
    print(f"scikit-learn {sklearn.__version__}; mlpath {binary}")
    print(f"{'dataset':<14}{'model':<13}{'seed':>5}{'test':>6}{'mlpath':>9}{'sklearn':>9}{'diff':>8}  ok")
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        split_file = os.path.join(tmp, "split.json")
        for dataset in DATASETS:
            X, y = load(dataset, names[dataset])
            for model, (make, tolerance) in MODELS.items():
                for seed in seeds:
                    report, split = run_mlpath(binary, dataset, model, seed, split_file)
                    train, test = split["train"], split["test"]
                    assert len(train) == report["rows_train"] and len(test) == report["rows_test"]
                    clf = make().fit([X[i] for i in train], [y[i] for i in train])
                    ours = report["metrics"]["accuracy"]
                    theirs = accuracy_score([y[i] for i in test], clf.predict([X[i] for i in test]))
                    diff = ours - theirs
                    ok = abs(diff) <= tolerance + 1e-12
                    failures += not ok
                    print(f"{dataset:<14}{model:<13}{seed:>5}{len(test):>6}{ours:>9.4f}{theirs:>9.4f}"
                          f"{diff:>+8.4f}  {'yes' if ok else 'NO (tolerance %.2f)' % tolerance}")
    if failures:
        print(f"{failures} comparison(s) outside tolerance")
        return 1
    print("all within tolerance")
    return 0


if __name__ == "__main__":
    sys.exit(main())
