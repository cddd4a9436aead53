"""Checks for notebook 02 (loss functions): the mini-batch cross-entropy error.

Both checks call the student's function on made-up batches of softmax outputs and
compare the result with the values of the usual slips (the sum instead of the mean,
no 1e-7, log10, the rows picked by label, ...), so that a wrong number is traced to
its cause instead of only being called wrong.
"""

import numpy as np

from nnlib.exercises import ExerciseFailed, call_student, exercise, passed
from nnlib.functions import softmax

DELTA = 1e-7  # the book's tiny number inside the log
NUM_CLASSES = 10


def made_up_batch(n, seed, zero_at_right_class=False):
    """y: (n, 10) float64 softmax outputs, labels: (n,) uint8, one-hot t: (n, 10) float64.

    With ``zero_at_right_class``, sample 0 gives its right class probability exactly 0
    (a sure wrong answer) and every row has a few zeros among its wrong classes, as
    the book's examples do.
    """
    rng = np.random.default_rng(seed)
    y = softmax(2 * rng.normal(size=(n, NUM_CLASSES)))
    labels = rng.integers(0, NUM_CLASSES, n).astype(np.uint8)
    if zero_at_right_class:
        for row in range(n):
            wrong = np.delete(np.arange(NUM_CLASSES), labels[row])
            y[row, rng.choice(wrong, 2, replace=False)] = 0.0
        y[0, labels[0]] = 0.0
        y /= y.sum(axis=1, keepdims=True)
    t = np.zeros((n, NUM_CLASSES))
    t[np.arange(n), labels] = 1
    return y, labels, t


def _right_value(y, labels):
    n = y.shape[0]
    return -np.sum(np.log(y[np.arange(n), labels] + DELTA)) / n


def _call_quietly(fn, y, t, name):
    """The student's loss of (y, t); log(0) warnings stay out of the notebook (the diagnosis
    says what happened), and y and t must come back unchanged."""
    y_before, t_before = y.copy(), t.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        try:
            E = call_student(fn, y, t)
        except ExerciseFailed as failed:
            raise _error_diagnosis(failed, t, name) from failed.__cause__
    if not np.array_equal(y, y_before, equal_nan=True):
        raise ExerciseFailed(
            "your function changed the y it was given (e.g. y += 1e-7)",
            "add the 1e-7 inside the expression, np.log(... + 1e-7), so that a new array is made",
        )
    if not np.array_equal(t, t_before):
        raise ExerciseFailed("your function changed the t it was given", "only read t")
    return E


def _error_diagnosis(failed, t, name):
    cause, message = failed.__cause__, str(failed.__cause__)
    said = failed.what.rstrip()  # the error as call_student reported it
    if name == "labels" and isinstance(cause, ValueError) and "broadcast" in message:
        return ExerciseFailed(
            f"{said}.\n  That is the one-hot formula, t * np.log(y): it needs t of shape (N, 10), "
            f"but labels have shape {t.shape}, one number per sample",
            "with labels, do not multiply: pick from each row of y the probability of the class t[n]",
        )
    if name == "labels" and isinstance(cause, IndexError) and "axis 0" in message:
        return ExerciseFailed(
            f"{said}.\n  A label was used as a row number: y[t] picks ROWS of y by label, and "
            f"this batch has only {t.size} rows",
            "you need one entry of each row: row n, column t[n]; index y with an array of row "
            "numbers and an array of column numbers together",
        )
    if name == "one_hot" and isinstance(cause, IndexError) and "integer" in message:
        return ExerciseFailed(
            f"{said}.\n  t was used as an index, which works for labels; here t holds one-hot "
            "rows of 0.0 and 1.0",
            "with one-hot t, multiply: t * np.log(...) keeps only the right class of each row",
        )
    return failed


def _as_number(E, n, name):
    """The loss as a float, or ExerciseFailed for an array or a non-number."""
    if isinstance(E, np.ndarray) and E.size > 1:
        if E.shape == (n,):
            raise ExerciseFailed(
                f"your function returned {n} numbers, one loss per sample, not one loss for the batch",
                "the loss of a mini-batch is one number: add up the samples' losses, then divide by N",
            )
        if E.shape == (n, n) and name == "labels":
            raise ExerciseFailed(
                f"your function returned an array of shape {E.shape}: y[:, t] takes, in every row, the "
                "columns of ALL the labels",
                "you need one entry per row: in row n the column t[n]; numpy does that when you index "
                "with an array of row numbers and an array of column numbers together",
            )
        raise ExerciseFailed(
            f"your function returned an array of shape {E.shape}, not one number",
            "np.sum without an axis adds up every entry into one number",
        )
    try:
        return float(E)
    except (TypeError, ValueError):
        raise ExerciseFailed(
            f"your function returned {E!r}, not a number", "end with: return the loss, one number"
        ) from None


