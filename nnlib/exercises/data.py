"""Checks for notebook 01 (data): one-hot labels and the mini-batch of step 1.

Both checks call the student's function on small made-up data whose every row
says which row it is, so that a wrong answer can be traced to its cause.
"""

import numpy as np

from nnlib.exercises import ExerciseFailed, call_student, exercise, passed

NUM_CLASSES = 10


# --- one-hot labels ----------------------------------------------------------------


@exercise(
    "to_one_hot",
    hints=(
        "Start from an array of zeros with one row per label and one column per class: what shape is that?",
        "Row i needs exactly one 1, in column t[i]. numpy can set many single cells at once if you "
        "give it a list of rows and a list of columns: T[rows, columns] = 1.",
        "The rows are 0, 1, ..., N-1 (np.arange(t.size)) and the columns are the labels themselves.",
    ),
)
def check_one_hot(to_one_hot):
    """Check ``to_one_hot(t)``: labels (N,) int -> one-hot (N, 10) float.

    Diagnoses: no conversion, transposed result, width taken from the labels
    (``t.max() + 1``), whole columns set (``T[:, t] = 1``), ones in the wrong
    column (off by one), a bool or int result, and changing ``t`` in place.
    """
    t = np.array([5, 0, 4, 1, 9, 2, 1, 3], dtype=np.uint8)  # the first eight MNIST labels
    _check_one_hot_on(to_one_hot, t)
    # No 9 in these labels: the width must still be 10.
    _check_one_hot_on(to_one_hot, np.array([3, 0, 2, 2, 1], dtype=np.uint8))
    _check_one_hot_on(to_one_hot, np.array([7], dtype=np.uint8))
    passed("each row is all zeros except a 1 in the column of its label, shape (N, 10).")


def _check_one_hot_on(to_one_hot, t):
    t_before = t.copy()
    T = call_student(to_one_hot, t)
    n = len(t)
    if not np.array_equal(t, t_before):
        raise ExerciseFailed(
            "your function changed the labels t it was given",
            "build a new array, T = np.zeros((t.size, 10)), and leave t as it is",
        )
    if not isinstance(T, np.ndarray):
        raise ExerciseFailed(
            f"your function returned a {type(T).__name__}, not a numpy array",
            "return the array T you filled in",
        )
    if T.shape == (NUM_CLASSES, n) and n != NUM_CLASSES:
        raise ExerciseFailed(
            f"for {n} labels the result has shape {T.shape}: rows and columns are swapped",
            "one row per label: np.zeros((t.size, 10)), not np.zeros((10, t.size))",
        )
    if T.ndim == 2 and T.shape[0] == n and T.shape[1] == int(t.max()) + 1 != NUM_CLASSES:
        raise ExerciseFailed(
            f"for the labels {t.tolist()} the result has {T.shape[1]} columns, not 10: the width "
            "came from the largest label",
            "there are always 10 classes, whatever labels this batch happens to hold: np.zeros((t.size, 10))",
        )
    if T.shape != (n, NUM_CLASSES):
        raise ExerciseFailed(
            f"for {n} labels the result has shape {T.shape}, expected ({n}, 10)",
            "one row per label and one column per class: T = np.zeros((t.size, 10))",
        )
    if T.dtype == bool or not np.issubdtype(T.dtype, np.floating):
        raise ExerciseFailed(
            f"the result has dtype {T.dtype}; the book's one-hot labels are floating point",
            "np.zeros((t.size, 10)) gives float64, as load_mnist(one_hot_label=True) does",
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
            "T[:, t] = 1 fills whole columns; set one cell per row: T[np.arange(t.size), t] = 1",
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
                "label k goes in column k: T[np.arange(t.size), t] = 1, no +1 or -1",
            )
        raise ExerciseFailed(
            f"the 1s are not in the columns of the labels: labels {t.tolist()}, columns {column.tolist()}",
            "row i gets its 1 in column t[i]: T[np.arange(t.size), t] = 1",
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
        "Step 1 of SGD picks batch_size random rows of the training set. First draw their indices.",
        "np.random.choice(n, k) draws k random integers from 0 to n-1; n is the number of training images.",
        "Index both arrays with the same indices, so each image keeps its label: x_train[batch_mask].",
    ),
)
def check_minibatch(choose_minibatch, batch_size=100):
    """Check ``choose_minibatch(x_train, t_train, batch_size) -> (x_batch, t_batch)``.

    The answer must take ``batch_size`` random rows of the whole training set, the
    same rows of ``x_train`` and ``t_train``, keep dtypes and shapes, differ from
    call to call, and leave the training set as it was. np.random's state is saved
    and restored around the check, so it is reproducible and changes nothing.
    """
    # The book draws with np.random.choice, so the legacy global generator is the one to pin.
    state = np.random.get_state()
    np.random.seed(0)
    try:
        for one_hot_labels in (False, True):
            _check_minibatch_on(choose_minibatch, batch_size, one_hot_labels)
    finally:
        np.random.set_state(state)
    passed(f"{batch_size} random rows of the whole training set, the same rows of x_train and t_train.")


