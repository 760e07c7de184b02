#!/usr/bin/python3
"""Peers of `npm run bench -- ratings`: HistGradientBoosting and XGBoost defaults on the ratings table.

Usage: /usr/bin/python3 bench/peer_ratings.py <ratings.csv> <split.json>
Trains on the split's training rows (ids, year and timestamp as numbers; the genre ordinal-encoded,
native categorical for HGB, as bench/peers/peer_baseline.py prepares data), scores RMSE on its test
rows, and prints one JSON line: {"results": [{"tool", "rmse", "seconds", "detail"}]}.
"""
import json, sys, time
import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.metrics import mean_squared_error

SEED = 42


def main():
    csv, split_file = sys.argv[1], sys.argv[2]
    df = pd.read_csv(csv)
    split = json.load(open(split_file))
    y = df.pop("rating").astype(float).to_numpy()
    df["genre"] = df["genre"].astype("category").cat.codes.astype(float)
    X = df.to_numpy(dtype=float)
    tr, te = np.array(split["train"]), np.array(split["test"])
    mask = [c == "genre" for c in df.columns]
    results = []
    for tool, model in [
        ("HGB", HistGradientBoostingRegressor(categorical_features=mask, random_state=SEED)),
        ("XGBoost", xgb.XGBRegressor(n_jobs=2, random_state=SEED)),
    ]:
        t0 = time.time()
        model.fit(X[tr], y[tr])
        rmse = float(np.sqrt(mean_squared_error(y[te], model.predict(X[te]))))
        results.append({"tool": tool, "rmse": rmse, "seconds": time.time() - t0, "detail": "defaults"})
    print(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
