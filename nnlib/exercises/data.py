"""Checks for notebook 01 (data): one-hot labels and the mini-batch of step 1.

Both checks call the student's function on small made-up data whose every row
says which row it is, so that a wrong answer can be traced to its cause.
"""

import re
import warnings

import numpy as np

from nnlib.exercises import ExerciseFailed, call_student, exercise, passed

NUM_CLASSES = 10


# --- one-hot labels ----------------------------------------------------------------


@exercise(
    "to_one_hot",
    hints=(
        "Start from an array of zeros with one row per label and one column per class. What shape "
        "is that, and which cells must then become 1?",
        "Row i needs a single 1, in the column whose number is the label t[i]. A for loop over i "
        "does it; numpy can also set many single cells in one line, if you index T with an array "
        "of row numbers and an array of column numbers of the same length.",
        "The array of row numbers is 0, 1, ..., N-1 (np.arange makes it); the array of column "
        "numbers you already have.",
    ),
)
def check_one_hot(to_one_hot):
    """Check ``to_one_hot(t)``: labels (N,) uint8 -> one-hot (N, 10) numbers 0 and 1.

    Float or integer results pass (``cross_entropy_error`` accepts both). Diagnoses:
    no conversion, transposed result, width taken from the labels (``t.max() + 1``),
    whole columns set (``T[:, t] = 1``), ones in the wrong column (off by one, also
    the IndexError of ``t + 1`` and of ``t - 1``, which wraps around to 255 on uint8
    labels), a bool result, and changing ``t`` in place.
    """
    t = np.array([5, 0, 4, 1, 9, 2, 1, 3], dtype=np.uint8)  # the first eight MNIST labels
    _check_one_hot_on(to_one_hot, t)
    # No 9 in these labels: the width must still be 10.
    _check_one_hot_on(to_one_hot, np.array([3, 0, 2, 2, 1], dtype=np.uint8))
    _check_one_hot_on(to_one_hot, np.array([7], dtype=np.uint8))
    passed("each row is all zeros except a 1 in the column of its label, shape (N, 10).")


_OUT_OF_BOUNDS = re.compile(r"index (-?\d+) is out of bounds for axis (\d+) with size (\d+)")


def _call_to_one_hot(to_one_hot, t):
    """The student's ``to_one_hot(t)``; an IndexError is explained by what caused it."""
    with warnings.catch_warnings(record=True) as caught:
        # np.uint8(0) - 1 warns "overflow encountered in scalar subtract" (a red box in the
        # notebook); the diagnosis below says what happened instead.
        warnings.simplefilter("always")
        try:
            return call_student(to_one_hot, t)
        except ExerciseFailed as failed:
            if isinstance(failed.__cause__, IndexError):
                overflow = any("overflow" in str(w.message) for w in caught)
                raise _index_error_diagnosis(failed, t, overflow) from failed.__cause__
            raise


def _index_error_diagnosis(failed, t, overflow):
    match = _OUT_OF_BOUNDS.search(str(failed.__cause__))
    said = failed.what.rstrip()  # the error as call_student reported it
    if not match:
        return failed
    index, axis, size = (int(g) for g in match.groups())
    if axis == 1 and index >= 256 - NUM_CLASSES and t.dtype == np.uint8:
        wrapped = 256 - index
        return ExerciseFailed(
            f"{said}.\n  The labels are uint8 (whole numbers 0 to 255, as load_mnist gives them), "
            f"which have no negative numbers: label 0 minus {wrapped} wraps around to {index} instead of "
            f"-{wrapped}" + (" (numpy's 'overflow' warning)" if overflow else "") + ", and column "
            f"{index} does not exist",
            "no shift is needed at all: label k has its 1 in column k, so label 0 in column 0",
        )
    if axis == 1 and index >= NUM_CLASSES:
        return ExerciseFailed(
            f"{said}.\n  Label 9 + {index - 9} asks for column {index}, but the columns are 0 to 9",
            "no shift is needed: label k has its 1 in column k, so label 9 in the last column, 9",
        )
    if axis == 0 and size == len(t):
        return ExerciseFailed(
            f"{said}.\n  A label was used as a row number: with {size} labels there are only "
            f"rows 0 to {size - 1}",
            "rows are the images and columns the classes: the row index is the position i, the "
            "column index the label t[i]",
        )
    return failed


