"""Child process of the `explain` benchmark: XGBoost's C++ TreeSHAP on a comparable model, one JSON line.

Usage: /usr/bin/python3 bench/peer_shap.py <train.csv> <explain.csv>

Both CSVs are written by bench/explain.ts from its seeded generator: a header `f0,...,f19,y`, then
one row per line (numbers in their shortest round-trip form, so numpy reads exactly the doubles our
side uses). Trains XGBoost on the training file with the settings of the brief -- tree_method='hist',
grow_policy='lossguide', max_leaves=31, max_depth=0, 100 rounds, learning_rate=0.1, one thread --
through the native API (`xgb.train`, the same booster `XGBRegressor(n_estimators=100)` builds, without
needing scikit-learn), then times only `booster.predict(dmatrix, pred_contribs=True)` on the explained
rows (exact path-dependent TreeSHAP; the DMatrix is built before the clock starts).

Prints: seconds of the first contributions call (`seconds`, the measured figure) and of a second
call in the same process (`warmSeconds`), peak RSS, the tree shape (leaves and depths, from the JSON
dump), the additivity error max |sum of contributions - margin| and the training RMSE.
"""
import os

# One thread: must be set before numpy / xgboost load their OpenMP and BLAS runtimes.
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import json  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

TREES, LEAVES, LR, SEED = 100, 31, 0.1, 42


def load(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64, ndmin=2)
    return np.ascontiguousarray(data[:, :-1]), np.ascontiguousarray(data[:, -1])


def tree_shape(booster):
    """Per tree: leaves, depth (internal nodes on the longest root-to-leaf path) and mean leaf depth."""
    leaves, depths, leaf_depths = [], [], []
    for text in booster.get_dump(dump_format="json"):
        stack = [(json.loads(text), 0)]
        depth_of_leaves = []
        while stack:
            node, depth = stack.pop()
            children = node.get("children")
            if not children:
                depth_of_leaves.append(depth)
                continue
            stack.extend((child, depth + 1) for child in children)
        leaves.append(len(depth_of_leaves))
        depths.append(max(depth_of_leaves))
        leaf_depths.append(sum(depth_of_leaves) / len(depth_of_leaves))
    return {
        "trees": len(leaves),
        "meanLeaves": float(np.mean(leaves)),
        "meanDepth": float(np.mean(depths)),
        "maxDepth": int(max(depths)),
        "meanLeafDepth": float(np.mean(leaf_depths)),
    }


def main():
    train_path, explain_path = sys.argv[1], sys.argv[2]
    import xgboost as xgb

    x_train, y_train = load(train_path)
    x_explain, _ = load(explain_path)
    params = {
        "tree_method": "hist",
        "grow_policy": "lossguide",
        "max_leaves": LEAVES,
        "max_depth": 0,
        "learning_rate": LR,
        "nthread": 1,
        "objective": "reg:squarederror",
        "seed": SEED,
        "verbosity": 0,
    }
    train = xgb.DMatrix(x_train, label=y_train, nthread=1)
    booster = xgb.train(params, train, num_boost_round=TREES)
    train_rmse = float(np.sqrt(np.mean((booster.predict(train) - y_train) ** 2)))
    explain = xgb.DMatrix(x_explain, nthread=1)

    started = time.perf_counter()
    contribs = booster.predict(explain, pred_contribs=True)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    booster.predict(explain, pred_contribs=True)
    warm_seconds = time.perf_counter() - started

    # Last column is the bias (expected value); the row sums are the margins.
    margin = booster.predict(explain, output_margin=True)
    additivity = float(np.max(np.abs(contribs.sum(axis=1, dtype=np.float64) - margin)))
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    scale = 1 if platform.system() == "Darwin" else 1024
    sys.stdout.write(json.dumps({
        "seconds": seconds,
        "warmSeconds": warm_seconds,
        "rows": int(x_explain.shape[0]),
        "features": int(x_explain.shape[1]),
        "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale,
        "shape": tree_shape(booster),
        "additivityError": additivity,
        "trainRmse": train_rmse,
        "version": xgb.__version__,
    }) + "\n")


if __name__ == "__main__":
    main()