def _check_minibatch_on(choose_minibatch, batch_size, one_hot_labels, calls=20):
    x_train, t_train = _made_up_training_set(one_hot_labels=one_hot_labels)
    x_before, t_before = x_train.copy(), t_train.copy()
    train_size = len(x_train)
    batches = []
    for _ in range(calls):
        out = call_student(choose_minibatch, x_train, t_train, batch_size)
        if not np.array_equal(x_train, x_before) or not np.array_equal(t_train, t_before):
            raise ExerciseFailed(
                "your function changed the training set it was given (e.g. np.random.shuffle(x_train))",
                "leave x_train and t_train alone: draw indices, batch_mask = np.random.choice(train_size, "
                "batch_size), and index with them",
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
                "draw the indices once, batch_mask = np.random.choice(train_size, batch_size), and use the "
                "same batch_mask for both: x_train[batch_mask], t_train[batch_mask]",
            )
        batches.append(rows)
    _check_randomness(batches, train_size, batch_size)


def _check_batch_shapes(x_batch, t_batch, x_train, t_train, batch_size):
    expected_x = (batch_size,) + x_train.shape[1:]
    if x_batch.shape != expected_x:
        hint = "np.random.choice(train_size, batch_size) gives batch_size indices: x_train[batch_mask]"
        if x_batch.shape == x_train.shape[1:]:
            hint = "np.random.choice(train_size) gives ONE index; pass batch_size as the second argument"
        elif x_batch.shape == x_train.shape:
            hint = "take only the chosen rows, x_train[batch_mask], instead of returning all of x_train"
        raise ExerciseFailed(f"x_batch has shape {x_batch.shape}, expected {expected_x}", hint)
    expected_t = (batch_size,) + t_train.shape[1:]
    if t_batch.shape != expected_t:
        raise ExerciseFailed(
            f"t_batch has shape {t_batch.shape}, expected {expected_t}",
            "take the same rows of t_train: t_batch = t_train[batch_mask]",
        )
    for name, batch, whole in (("x_batch", x_batch, x_train), ("t_batch", t_batch, t_train)):
        if batch.dtype != whole.dtype:
            raise ExerciseFailed(
                f"{name} has dtype {batch.dtype} but the training set has {whole.dtype}",
                "index the training arrays (x_train[batch_mask]) instead of filling a new np.zeros array: "
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
            "whole rows: x_train[batch_mask]",
        )
    return rows.astype(int)


def _check_randomness(batches, train_size, batch_size):
    first = batches[0]
    if all(np.array_equal(b, first) for b in batches):
        if np.array_equal(first, np.arange(batch_size)):
            raise ExerciseFailed(
                f"every call returns the first {batch_size} rows (x_train[:batch_size])",
                "a mini-batch is chosen at random: batch_mask = np.random.choice(train_size, batch_size)",
            )
        raise ExerciseFailed(
            "every call returns the same rows",
            "draw new indices at every call, and do not call np.random.seed inside the function",
        )
    seen = np.concatenate(batches)
    if seen.max() < batch_size:
        raise ExerciseFailed(
            f"the rows all come from the first {batch_size} of the {train_size} training rows",
            "choose among ALL training rows: np.random.choice(train_size, batch_size), not "
            "np.random.choice(batch_size, ...)",
        )
    if all(np.array_equal(np.diff(b), np.ones(batch_size - 1)) for b in batches):
        raise ExerciseFailed(
            "each batch is a block of consecutive rows (x_train[i:i + batch_size])",
            "pick each row independently at random: x_train[np.random.choice(train_size, batch_size)]",
        )
    tenth = train_size // 10
    if seen.min() >= tenth or seen.max() < train_size - tenth:
        raise ExerciseFailed(
            f"in {len(batches)} batches no row came from the {'start' if seen.min() >= tenth else 'end'}"
            " of the training set",
            "every row must have the same chance: np.random.choice(train_size, batch_size) with "
            "train_size = x_train.shape[0]",
        )