def _check_one_hot_on(to_one_hot, t):
    t_before = t.copy()
    T = _call_to_one_hot(to_one_hot, t)
    n = len(t)
    if not np.array_equal(t, t_before):
        raise ExerciseFailed(
            "your function changed the labels t it was given",
            "build a new array of zeros for the result and only read t",
        )
    if not isinstance(T, np.ndarray):
        raise ExerciseFailed(
            f"your function returned a {type(T).__name__}, not a numpy array",
            "return the numpy array you filled in",
        )
    if T.shape == (NUM_CLASSES, n) and n != NUM_CLASSES:
        raise ExerciseFailed(
            f"for {n} labels the result has shape {T.shape}: rows and columns are swapped",
            "one row per label and one column per class: the shape is (t.size, 10)",
        )
    if T.ndim == 2 and T.shape[0] == n and T.shape[1] == int(t.max()) + 1 != NUM_CLASSES:
        raise ExerciseFailed(
            f"for the labels {t.tolist()} the result has {T.shape[1]} columns, not 10: the width "
            "came from the largest label",
            "there are always 10 classes, whatever labels this batch happens to hold",
        )
    if T.shape != (n, NUM_CLASSES):
        raise ExerciseFailed(
            f"for {n} labels the result has shape {T.shape}, expected ({n}, 10)",
            "one row per label and one column per class: start from np.zeros((t.size, 10))",
        )
    if T.dtype == bool:
        raise ExerciseFailed(
            "the result holds True/False (dtype bool), not the numbers 0 and 1",
            "the loss and the gradient compute with t, and numpy refuses some arithmetic on bool "
            "arrays (-T raises TypeError); turn it into numbers with .astype(float)",
        )
    if not (np.issubdtype(T.dtype, np.floating) or np.issubdtype(T.dtype, np.integer)):
        raise ExerciseFailed(
            f"the result has dtype {T.dtype}, not numbers", "start from np.zeros((t.size, 10))"
        )
    if not np.all((T == 0) | (T == 1)):
        raise ExerciseFailed(
            "the result holds values other than 0 and 1", "start from zeros and put exactly one 1 per row"
        )
    ones_per_row = T.sum(axis=1)
    if np.any(ones_per_row != 1):
        row = int(np.argmax(ones_per_row != 1))
        raise ExerciseFailed(
            f"row {row} (label {t[row]}) holds {int(ones_per_row[row])} ones instead of exactly one",
            "T[:, t] = 1 sets whole columns, in every row. Row i needs one cell only, in column t[i]: "
            "pair each row number with its own label",
        )
    column = T.argmax(axis=1)
    if not np.array_equal(column, t):
        shift = (column.astype(int) - t.astype(int)) % NUM_CLASSES  # same shift for every row?
        if np.all(shift == shift[0]):
            side = (
                f"{shift[0]} column(s) too far right"
                if shift[0] <= 5
                else f"{10 - shift[0]} column(s) too far left"
            )
            raise ExerciseFailed(
                f"the 1 of each row sits {side} (label {t[0]} has its 1 in column {column[0]})",
                "label k has its 1 in column k: no +1 or -1",
            )
        raise ExerciseFailed(
            f"the 1s are not in the columns of the labels: labels {t.tolist()}, columns {column.tolist()}",
            "row i gets its 1 in the column whose number is t[i]",
        )


# --- the mini-batch (step 1) --------------------------------------------------------


def _made_up_training_set(train_size=1000, one_hot_labels=False):
    """x: (train_size, 784) float32 whose row i is all i; t: label i % 10 of row i."""
    x = np.repeat(np.arange(train_size, dtype=np.float32)[:, None], 784, axis=1)
    labels = (np.arange(train_size) % 10).astype(np.uint8)
    if one_hot_labels:
        t = np.zeros((train_size, 10))
        t[np.arange(train_size), labels] = 1
    else:
        t = labels
    return x, t