def _slips(y, labels, t, name):
    """{what went wrong: the value it gives} for the usual slips of this exercise."""
    n = y.shape[0]
    right = _right_value(y, labels)
    with np.errstate(divide="ignore", invalid="ignore"):
        slips = {
            f"the result is the SUM over the {n} samples, not their mean: it is not divided by the "
            "batch size": right * n,
            "the result is negative: the minus sign is missing (the log of a probability is <= 0)": -right,
            "that is the log to base 10 (np.log10); the book's log is the natural one, np.log":
                right / np.log(10),
            "the result is divided by 100, a fixed batch size, not by this batch's size": right * n / 100,
            f"the result is divided by N * 10 = {n * 10}: np.mean over all the entries also averages "
            "over the 10 classes": right / NUM_CLASSES,
            "the result uses each row's LARGEST probability, not the right class's":
                -np.sum(np.log(y.max(axis=1) + DELTA)) / n,
            "the result takes the log of the targets t, not of the probabilities y":
                -np.sum(np.log((labels if name == "labels" else t) + DELTA)) / n,
        }  # fmt: skip
        if name == "labels":
            if labels.max() < n:  # else y[t] raises an IndexError, explained by _error_diagnosis
                rows_by_label = "y[t] picks whole ROWS of y (numbered by the labels), not one entry per row"
                slips[rows_by_label] = -np.sum(np.log(y[labels] + DELTA)) / n
            all_columns = "y[:, t] (or y[n, t] in a loop) takes, in every row, the columns of ALL the labels"
            slips[all_columns + ", not one entry per row"] = (
                -np.sum(np.log(y[:, labels] + DELTA)) / n
            )
            if n == NUM_CLASSES:  # then labels * log(y) broadcasts instead of failing
                slips["that is the one-hot formula, t * np.log(y), applied to labels: it multiplies "
                      "column k of every row by the number t[k]"] = (
                    -np.sum(labels * np.log(y + DELTA)) / n
                )  # fmt: skip
        else:
            slips["the result adds up the log of EVERY entry of y, not only the right class's"] = (
                -np.sum(np.log(y + DELTA)) / n
            )
    return {what: value for what, value in slips.items() if not _close(value, right)}


def _close(a, b):
    """Equal up to what the 1e-7 changes where no probability is 0 (about 1e-6 of the loss):
    a missing or another tiny number is caught on the batch with a sure wrong answer."""
    return bool(np.isclose(a, b, rtol=1e-5, atol=1e-12))


_HINTS = {
    "not divided": "the book divides by the batch size N = y.shape[0], so that batches of any size "
    "give losses of the same size",
    "minus sign": "E = -Σ t log y: the minus makes the loss positive, small for a good answer",
    "base 10": "use np.log, the natural logarithm",
    "fixed batch size": "take N from the batch itself: y.shape[0]",
    "N * 10": "divide the sum by the number of samples only",
    "LARGEST": "the loss asks how much probability went to the RIGHT class, which t says; the "
    "largest one is the network's guess, right or wrong",
    "whole ROWS": "you need one entry of each row: row n, column t[n]; index y with an array of row "
    "numbers and an array of column numbers together",
    "ALL the labels": "you need one entry of each row: row n, column t[n]; index y with an array of row "
    "numbers and an array of column numbers together",
    "one-hot formula": "with labels, do not multiply: pick from each row of y the probability of the "
    "class t[n]",
    "EVERY entry": "multiply by t before adding up: t is 1 only at the right class",
    "log of the targets": "t only says which class is right; the probabilities the network gave are in y",
}


