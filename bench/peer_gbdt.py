"""Child process of the `learners` benchmark: trains one peer on a prepared table, prints one JSON line.

Usage: /usr/bin/python3 bench/peer_gbdt.py <xgboost|hgb|sklearn_rf> <table.json>

<table.json> describes <table.f64>, written by bench/learners.ts: float64 little-endian, column-major,
the features in order and then the target (class codes for classification). Categorical features
hold category codes (-1 = missing); they are declared categorical to HistGradientBoosting
(`categorical_features` mask) and to XGBoost (pandas `category` dtype + `enable_categorical`), and
passed as ordinal numbers to RandomForest (scikit-learn 1.2's forests take neither NaN nor
categories; the tables here have no missing codes).

Settings match ours: 100 trees, 31 leaves (XGBoost: lossguide, max_leaves=31, max_depth=0), learning
rate 0.1, 255 bins (+ missing), min 20 rows per leaf (XGBoost has no row minimum: min_child_weight
stays at its default 1, as in speed_anchor.py), no L2 (XGBoost reg_lambda=0), no early stopping,
seed 42, one thread. RandomForest: scikit-learn defaults, 100 trees, n_jobs=1.

Times `fit` (binning included, as our fit bins too) and then prediction on every row of the table
(probabilities for classification); the data is loaded and converted before the clock starts.
"""
import os

# One thread: must be set before numpy / sklearn / xgboost load their OpenMP and BLAS runtimes.
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import json  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

TREES, LEAVES, LR, BINS, MIN_LEAF, SEED = 100, 31, 0.1, 255, 20, 42


def load(meta_path):
    meta = json.load(open(meta_path))
    rows, features = meta["rows"], meta["features"]
    data = np.fromfile(os.path.join(os.path.dirname(meta_path), meta["dataFile"]), dtype="<f8").reshape(len(features) + 1, rows)
    return meta, data[:-1], data[-1]


def train_loss(task, out, y):
    """In-sample log loss (binary) or RMSE (regression): a sanity check that every tool learnt the same."""
    if task == "regression":
        return float(np.sqrt(np.mean((out - y) ** 2)))
    p = np.clip(out[np.arange(len(y)), y.astype(int)], 1e-15, 1)
    return float(-np.mean(np.log(p)))


def main():
    tool, meta_path = sys.argv[1], sys.argv[2]
    meta, columns, y = load(meta_path)
    task, features = meta["task"], meta["features"]
    categorical = [f["kind"] == "categorical" for f in features]
    classifier = task != "regression"
    if classifier:
        y = y.astype(np.int64)

    if tool == "xgboost":
        import pandas as pd
        import xgboost as xgb
        version = xgb.__version__
        if any(categorical):
            X = pd.DataFrame({f["name"]: (pd.Categorical.from_codes(col.astype(np.int64), categories=range(f["levels"]))
                                          if f["kind"] == "categorical" else col) for f, col in zip(features, columns)})
        else:
            X = np.ascontiguousarray(columns.T)
        objective = {"binary": "binary:logistic", "multiclass": "multi:softprob", "regression": "reg:squarederror"}[task]
        M = xgb.XGBClassifier if classifier else xgb.XGBRegressor
        model = M(n_estimators=TREES, tree_method="hist", grow_policy="lossguide", max_leaves=LEAVES, max_depth=0,
                  learning_rate=LR, max_bin=BINS, reg_lambda=0.0, random_state=SEED, n_jobs=1, objective=objective,
                  enable_categorical=any(categorical), verbosity=0)
    elif tool == "hgb":
        import sklearn
        from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
        version = sklearn.__version__
        X = np.ascontiguousarray(columns.T)
        mask = np.array(categorical, dtype=bool)
        X[:, mask] = np.where(X[:, mask] < 0, np.nan, X[:, mask])  # HGB: missing categories are NaN
        M = HistGradientBoostingClassifier if classifier else HistGradientBoostingRegressor
        model = M(max_iter=TREES, max_leaf_nodes=LEAVES, learning_rate=LR, max_bins=BINS, min_samples_leaf=MIN_LEAF,
                  l2_regularization=0.0, early_stopping=False, random_state=SEED,
                  categorical_features=categorical if any(categorical) else None)
    elif tool == "sklearn_rf":
        import sklearn
        from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
        version = sklearn.__version__
        X = np.ascontiguousarray(columns.T)
        M = RandomForestClassifier if classifier else RandomForestRegressor
        model = M(n_estimators=100, n_jobs=1, random_state=SEED)
    else:
        raise SystemExit(f"unknown tool {tool}")

    started = time.perf_counter()
    model.fit(X, y)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    out = model.predict_proba(X) if classifier else model.predict(X)
    predict_seconds = time.perf_counter() - started
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    scale = 1 if platform.system() == "Darwin" else 1024
    sys.stdout.write(json.dumps({
        "seconds": seconds,
        "predictSeconds": predict_seconds,
        "predictRows": int(len(y)),
        "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale,
        "trainLoss": train_loss(task, out, y),
        "version": version,
    }) + "\n")


if __name__ == "__main__":
    main()
