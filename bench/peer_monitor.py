"""The peer of `npm run bench -- monitor`: per column of a 1M-row window against the reference
sample, what Evidently computes for references of more than 1,000 rows (scipy's Wasserstein
distance over the reference's population std) plus PSI over the reference's decile edges, the null
rate and the out-of-range share, with numpy and scipy. Prints one JSON line with the timings."""
import json
import sys
import time

import numpy as np
import scipy
from scipy.stats import wasserstein_distance


def main() -> None:
    folder, columns, window_rows, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    ref = np.fromfile(f"{folder}/reference.f64", dtype=np.float64).reshape(columns, -1)
    win = np.fromfile(f"{folder}/window.f64", dtype=np.float64).reshape(columns, window_rows)
    meta = json.load(open(f"{folder}/edges.json"))

    def check() -> None:
        for j in range(columns):
            r = ref[j][~np.isnan(ref[j])]
            w_all = win[j]
            missing = np.isnan(w_all)
            w = w_all[~missing]
            _ = missing.mean()
            _ = wasserstein_distance(r, w) / meta[j]["std"]
            edges = np.asarray(meta[j]["edges"])
            ref_counts = np.bincount(np.searchsorted(edges, r, side="left"), minlength=len(edges) + 1)
            cur_counts = np.bincount(np.searchsorted(edges, w, side="left"), minlength=len(edges) + 1)
            p = np.where(ref_counts == 0, 1e-4, ref_counts / ref_counts.sum())
            q = np.where(cur_counts == 0, 1e-4, cur_counts / cur_counts.sum())
            _ = np.sum((q - p) * np.log(q / p))
            _ = ((w < meta[j]["min"]) | (w > meta[j]["max"])).mean()

    check()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        check()
        times.append(time.perf_counter() - start)
    print(json.dumps({"medianSeconds": float(np.median(times)), "runSeconds": times, "versions": f"numpy {np.__version__}, scipy {scipy.__version__}"}))


main()
