#!/usr/bin/env python3
"""Times `mlpath drift A B --json` against a Python process doing the same numbers.

Generates two seeded 1,000,000-row x 10-column numeric CSV files (some columns drift,
some do not, some have ties), then runs

  1. target/release/mlpath drift A B --json
  2. a fresh Python process: pandas.read_csv of both files, then per column
     scipy.stats.ks_2samp and scipy.stats.wasserstein_distance

checks that the two agree (KS statistic and Wasserstein to 1e-9, KS p-value to 1e-4
relative), and prints both wall-clock times and their ratio.

Usage: python3 benches/compare_drift.py [--rows N] [--binary PATH] [--keep DIR]
Build first: cargo build --release
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

PYTHON_SIDE = r"""
import json, sys
import pandas as pd
from scipy import stats
a = pd.read_csv(sys.argv[1])
b = pd.read_csv(sys.argv[2])
out = {}
for c in a.columns:
    x, y = a[c].to_numpy(), b[c].to_numpy()
    ks = stats.ks_2samp(x, y)
    out[c] = {"ks_statistic": float(ks.statistic), "ks_p_value": float(ks.pvalue),
              "wasserstein": float(stats.wasserstein_distance(x, y))}
print(json.dumps(out))
"""


def generate(path_a, path_b, rows, seed=7):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    n = rows

    def pair(make_ref, make_cur):
        return make_ref(), make_cur()

    columns = {
        "steady_normal": pair(lambda: rng.normal(0, 1, n), lambda: rng.normal(0, 1, n)),
        "tiny_shift": pair(lambda: rng.normal(0, 1, n), lambda: rng.normal(0.01, 1, n)),
        "small_shift": pair(lambda: rng.normal(10, 2, n), lambda: rng.normal(10.1, 2, n)),
        "wider": pair(lambda: rng.normal(0, 1, n), lambda: rng.normal(0, 1.1, n)),
        "lognormal": pair(lambda: rng.lognormal(3, 0.5, n), lambda: rng.lognormal(3.02, 0.5, n)),
        "uniform": pair(lambda: rng.uniform(0, 100, n), lambda: rng.uniform(0, 100, n)),
        "exponential": pair(lambda: rng.exponential(5, n), lambda: rng.exponential(5.5, n)),
        "rounded": pair(lambda: np.round(rng.normal(50, 5, n), 1),
                        lambda: np.round(rng.normal(50, 5, n), 1)),
        "counts": pair(lambda: rng.poisson(20, n).astype(float),
                       lambda: rng.poisson(20.3, n).astype(float)),
        "mixture": pair(lambda: np.where(rng.random(n) < 0.3, rng.normal(-2, 1, n), rng.normal(3, 1, n)),
                        lambda: np.where(rng.random(n) < 0.35, rng.normal(-2, 1, n), rng.normal(3, 1, n))),
    }
    ref = pd.DataFrame({k: v[0] for k, v in columns.items()})
    cur = pd.DataFrame({k: v[1] for k, v in columns.items()})
    ref.to_csv(path_a, index=False, float_format="%.6f")
    cur.to_csv(path_b, index=False, float_format="%.6f")


def timed(command):
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr}")
    return elapsed, result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--binary", default=None, help="mlpath binary (default: target/release/mlpath)")
    parser.add_argument("--keep", default=None, help="write the CSV files here and keep them")
    parser.add_argument("--repeat", type=int, default=3, help="runs per side; the best time counts")
    args = parser.parse_args()

    try:
        import numpy  # noqa: F401
        import pandas  # noqa: F401
        import scipy  # noqa: F401
    except ImportError as e:
        print(f"skipped: python3 needs numpy, pandas and scipy for this comparison ({e})")
        return 0

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
    binary = args.binary or os.path.join(target, "release", "mlpath")
    if not os.path.exists(binary):
        print(f"skipped: {binary} not found; run `cargo build --release` first")
        return 0

    workdir = args.keep or tempfile.mkdtemp(prefix="mlpath-drift-")
    os.makedirs(workdir, exist_ok=True)
    path_a = os.path.join(workdir, "reference.csv")
    path_b = os.path.join(workdir, "current.csv")
    try:
        if not (args.keep and os.path.exists(path_a) and os.path.exists(path_b)):
            print(f"generating {args.rows:,} rows x 10 columns twice in {workdir} ...")
            generate(path_a, path_b, args.rows)
        size = (os.path.getsize(path_a) + os.path.getsize(path_b)) / 1e6
        print(f"files: {size:.0f} MB together")

        rust_times, python_times = [], []
        rust_out = python_out = None
        for _ in range(args.repeat):
            t, rust_out = timed([binary, "drift", path_a, path_b, "--json"])
            rust_times.append(t)
            t, python_out = timed([sys.executable, "-c", PYTHON_SIDE, path_a, path_b])
            python_times.append(t)

        rust = {c["name"]: c for c in json.loads(rust_out)["columns"]}
        python = json.loads(python_out)
        worst_p = 0.0
        problems = []
        for name, expected in python.items():
            got = rust[name]
            if abs(got["ks_statistic"] - expected["ks_statistic"]) > 1e-9:
                problems.append(f"{name}: KS D {got['ks_statistic']} vs {expected['ks_statistic']}")
            w, ew = got["wasserstein"], expected["wasserstein"]
            if abs(w - ew) > 1e-9 * max(abs(ew), 1.0):
                problems.append(f"{name}: W1 {w} vs {ew}")
            p, ep = got["ks_p_value"], expected["ks_p_value"]
            if not (p < 1e-300 and ep < 1e-300):
                rel = abs(p - ep) / max(ep, 1e-300)
                worst_p = max(worst_p, rel)
                if rel > 1e-4:
                    problems.append(f"{name}: KS p {p} vs {ep}")
        print(f"{'column':<14} {'KS D':>10} {'KS p':>11} {'W1':>10}")
        for name, expected in python.items():
            print(f"{name:<14} {expected['ks_statistic']:>10.6f} {expected['ks_p_value']:>11.3e} "
                  f"{expected['wasserstein']:>10.5f}")
        print(f"agreement: {'OK' if not problems else 'MISMATCH'} "
              f"(worst KS p-value relative difference {worst_p:.1e})")
        for p in problems:
            print("  " + p)
        r, py = min(rust_times), min(python_times)
        print(f"mlpath drift --json : {r:.3f} s (best of {args.repeat}: "
              f"{', '.join(f'{t:.3f}' for t in rust_times)})")
        print(f"python + scipy      : {py:.3f} s (best of {args.repeat}: "
              f"{', '.join(f'{t:.3f}' for t in python_times)})")
        print(f"ratio               : {py / r:.1f}x faster")
        return 1 if problems else 0
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