@exercise(
    "choose_minibatch",
    hints=(
        "Step 1 of SGD takes batch_size random rows of the training set. First decide which rows: "
        "draw their row numbers (indices), then take those rows.",
        "np.random.choice(n, k) draws k random whole numbers from 0 to n-1. Which n lets every "
        "row of x_train be chosen, and where in the arguments do you find it?",
        "Index x_train and t_train with the same array of row numbers, so that each image keeps "
        "its label; indexing an array with an array of integers returns those rows.",
    ),
)
def check_minibatch(choose_minibatch, batch_size=100):
    """Check ``choose_minibatch(x_train, t_train, batch_size) -> (x_batch, t_batch)``.

    The answer must take ``batch_size`` random rows of the whole training set, the
    same rows of ``x_train`` and ``t_train``, keep dtypes and shapes, differ from
    call to call, give every row its chance (also the last one: ``choice(len(x) - 1)``
    never draws it) and leave the training set as it was. np.random's state is saved
    and restored around the check, so it is reproducible and changes nothing.
    """
    # The book draws with np.random.choice, so the legacy global generator is the one to pin.
    state = np.random.get_state()
    np.random.seed(0)
    try:
        for one_hot_labels in (False, True):
            _check_minibatch_on(choose_minibatch, batch_size, one_hot_labels)
        # 20 rows, batches of 10, 50 calls: a row that can be drawn is missed with a
        # probability of at most 0.95 ** 500 < 1e-11; one that cannot is always missed.
        batches = _check_minibatch_on(choose_minibatch, 10, False, train_size=20, calls=50)
        _check_every_row_comes_up(batches, train_size=20)
    finally:
        np.random.set_state(state)
    passed(f"{batch_size} random rows of the whole training set, the same rows of x_train and t_train.")


def _check_minibatch_on(choose_minibatch, batch_size, one_hot_labels, train_size=1000, calls=20):
    """The rows (calls, batch_size) the answer chose on a made-up training set."""
    x_train, t_train = _made_up_training_set(train_size, one_hot_labels=one_hot_labels)
    x_before, t_before = x_train.copy(), t_train.copy()
    batches = []
    for _ in range(calls):
        out = call_student(choose_minibatch, x_train, t_train, batch_size)
        if not np.array_equal(x_train, x_before) or not np.array_equal(t_train, t_before):
            raise ExerciseFailed(
                "your function changed the training set it was given (e.g. np.random.shuffle(x_train))",
                "leave x_train and t_train alone: draw row numbers and index with them",
            )
        if not (isinstance(out, tuple) and len(out) == 2):
            raise ExerciseFailed(
                f"your function returned a {type(out).__name__}, not the pair (x_batch, t_batch)",
                "end with: return x_batch, t_batch",
            )
        x_batch, t_batch = (np.asarray(a) for a in out)
        _check_batch_shapes(x_batch, t_batch, x_train, t_train, batch_size)
        rows = _rows_of(x_batch, train_size)
        labels = t_batch.argmax(axis=1) if one_hot_labels else t_batch
        if not np.array_equal(labels, rows % 10):
            raise ExerciseFailed(
                "x_batch and t_batch come from different rows: the labels no longer belong to their images",
                "draw the row numbers once, keep them in a variable (the slides call it batch_mask), "
                "and index both x_train and t_train with that same variable",
            )
        batches.append(rows)
    _check_randomness(batches, train_size, batch_size)
    return batches


