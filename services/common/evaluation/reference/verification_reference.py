"""Reference for the TypeScript evaluation: InsightFace eval/verification.py's
calculate_roc / calculate_accuracy / calculate_val / calculate_val_far, rewritten
from the published procedure with numpy only.

sklearn's KFold(n_splits, shuffle=False) is replaced by its documented split
(contiguous folds, the first n % k one larger), or by the folds given per pair.

calculate_val calls scipy.interpolate.interp1d(far, thresholds, kind='slinear').
The FAR curve always has repeated values; scipy <= 1.8 (what InsightFace's code
runs with: newer scipy raises "Expect x to not have duplicates", insightface
issues #2152/#2290) builds a degree-1 B-spline on knots [x0, x0..xn-1, xn-1] and
evaluates it with find_interval + de Boor. slinear() below is that evaluation.

stdin: JSON {"emb1": [[...]], "emb2": [[...]], "issame": [bool], "folds": [int] | null,
             "nFolds": int, "far": float, "flip1": [[...]] | null, "flip2": [[...]] | null}
stdout: JSON with the results (floats as repr-exact JSON numbers).
"""
import json
import sys

import numpy as np


def normalize(x):
    # sklearn.preprocessing.normalize: rows divided by their L2 norm, zero rows kept.
    norms = np.sqrt(np.sum(np.square(x), axis=1))
    norms[norms == 0] = 1.0
    return x / norms[:, None]


def kfold_splits(n, n_splits, folds):
    if folds is None:
        sizes = np.full(n_splits, n // n_splits, dtype=int)
        sizes[: n % n_splits] += 1
        folds = np.repeat(np.arange(n_splits), sizes)
    folds = np.asarray(folds)
    indices = np.arange(n)
    for f in range(int(folds.max()) + 1):
        yield indices[folds != f], indices[folds == f]


def calculate_accuracy(threshold, dist, actual_issame):
    predict_issame = np.less(dist, threshold)
    tp = np.sum(np.logical_and(predict_issame, actual_issame))
    fp = np.sum(np.logical_and(predict_issame, np.logical_not(actual_issame)))
    tn = np.sum(np.logical_and(np.logical_not(predict_issame), np.logical_not(actual_issame)))
    fn = np.sum(np.logical_and(np.logical_not(predict_issame), actual_issame))
    tpr = 0 if (tp + fn == 0) else float(tp) / float(tp + fn)
    fpr = 0 if (fp + tn == 0) else float(fp) / float(fp + tn)
    acc = float(tp + tn) / dist.size
    return tpr, fpr, acc


def calculate_roc(thresholds, dist, actual_issame, n_splits, folds):
    accuracy = []
    best_thresholds = []
    for train_set, test_set in kfold_splits(len(dist), n_splits, folds):
        acc_train = np.zeros(len(thresholds))
        for i, threshold in enumerate(thresholds):
            _, _, acc_train[i] = calculate_accuracy(threshold, dist[train_set], actual_issame[train_set])
        best = np.argmax(acc_train)
        _, _, acc = calculate_accuracy(thresholds[best], dist[test_set], actual_issame[test_set])
        accuracy.append(acc)
        best_thresholds.append(float(thresholds[best]))
    return np.array(accuracy), np.array(best_thresholds)


def slinear(xs, ys, x):
    # find_interval: first i >= 1 with xs[i] > x, capped at len - 1.
    right = 1
    while right < len(xs) - 1 and xs[right] <= x:
        right += 1
    xa, xb = xs[right - 1], xs[right]
    if xb == xa:  # de Boor on a zero-width knot span gives 0
        return 0.0
    w = 1.0 / (xb - xa)
    return float(ys[right - 1] * (w * (xb - x)) + ys[right] * (w * (x - xa)))


def calculate_val_far(threshold, dist, actual_issame):
    predict_issame = np.less(dist, threshold)
    true_accept = np.sum(np.logical_and(predict_issame, actual_issame))
    false_accept = np.sum(np.logical_and(predict_issame, np.logical_not(actual_issame)))
    n_same = np.sum(actual_issame)
    n_diff = np.sum(np.logical_not(actual_issame))
    return float(true_accept) / float(n_same), float(false_accept) / float(n_diff)


def calculate_val(thresholds, dist, actual_issame, far_target, n_splits, folds):
    val, far, chosen = [], [], []
    for train_set, test_set in kfold_splits(len(dist), n_splits, folds):
        far_train = np.zeros(len(thresholds))
        for i, threshold in enumerate(thresholds):
            _, far_train[i] = calculate_val_far(threshold, dist[train_set], actual_issame[train_set])
        if np.max(far_train) >= far_target:
            threshold = slinear(far_train, thresholds, far_target)
        else:
            threshold = 0.0
        v, fa = calculate_val_far(threshold, dist[test_set], actual_issame[test_set])
        val.append(v)
        far.append(fa)
        chosen.append(threshold)
    return np.array(val), np.array(far), np.array(chosen)


def main():
    request = json.load(sys.stdin)
    emb1 = np.asarray(request['emb1'], dtype=np.float64)
    emb2 = np.asarray(request['emb2'], dtype=np.float64)
    if request.get('flip1') is not None:
        emb1 = emb1 + np.asarray(request['flip1'], dtype=np.float64)
        emb2 = emb2 + np.asarray(request['flip2'], dtype=np.float64)
    emb1, emb2 = normalize(emb1), normalize(emb2)
    dist = np.sum(np.square(np.subtract(emb1, emb2)), 1)
    issame = np.asarray(request['issame'], dtype=bool)
    folds = request.get('folds')
    n_splits = request.get('nFolds', 10)

    accuracy, best_thresholds = calculate_roc(np.arange(0, 4, 0.01), dist, issame, n_splits, folds)
    val, far, val_thresholds = calculate_val(np.arange(0, 4, 0.001), dist, issame, request.get('far', 1e-3), n_splits, folds)
    json.dump({
        'distances': dist.tolist(),
        'accuracy': float(np.mean(accuracy)),
        'std': float(np.std(accuracy)),
        'threshold': float(np.mean(best_thresholds)),
        'foldAccuracies': accuracy.tolist(),
        'foldThresholds': best_thresholds.tolist(),
        'tar': float(np.mean(val)),
        'tarStd': float(np.std(val)),
        'far': float(np.mean(far)),
        'tarThresholds': val_thresholds.tolist(),
    }, sys.stdout)


if __name__ == '__main__':
    main()