def _diagnose(E, y, labels, t, name):
    """ExerciseFailed naming the slip that gives E, or a plain 'wrong value'."""
    n = y.shape[0]
    right = _right_value(y, labels)
    if np.isnan(E) or np.isinf(E):
        sure_wrong = np.any(y[np.arange(n), labels] == 0)
        if np.isinf(E) and sure_wrong:
            raise ExerciseFailed(
                "the loss is infinite: one sample gives its right class probability 0, and log(0) is -inf",
                "the book adds a tiny 1e-7 inside the log, so that log never sees 0",
            )
        if np.isnan(E):
            raise ExerciseFailed(
                "the loss is nan: a probability 0 of a wrong class gives 0 * log(0) = 0 * (-inf), "
                "which is nan",
                "the book adds a tiny 1e-7 inside the log, so that log never sees 0",
            )
        raise ExerciseFailed(f"the loss is {E}", "every probability is finite, so the loss must be too")
    for what, value in _slips(y, labels, t, name).items():
        if _close(E, value):
            hint = next(h for key, h in _HINTS.items() if key in what)
            raise ExerciseFailed(f"{what} (you get {E:.6g}, the loss is {right:.6g})", hint)
    if np.any(y[np.arange(n), labels] == 0):  # only sample 0 is sure and wrong: which tiny number was added?
        rest = -np.sum(np.log(y[np.arange(1, n), labels[1:]] + DELTA))
        added = np.exp(-(n * E - rest))
        if 1e-14 < added < 1e-2 and not np.isclose(added, DELTA, rtol=1e-3):
            raise ExerciseFailed(
                f"the loss of the sure wrong sample is -log({added:.0e}) = {np.log(1 / added):.2f}: "
                f"you added {added:.0e}, not the book's 1e-7",
                "use 1e-7, as the book and nnlib do, so that your losses agree with theirs",
            )
    raise ExerciseFailed(
        f"for a batch of {n} the loss is {right:.6g}, your function gives {E:.6g}",
        "compute it by hand for one sample first: -log(y[0, t[0]] + 1e-7), then for the batch",
    )


def _check_loss_on(fn, name, n, seed, zero_at_right_class=False):
    y, labels, t = made_up_batch(n, seed, zero_at_right_class)
    targets = labels if name == "labels" else t
    E = _as_number(_call_quietly(fn, y, targets, name), n, name)
    if not _close(E, _right_value(y, labels)):
        _diagnose(E, y, labels, t, name)


# --- one-hot targets ------------------------------------------------------------------


@exercise(
    "cross_entropy_error_one_hot",
    hints=(
        "Start from the formula for one sample, E = -Σ_k t_k log(y_k + 1e-7). With whole (N, 10) "
        "arrays, t * np.log(...) works entry by entry and np.sum adds up everything, all samples.",
        "That sum is the loss of all N samples together. The book divides it by N, so that a batch "
        "of 10 and a batch of 100 give losses of the same size.",
        "N is the number of rows of y, y.shape[0]; the 1e-7 goes inside the log.",
    ),
)
def check_cross_entropy_one_hot(cross_entropy_error_one_hot):
    """Check ``cross_entropy_error_one_hot(y, t)``: y (N, 10) probabilities, t (N, 10) one-hot
    -> one float, -Σ t log(y + 1e-7) / N.

    Diagnoses: the sum instead of the mean, a fixed 100, np.mean over N * 10 entries,
    no minus, log10, no 1e-7 (nan from 0 * log 0, inf from a sure wrong answer), another
    tiny number, the log of every entry, one loss per sample, t used as an index, and
    changing y in place.
    """
    _check_loss_on(cross_entropy_error_one_hot, "one_hot", n=4, seed=1)
    _check_loss_on(cross_entropy_error_one_hot, "one_hot", n=10, seed=2, zero_at_right_class=True)
    _check_loss_on(cross_entropy_error_one_hot, "one_hot", n=1, seed=3)
    passed("-Σ t log(y + 1e-7), summed over the batch and divided by the batch size N.")


# --- labels ---------------------------------------------------------------------------


@exercise(
    "cross_entropy_error_labels",
    hints=(
        "With labels, t[n] is the right class of sample n, so the loss of sample n is "
        "-log(y[n, t[n]] + 1e-7): only the probability the network gave to the right class counts.",
        "numpy picks one entry of each row in one go when you index y with two integer arrays of "
        "the same length: one of row numbers and one of column numbers. Then add up, and divide by N.",
        "The row numbers are 0, 1, ..., N-1 (np.arange(N)); the column numbers are the labels; "
        "N is y.shape[0].",
    ),
)
def check_cross_entropy_labels(cross_entropy_error_labels):
    """Check ``cross_entropy_error_labels(y, t)``: y (N, 10) probabilities, t (N,) uint8 labels
    -> one float, -Σ_n log(y[n, t[n]] + 1e-7) / N.

    Diagnoses, besides those of the one-hot check: the one-hot formula with labels (a
    broadcasting error, or a wrong number when N == 10), ``y[t]`` (rows by label),
    ``y[:, t]`` (an N x N table), and each row's largest probability instead of the right one.
    """
    _check_loss_on(cross_entropy_error_labels, "labels", n=4, seed=1)
    _check_loss_on(cross_entropy_error_labels, "labels", n=10, seed=2, zero_at_right_class=True)
    _check_loss_on(cross_entropy_error_labels, "labels", n=1, seed=3)
    passed("-Σ log(y[n, t[n]] + 1e-7) over the batch, divided by the batch size N.")
