"""Child process of the ingest benchmark: reads one CSV with pandas and prints one JSON line.

Usage: python3 bench/pandas_read.py <file.csv>

Times only `read_csv` (importing pandas is excluded, as module loading is for the node tools),
with pandas' defaults: the C parser, no date parsing, so dates stay strings.
"""
import json
import platform
import resource
import sys
import time

import pandas as pd


def main() -> None:
    path = sys.argv[1]
    started = time.perf_counter()
    frame = pd.read_csv(path)
    seconds = time.perf_counter() - started
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    scale = 1 if platform.system() == "Darwin" else 1024
    result = {
        "seconds": seconds,
        "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale,
        "rows": int(frame.shape[0]),
        "columns": int(frame.shape[1]),
        "frameBytes": int(frame.memory_usage(deep=False).sum()),
        "version": pd.__version__,
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