def _check_batch_shapes(x_batch, t_batch, x_train, t_train, batch_size):
    expected_x = (batch_size,) + x_train.shape[1:]
    if x_batch.shape != expected_x:
        hint = "draw batch_size row numbers and take those rows of x_train"
        if x_batch.shape == x_train.shape[1:]:
            hint = "np.random.choice(n) alone gives ONE number; its second argument says how many to draw"
        elif x_batch.shape == x_train.shape:
            hint = "take only the chosen rows of x_train instead of returning all of it"
        elif x_batch.shape[1:] == x_train.shape[1:]:
            hint = (f"the batch must have as many rows as the argument batch_size says (here {batch_size}); "
                    "use the argument, not a fixed number")  # fmt: skip
        raise ExerciseFailed(f"x_batch has shape {x_batch.shape}, expected {expected_x}", hint)
    expected_t = (batch_size,) + t_train.shape[1:]
    if t_batch.shape != expected_t:
        raise ExerciseFailed(
            f"t_batch has shape {t_batch.shape}, expected {expected_t}",
            "take the same rows of t_train as of x_train, with the same row numbers",
        )
    for name, batch, whole in (("x_batch", x_batch, x_train), ("t_batch", t_batch, t_train)):
        if batch.dtype != whole.dtype:
            raise ExerciseFailed(
                f"{name} has dtype {batch.dtype} but the training set has {whole.dtype}",
                "index the training arrays with the row numbers instead of filling a new np.zeros array: "
                "indexing keeps the dtype (labels stay integers, images stay float32)",
            )


def _rows_of(x_batch, train_size):
    """Which training rows x_batch holds (row i of the made-up set is all i)."""
    rows = x_batch[:, 0]
    if not (np.all(x_batch == rows[:, None]) and np.all(rows == np.round(rows))
            and np.all((rows >= 0) & (rows < train_size))):  # fmt: skip
        raise ExerciseFailed(
            "x_batch holds rows that are not rows of the x_train passed to your function",
            "use the function's arguments x_train and t_train (not variables of the notebook) and take "
            "whole rows",
        )
    return rows.astype(int)


def _check_randomness(batches, train_size, batch_size):
    first = batches[0]
    if all(np.array_equal(b, first) for b in batches):
        if np.array_equal(first, np.arange(batch_size)):
            raise ExerciseFailed(
                f"every call returns the first {batch_size} rows (x_train[:batch_size])",
                "a mini-batch is chosen at random: draw random row numbers with np.random.choice",
            )
        raise ExerciseFailed(
            "every call returns the same rows",
            "draw new row numbers at every call, and do not call np.random.seed inside the function",
        )
    seen = np.concatenate(batches)
    if seen.max() < batch_size:
        raise ExerciseFailed(
            f"the rows all come from the first {batch_size} of the {train_size} training rows",
            "choose among ALL training rows: the first argument of np.random.choice is how many rows "
            "there are to choose from, not how many to choose",
        )
    if all(np.array_equal(np.diff(b), np.ones(batch_size - 1)) for b in batches):
        raise ExerciseFailed(
            "each batch is a block of consecutive rows (x_train[i:i + batch_size])",
            "pick each row at random on its own: draw batch_size random row numbers",
        )
    tenth = train_size // 10
    if seen.min() >= tenth or seen.max() < train_size - tenth:
        raise ExerciseFailed(
            f"in {len(batches)} batches no row came from the {'start' if seen.min() >= tenth else 'end'}"
            " of the training set",
            "every row must have the same chance: draw from 0 to the number of rows minus one, "
            "and find the number of rows in x_train itself (x_train.shape[0])",
        )


def _check_every_row_comes_up(batches, train_size):
    missing = sorted(set(range(train_size)) - set(np.concatenate(batches).tolist()))
    if not missing:
        return
    if missing == list(range(train_size - len(missing), train_size)):
        last = "the last row" if len(missing) == 1 else f"the last {len(missing)} rows"
        raise ExerciseFailed(
            f"from a training set of {train_size} rows, {len(batches)} batches never held {last} "
            f"(row {', '.join(map(str, missing))}): your draw cannot reach it",
            "np.random.choice(n, k) already stops at n - 1, so n must be the number of rows itself, "
            "not one less (and np.random.randint(low, high) also stops before high)",
        )
    raise ExerciseFailed(
        f"from a training set of {train_size} rows, {len(batches)} batches never held rows {missing}",
        "every row must have the same chance of being drawn",
    )
