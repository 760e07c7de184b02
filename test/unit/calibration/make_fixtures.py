"""Known answers for the calibration tests, from scikit-learn (written for 1.2.1, Debian's python3-sklearn).

Run from the repository root: python3 test/unit/calibration/make_fixtures.py
It writes test/unit/calibration/sklearnFixtures.json.

- Platt: scikit-learn's `_sigmoid_calibration` on logit(clip(p, 1e-15, 1 - 1e-15)), through
  `CalibratedClassifierCV(cv='prefit', method='sigmoid')` over a fixed classifier whose
  `decision_function` is that logit (so multiclass is one-vs-rest plus renormalisation). Its BFGS
  stops at a gradient of 1e-5, so the exact optimum of the same objective is also given (a Newton
  iteration run to machine precision here): the engine should match that one closely.
- Isotonic: `CalibratedClassifierCV(cv='prefit', method='isotonic')` over a fixed classifier whose
  `predict_proba` is the given probabilities: thresholds, values and calibrated probabilities.
- Temperature: no scikit-learn counterpart; the T minimising the mean log loss of
  softmax(log(max(p, 1e-15)) / T), found by scipy's bounded scalar search over log T.
"""
import json
import os

import numpy as np
import sklearn
from scipy.optimize import minimize_scalar
from scipy.special import expit, logsumexp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.isotonic import IsotonicRegression

CLIP = 1e-15


def logit(p):
    q = np.clip(p, CLIP, 1 - CLIP)
    return np.log(q / (1 - q))


class FixedProba(ClassifierMixin, BaseEstimator):
    """A 'fitted' classifier whose probabilities are the rows of P, picked by the row index in X[:, 0]."""

    def __init__(self, P):
        self.P = P

    def fit(self, X, y):
        self.classes_ = np.arange(self.P.shape[1])
        return self

    def predict_proba(self, X):
        return self.P[X[:, 0].astype(int)]


class FixedLogit(FixedProba):
    def decision_function(self, X):
        z = logit(self.P[X[:, 0].astype(int)])
        return z[:, 1] if self.P.shape[1] == 2 else z


def platt_exact(f, y):
    """a, b of sigmoid(a f + b) minimising Platt's smoothed cross-entropy, by Newton to machine precision."""
    n1 = float(np.sum(y == 1))
    n0 = len(y) - n1
    t = np.where(y == 1, (n1 + 1) / (n1 + 2), 1 / (n0 + 2))
    a, b = 0.0, np.log((n1 + 1) / (n0 + 1))
    for _ in range(200):
        p = expit(a * f + b)
        g = np.array([np.dot(p - t, f), np.sum(p - t)])
        w = p * (1 - p)
        h = np.array([[np.dot(w, f * f), np.dot(w, f)], [np.dot(w, f), np.sum(w)]])
        step = np.linalg.solve(h, g)
        a, b = a - step[0], b - step[1]
        if np.max(np.abs(step)) < 1e-15:
            break
    return a, b


def temperature_exact(P, y):
    # Platt's smoothed targets: (N_y + 1) / (N_y + 2) for the row's class, 1 / (N_y + 2) shared by the others.
    logs = np.log(np.maximum(P, CLIP))
    k = P.shape[1]
    counts = np.bincount(y, minlength=k).astype(float)
    targets = np.repeat((1 / ((counts[y] + 2) * (k - 1)))[:, None], k, axis=1)
    targets[np.arange(len(y)), y] = (counts[y] + 1) / (counts[y] + 2)

    def loss(log_t):
        z = logs / np.exp(log_t)
        return np.mean(logsumexp(z, axis=1) - np.sum(targets * z, axis=1))

    res = minimize_scalar(loss, bounds=(np.log(0.01), np.log(100)), method='bounded', options={'xatol': 1e-12})
    return float(np.exp(res.x))


def case(name, P, y, P_test):
    k = P.shape[1]
    X = np.arange(len(P)).reshape(-1, 1)
    X_test = np.arange(len(P), len(P) + len(P_test)).reshape(-1, 1)
    both = np.vstack([P, P_test])
    out = {'name': name, 'classes': k, 'proba': P.tolist(), 'codes': y.tolist(), 'testProba': P_test.tolist()}

    iso = CalibratedClassifierCV(FixedProba(both).fit(X, y), cv='prefit', method='isotonic').fit(X, y)
    cals = iso.calibrated_classifiers_[0].calibrators
    out['isotonic'] = {
        'classes': [{'thresholds': c.X_thresholds_.tolist(), 'values': c.y_thresholds_.tolist()} for c in cals],
        'testProba': iso.predict_proba(X_test).tolist(),
        'trainProba': iso.predict_proba(X).tolist(),
    }

    sig = CalibratedClassifierCV(FixedLogit(both).fit(X, y), cv='prefit', method='sigmoid').fit(X, y)
    fitted = [1] if k == 2 else list(range(k))
    exact = [platt_exact(logit(P[:, c]), (y == c).astype(int)) for c in fitted]
    # scikit-learn writes 1 / (1 + exp(A f + B)): a = -A, b = -B.
    out['platt'] = {
        'sklearn': [{'a': -c.a_, 'b': -c.b_} for c in sig.calibrated_classifiers_[0].calibrators],
        'exact': [{'a': a, 'b': b} for a, b in exact],
        'sklearnTestProba': sig.predict_proba(X_test).tolist(),
    }
    out['temperature'] = temperature_exact(P, y)
    return out


def main():
    rng = np.random.RandomState(17)

    # Binary: an overconfident score of a true logit, rounded to 3 decimals (ties), plus exact 0 and 1.
    n = 60
    z = rng.normal(0, 1, n)
    y = (rng.uniform(size=n) < expit(z)).astype(int)
    p1 = np.round(expit(2 * z + 0.3), 3)
    p1[:2] = [0.0, 1.0]
    y[:2] = [0, 1]
    P = np.column_stack([1 - p1, p1])
    # Test points: every threshold of the fitted curve, the midpoints between them, and beyond both ends.
    curve = IsotonicRegression(out_of_bounds='clip').fit(p1, y).X_thresholds_
    t1 = np.concatenate([curve, (curve[1:] + curve[:-1]) / 2, [1e-20, 0.123456, 0.9995, 1.0]])
    binary = case('binary', P, y, np.column_stack([1 - t1, t1]))

    # Multiclass: softmax of twice the true scores, rounded to 4 decimals.
    n, k = 90, 3
    s = rng.normal(0, 1, (n, k))
    true = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
    y = np.array([rng.choice(k, p=row) for row in true])
    sharp = np.exp(2 * s) / np.exp(2 * s).sum(axis=1, keepdims=True)
    P = np.round(sharp, 4)
    s_test = rng.normal(0, 1.2, (12, k))
    P_test = np.round(np.exp(2 * s_test) / np.exp(2 * s_test).sum(axis=1, keepdims=True), 4)
    P_test[0] = [0.0, 0.0, 1.0]
    P_test[1] = [1 / 3, 1 / 3, 1 / 3]
    multiclass = case('multiclass', P, y, P_test)

    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, 'sklearnFixtures.json'), 'w') as f:
        json.dump({'source': f'scikit-learn {sklearn.__version__}, numpy {np.__version__}: make_fixtures.py', 'cases': [binary, multiclass]}, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
