#!/usr/bin/python3
"""Peer baseline for the hidden AutoML benchmark (Debian python3-sklearn / xgboost).

For every dataset in datasets/manifest.json:
  * fixed 80/20 holdout (stratified for classification, seed 42); indices are
    written to splits/NAME.json on first use and re-read afterwards, so other
    engines can use exactly the same rows;
  * (a) "AutoML-lite": random search over HistGradientBoosting, RandomForest,
        ExtraTrees, Logistic/Ridge, kNN with 5-fold CV, stopped by a wall-clock
        budget, best by CV score, refit on the full training part, scored on
        the holdout;
  * (b) LightGBM defaults (only if `import lightgbm` works);
  * (c) XGBoost defaults;
  * (d) sklearn HistGradientBoosting defaults (a LightGBM-like reference).

Run with Debian's interpreter:  /usr/bin/python3 peer_baseline.py [options]

--seeded-splits N runs every dataset on the seeded splits 1..N that
`npm run bench -- automl:splits` writes to bench/.scratch/seeded-splits (the
splits `AUTOML_BENCH_SPLITS=N npm run bench -- automl` scores us on), and
records each result with its `split_seed` (default out: peer_results_seeded).
"""
import argparse, gc, json, os, platform, sys, time, warnings
import numpy as np
import pandas as pd
from scipy.stats import loguniform, randint
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import (ExtraTreesClassifier, ExtraTreesRegressor, HistGradientBoostingClassifier,
                              HistGradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, f1_score, log_loss, mean_squared_error, r2_score, roc_auc_score
from sklearn.model_selection import KFold, ParameterSampler, StratifiedKFold, cross_validate, train_test_split
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import LabelEncoder, OneHotEncoder, OrdinalEncoder, StandardScaler

warnings.filterwarnings("ignore")
os.environ.setdefault("PYTHONWARNINGS", "ignore")  # also silences loky workers

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 42
TEST_FRACTION = 0.2

try:
    import xgboost as xgb
except Exception:  # pragma: no cover
    xgb = None
try:
    import lightgbm as lgb
except Exception:
    lgb = None


# ---------------------------------------------------------------- data / split
def load(entry, ddir):
    df = pd.read_csv(os.path.join(ddir, entry["file"]), low_memory=False)
    y = df[entry["target"]]
    X = df.drop(columns=[entry["target"]])
    if entry["task"] != "regression":
        y = y.astype(str)
    else:
        y = y.astype(float)
    return X, y


def get_split(entry, y, sdir):
    path = os.path.join(sdir, entry["name"] + ".json")
    if os.path.exists(path):
        s = json.load(open(path))
        return np.array(s["train"]), np.array(s["test"])
    idx = np.arange(len(y))
    strat = y if entry["task"] != "regression" else None
    tr, te = train_test_split(idx, test_size=TEST_FRACTION, random_state=SEED, stratify=strat)
    tr, te = np.sort(tr), np.sort(te)
    json.dump({"name": entry["name"], "seed": SEED, "test_fraction": TEST_FRACTION,
               "stratified": strat is not None,
               "method": "sklearn.model_selection.train_test_split(random_state=42, stratify=y if classification)",
               "index_base": 0, "index_meaning": "0-based data-row index in the CSV (header excluded)",
               "n_train": int(len(tr)), "n_test": int(len(te)),
               "train": tr.tolist(), "test": te.tolist()}, open(path, "w"))
    return tr, te


def featurize(X, entry):
    """Stateless per-row feature prep: dates -> numeric parts, free text dropped."""
    types = {c["name"]: c["type"] for c in entry["columns"]}
    out, num, cat, dropped = {}, [], [], []
    for c in X.columns:
        t = types.get(c, "numeric")
        if t == "numeric":
            out[c] = pd.to_numeric(X[c], errors="coerce").astype(float); num.append(c)
        elif t == "categorical":
            out[c] = X[c].where(X[c].isna(), X[c].astype(str)).astype(object); cat.append(c)
        elif t == "date":
            d = pd.to_datetime(X[c], errors="coerce")
            parts = {"year": d.dt.year, "month": d.dt.month, "day": d.dt.day, "dow": d.dt.dayofweek,
                     "days": (d - pd.Timestamp("1970-01-01")).dt.total_seconds() / 86400.0}
            if ((d.dt.hour.fillna(0) != 0) | (d.dt.minute.fillna(0) != 0)).any():
                parts["hour"] = d.dt.hour + d.dt.minute / 60.0
            for k, v in parts.items():
                out[f"{c}__{k}"] = v.astype(float); num.append(f"{c}__{k}")
        else:  # text
            dropped.append(c)
    return pd.DataFrame(out, index=X.index), num, cat, dropped


# ---------------------------------------------------------------- preprocessing
def pre_tree(num, cat, impute_numeric):
    """Ordinal-encode categoricals (missing -> own category, unseen -> NaN / -1)."""
    cat_pipe = Pipeline([("fill", SimpleImputer(strategy="constant", fill_value="__NA__")),
                         ("ord", OrdinalEncoder(handle_unknown="use_encoded_value",
                                                unknown_value=(-1 if impute_numeric else np.nan)))])
    num_pipe = SimpleImputer(strategy="median") if impute_numeric else "passthrough"
    return ColumnTransformer([("num", num_pipe, num), ("cat", cat_pipe, cat)], sparse_threshold=0)


def pre_linear(num, cat):
    num_pipe = Pipeline([("imp", SimpleImputer(strategy="median", add_indicator=True)), ("sc", StandardScaler())])
    cat_pipe = Pipeline([("fill", SimpleImputer(strategy="constant", fill_value="__NA__")),
                         ("oh", OneHotEncoder(handle_unknown="infrequent_if_exist", max_categories=32,
                                              sparse_output=False))])
    return ColumnTransformer([("num", num_pipe, num), ("cat", cat_pipe, cat)], sparse_threshold=0)


def native_cat_mask(Xtr, num, cat):
    # HGB/LightGBM native categorical only for columns with <= 250 levels (HGB max_bins limit)
    return [False] * len(num) + [Xtr[c].nunique() <= 250 for c in cat]


# ---------------------------------------------------------------- search spaces
def families(task, n_train, num, cat, mask):
    clf = task != "regression"
    fam = {}
    fam["hgb"] = (lambda p: Pipeline([("pre", pre_tree(num, cat, False)), ("m", (HistGradientBoostingClassifier if clf else HistGradientBoostingRegressor)(categorical_features=mask if any(mask) else None, random_state=SEED, **p))]),
                  {"learning_rate": loguniform(0.01, 0.3), "max_leaf_nodes": randint(8, 128), "min_samples_leaf": randint(5, 100),
                   "l2_regularization": [0.0, 1e-3, 0.1, 1.0, 10.0], "max_iter": [100, 200, 400]})
    fam["rf"] = (lambda p: Pipeline([("pre", pre_tree(num, cat, True)), ("m", (RandomForestClassifier if clf else RandomForestRegressor)(random_state=SEED, n_jobs=1, **p))]),
                 {"n_estimators": [100, 200, 300], "max_features": ["sqrt", 0.3, 0.5, 1.0], "min_samples_leaf": [1, 2, 4, 8]})
    fam["et"] = (lambda p: Pipeline([("pre", pre_tree(num, cat, True)), ("m", (ExtraTreesClassifier if clf else ExtraTreesRegressor)(random_state=SEED, n_jobs=1, **p))]),
                 {"n_estimators": [100, 200, 300], "max_features": ["sqrt", 0.3, 0.5, 1.0], "min_samples_leaf": [1, 2, 4, 8]})
    if clf:
        fam["linear"] = (lambda p: Pipeline([("pre", pre_linear(num, cat)), ("m", LogisticRegression(max_iter=2000, **p))]),
                         {"C": loguniform(1e-3, 1e2)})
    else:
        fam["linear"] = (lambda p: Pipeline([("pre", pre_linear(num, cat)), ("m", Ridge(**p))]),
                         {"alpha": loguniform(1e-3, 1e3)})
    if n_train <= 60000:  # kNN prediction on 400k x 100k rows is far outside the budget
        fam["knn"] = (lambda p: Pipeline([("pre", pre_linear(num, cat)), ("m", (KNeighborsClassifier if clf else KNeighborsRegressor)(**p))]),
                      {"n_neighbors": randint(1, 50), "weights": ["uniform", "distance"], "p": [1, 2]})
    return fam


def set_jobs(pipe, n):
    m = pipe.named_steps["m"]
    if "n_jobs" in m.get_params():
        m.set_params(n_jobs=n)
    return pipe


# ---------------------------------------------------------------- metrics
def holdout_metrics(task, model, Xte, yte, entry):
    out = {}
    if task == "regression":
        pred = model.predict(Xte)
        out["rmse"] = float(np.sqrt(mean_squared_error(yte, pred))); out["r2"] = float(r2_score(yte, pred))
        return out
    classes = list(model.classes_)
    proba = model.predict_proba(Xte)
    pred = np.array(classes, dtype=object)[proba.argmax(1)]
    out["accuracy"] = float(accuracy_score(yte, pred))
    if task == "binary":
        pos = str(entry.get("positive_class", classes[1]))
        out["roc_auc"] = float(roc_auc_score((yte == pos).astype(int), proba[:, classes.index(pos)]))
        out["log_loss"] = float(log_loss(yte, proba, labels=classes))
    else:
        out["macro_f1"] = float(f1_score(yte, pred, average="macro"))
        out["log_loss"] = float(log_loss(yte, proba, labels=classes))
    return out


class Encoded:
    """Wrap a model trained on integer-encoded labels so it exposes string classes_."""
    def __init__(self, model, le):
        self.m, self.le, self.classes_ = model, le, le.classes_
    def predict_proba(self, X):
        return self.m.predict_proba(X)
    def predict(self, X):
        return self.m.predict(X)


# ---------------------------------------------------------------- runners
def run_automl(entry, Xtr, ytr, Xte, yte, num, cat, budget, search_cap, max_per_family):
    task = entry["task"]; t0 = time.time()
    mask = native_cat_mask(Xtr, num, cat)
    fam = families(task, len(Xtr), num, cat, mask)
    # optional stratified subsample for the search phase only
    if len(Xtr) > search_cap:
        strat = ytr if task != "regression" else None
        sidx, _ = train_test_split(np.arange(len(Xtr)), train_size=search_cap, random_state=SEED, stratify=strat)
        Xs, ys = Xtr.iloc[sidx], ytr.iloc[sidx]
    else:
        Xs, ys = Xtr, ytr
    if task == "regression":
        cv, scoring = KFold(5, shuffle=True, random_state=SEED), "neg_root_mean_squared_error"
    else:
        cv = StratifiedKFold(5, shuffle=True, random_state=SEED)
        scoring = "roc_auc" if task == "binary" else "f1_macro"
    samplers = {k: iter(ParameterSampler(v[1], n_iter=max_per_family - 1, random_state=SEED)) for k, v in fam.items()}
    first = {k: True for k in fam}
    trials, order, i = [], list(fam), 0
    while time.time() - t0 < budget:
        active = [k for k in order if first[k] or samplers[k] is not None]
        if not active:
            break
        k = active[i % len(active)]; i += 1
        if first[k]:
            params, first[k] = {}, False           # library defaults first
        else:
            try:
                params = next(samplers[k])
            except StopIteration:
                samplers[k] = None; continue
        pipe = fam[k][0](params)
        ts = time.time()
        r = cross_validate(pipe, Xs, ys, cv=cv, scoring=scoring, n_jobs=2, error_score=np.nan)
        sc = float(np.mean(r["test_score"]))
        trials.append({"family": k, "params": {a: (b if isinstance(b, (str, int, float)) else float(b)) for a, b in params.items()},
                       "cv_score": None if np.isnan(sc) else sc, "cv_s": round(time.time() - ts, 2)})
    search_s = time.time() - t0
    ok = [t for t in trials if t["cv_score"] is not None]
    best = max(ok, key=lambda t: t["cv_score"])
    pipe = set_jobs(fam[best["family"]][0](best["params"]), 2)
    ts = time.time(); pipe.fit(Xtr, ytr); refit_s = time.time() - ts
    ts = time.time(); met = holdout_metrics(task, pipe, Xte, yte, entry); pred_s = time.time() - ts
    per_fam = {k: sum(1 for t in trials if t["family"] == k) for k in fam}
    best_by_fam = {k: max([t["cv_score"] for t in ok if t["family"] == k], default=None) for k in fam}
    return {"best_family": best["family"], "best_params": best["params"], "cv_metric": scoring,
            "cv_score": best["cv_score"], "n_configs": len(trials), "configs_per_family": per_fam,
            "best_cv_per_family": best_by_fam, "search_rows": int(len(Xs)), "search_s": round(search_s, 2),
            "refit_s": round(refit_s, 2), "predict_s": round(pred_s, 2), "total_s": round(time.time() - t0, 2),
            "holdout": met, "trials": trials}


def run_default(kind, entry, Xtr, ytr, Xte, yte, num, cat):
    task = entry["task"]; clf = task != "regression"
    mask = native_cat_mask(Xtr, num, cat)
    pre = pre_tree(num, cat, False)
    t0 = time.time()
    A = pre.fit_transform(Xtr); B = pre.transform(Xte)
    le = None
    yfit = ytr.values
    if clf and kind in ("xgboost", "lightgbm"):
        le = LabelEncoder().fit(ytr); yfit = le.transform(ytr)
    if kind == "hgb":
        m = (HistGradientBoostingClassifier if clf else HistGradientBoostingRegressor)(
            categorical_features=mask if any(mask) else None, random_state=SEED)
        m.fit(A, yfit)
    elif kind == "xgboost":
        m = (xgb.XGBClassifier if clf else xgb.XGBRegressor)(n_jobs=2, random_state=SEED)
        m.fit(A, yfit)
    elif kind == "lightgbm":
        m = (lgb.LGBMClassifier if clf else lgb.LGBMRegressor)(n_jobs=2, random_state=SEED, verbose=-1)
        cf = [j for j, b in enumerate(mask) if b]
        m.fit(A, yfit, categorical_feature=cf if cf else "auto")
    fit_s = time.time() - t0
    model = Encoded(m, le) if le is not None else m
    ts = time.time(); met = holdout_metrics(task, model, B, yte, entry); pred_s = time.time() - ts
    return {"fit_s": round(fit_s, 2), "predict_s": round(pred_s, 2), "holdout": met}


# ---------------------------------------------------------------- report
def fmt(v, nd=4):
    return "—" if v is None else f"{v:.{nd}f}"


def write_md(results, meta, path):
    L = ["# Peer baseline results", "",
         f"Debian {meta['debian']} · Python {meta['python']} (/usr/bin/python3) · scikit-learn {meta['sklearn']} · "
         f"xgboost {meta['xgboost']} · lightgbm {meta['lightgbm']} · {meta['cpus']} CPUs · AutoML-lite search budget {meta['budget_s']} s/dataset, "
         f"search subsample cap {meta['search_cap']} rows, max {meta['max_per_family']} configs/family.", "",
         ("Holdout = fixed 20% split in `splits/NAME.json`." if not meta["split_seeds"] else
          f"Holdout = 20% of seeded splits {meta['split_seeds']} (`npm run bench -- automl:splits`; dataset/seed per row).") +
         " AutoML-lite time = search + refit + predict (wall, 2 cores).",
         "Defaults columns: fit time includes ordinal encoding.", ""]
    has_lgb = meta["lightgbm"] != "not installed"
    for task, head, keys in [("binary", "ROC AUC (higher better)", [("roc_auc", "AUC"), ("accuracy", "acc"), ("log_loss", "logloss")]),
                             ("multiclass", "macro-F1 (higher better)", [("macro_f1", "macroF1"), ("accuracy", "acc"), ("log_loss", "logloss")]),
                             ("regression", "RMSE (lower better)", [("rmse", "RMSE"), ("r2", "R2")])]:
        rs = [r for r in results if r["task"] == task]
        if not rs:
            continue
        L += [f"## {task} — {head}", ""]
        cols = ["dataset", "n_train", "n_test"] + [f"AutoML-lite {k[1]}" for k in keys] + ["best (CV)", "configs", "AutoML s"]
        cols += [f"HGB-default {keys[0][1]}", "s"] + [f"XGB-default {keys[0][1]}", "s"] + ([f"LGBM-default {keys[0][1]}", "s"] if has_lgb else [])
        L.append("| " + " | ".join(cols) + " |"); L.append("|" + "---|" * len(cols))
        for r in rs:
            a = r.get("automl")
            name = r["name"] if "split_seed" not in r else f"{r['name']}/{r['split_seed']}"
            row = [name, str(r["n_train"]), str(r["n_test"])]
            if a:
                row += [fmt(a["holdout"].get(k[0])) for k in keys]
                row += [f"{a['best_family']} ({fmt(abs(a['cv_score']))})", str(a["n_configs"]), f"{a['total_s']:.0f}"]
            else:
                row += ["—"] * (len(keys) + 3)
            for kind in ["hgb_default", "xgboost_default"] + (["lightgbm_default"] if has_lgb else []):
                d = r.get(kind)
                row += [fmt(d["holdout"].get(keys[0][0])), f"{d['fit_s']:.1f}"] if d and "holdout" in d else ["—", "—"]
            L.append("| " + " | ".join(row) + " |")
        L.append("")
    notes = [r for r in results if r.get("dropped_text_columns")]
    if notes:
        L += ["Free-text columns dropped by the peer featurizer: " +
              ", ".join(f"{r['name']}: {r['dropped_text_columns']}" for r in notes), ""]
    open(path, "w").write("\n".join(L))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget", type=float, default=60.0, help="AutoML-lite search wall budget (s) per dataset")
    ap.add_argument("--search-cap", type=int, default=20000, help="max training rows used during the CV search")
    ap.add_argument("--max-per-family", type=int, default=10)
    ap.add_argument("--only", default="", help="comma-separated dataset names")
    ap.add_argument("--skip-automl", action="store_true")
    ap.add_argument("--seeded-splits", type=int, default=0, help="run on seeded splits 1..N from bench/.scratch/seeded-splits")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    if a.out is None:
        a.out = os.path.join(HERE, "peer_results_seeded" if a.seeded_splits else "peer_results")
    seeded_dir = os.path.join(HERE, "..", ".scratch", "seeded-splits")
    ddir = os.path.join(HERE, "..", "..", "datasets"); sdir = os.path.join(ddir, "splits")
    os.makedirs(sdir, exist_ok=True)
    man = json.load(open(os.path.join(ddir, "manifest.json")))
    if a.only:
        man = [e for e in man if e["name"] in a.only.split(",")]
    osr = {}
    try:
        osr = dict(l.strip().split("=", 1) for l in open("/etc/os-release") if "=" in l)
    except Exception:
        pass
    meta = {"python": platform.python_version(), "sklearn": sklearn.__version__, "numpy": np.__version__,
            "pandas": pd.__version__, "xgboost": xgb.__version__ if xgb else "not installed",
            "lightgbm": lgb.__version__ if lgb else "not installed", "cpus": os.cpu_count(),
            "debian": open("/etc/debian_version").read().strip() if os.path.exists("/etc/debian_version") else osr.get("PRETTY_NAME", "?"),
            "budget_s": a.budget, "search_cap": a.search_cap, "max_per_family": a.max_per_family, "seed": SEED,
            "split_seeds": list(range(1, a.seeded_splits + 1)),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S")}
    results, T0 = [], time.time()
    runs = [(e, k) for e in man for k in (range(1, a.seeded_splits + 1) if a.seeded_splits else [None])]
    for e, split_seed in runs:
        t0 = time.time()
        X, y = load(e, ddir)
        if split_seed is None:
            tr, te = get_split(e, y, sdir)
        else:
            s = json.load(open(os.path.join(seeded_dir, f"{e['name']}-seed{split_seed}.json")))
            tr, te = np.array(s["train"]), np.array(s["test"])
        F, num, cat, dropped = featurize(X, e)
        Xtr, Xte, ytr, yte = F.iloc[tr], F.iloc[te], y.iloc[tr], y.iloc[te]
        r = {"name": e["name"], "task": e["task"], "n_train": int(len(tr)), "n_test": int(len(te)),
             "n_features_after_prep": int(F.shape[1]), "dropped_text_columns": dropped}
        if split_seed is not None:
            r["split_seed"] = split_seed
        # single-model defaults first (timed before the CV worker pool exists), then AutoML-lite
        for kind, ok in [("hgb", True), ("xgboost", xgb is not None), ("lightgbm", lgb is not None)]:
            if ok:
                gc.collect()
                try:
                    r[kind + "_default"] = run_default(kind, e, Xtr, ytr, Xte, yte, num, cat)
                except Exception as ex:  # record, keep going
                    r[kind + "_default"] = {"error": repr(ex)}
        if not a.skip_automl:
            gc.collect()
            r["automl"] = run_automl(e, Xtr, ytr, Xte, yte, num, cat, a.budget, a.search_cap, a.max_per_family)
        r["dataset_s"] = round(time.time() - t0, 2)
        results.append(r)
        am = r.get("automl", {})
        label = e["name"] if split_seed is None else f"{e['name']}/{split_seed}"
        print(f"[{time.time() - T0:7.1f}s] {label:20s} automl={am.get('best_family')} {am.get('holdout')} "
              f"hgb={r['hgb_default'].get('holdout')} xgb={r.get('xgboost_default', {}).get('holdout')} "
              f"lgb={r.get('lightgbm_default', {}).get('holdout')} ({r['dataset_s']}s)", flush=True)
        meta["total_s"] = round(time.time() - T0, 1)
        json.dump({"meta": meta, "results": results}, open(a.out + ".json", "w"), indent=1)
        write_md(results, meta, a.out + ".md")


if __name__ == "__main__":
    main()
