"""The checks of notebook 01: right answers pass, typical wrong answers are named."""

# The answers below draw with the legacy np.random functions, as the book and students do.

import numpy as np
import pytest
from exercises_support import assert_correct_in_japanese, assert_not_yet_in_japanese

from nnlib.exercises import EXERCISES, ExerciseFailed
from nnlib.exercises import data as printing  # the checkers as a notebook calls them
from nnlib.exercises.data import check_minibatch, check_one_hot

# The checkers without their printing wrapper (nnlib.exercises.exercise): a wrong answer
# raises ExerciseFailed, so each diagnosis can be asserted.
check_minibatch, check_one_hot = check_minibatch.__wrapped__, check_one_hot.__wrapped__

# --- one-hot -------------------------------------------------------------------------


def one_hot_right(t):
    T = np.zeros((t.size, 10))
    T[np.arange(t.size), t] = 1
    return T


def one_hot_eye(t):
    return np.eye(10)[t]


def one_hot_integers(t):  # integer one-hot rows: cross_entropy_error accepts them too
    return np.eye(10, dtype=int)[t]


def one_hot_loop(t):
    T = np.zeros((len(t), 10), dtype=np.uint8)
    for i in range(len(t)):
        T[i, t[i]] = 1
    return T


ONE_HOT_RIGHT = [one_hot_right, one_hot_eye, one_hot_integers, one_hot_loop]


@pytest.mark.parametrize("answer", ONE_HOT_RIGHT)
def test_one_hot_right_answers_pass(answer, capsys):
    check_one_hot(answer)
    assert capsys.readouterr().out.startswith("✓ Correct:")


def one_hot_columns(t):  # sets whole columns
    T = np.zeros((t.size, 10))
    T[:, t] = 1
    return T


def one_hot_width_from_labels(t):
    return np.eye(t.max() + 1)[t]


def one_hot_transposed(t):
    T = np.zeros((10, t.size))
    T[t, np.arange(t.size)] = 1
    return T


def one_hot_bool(t):
    return np.arange(10) == t[:, None]


def one_hot_in_place(t):
    T = np.eye(10)[t]
    t[:] = 0
    return T


def one_hot_shifted(t):
    T = np.zeros((t.size, 10))
    T[np.arange(t.size), (t.astype(int) + 1) % 10] = 1
    return T


def one_hot_shifted_left(t):
    T = np.zeros((t.size, 10))
    T[np.arange(t.size), t.astype(int) - 1] = 1  # label 0 -> column -1, the last one
    return T


def one_hot_unchanged(t):
    return t


def one_hot_off_by_one_index(t):
    T = np.zeros((t.size, 10))
    T[np.arange(t.size), t + 1] = 1  # label 9 -> column 10: IndexError
    return T


def one_hot_loop_minus_one(t):
    T = np.zeros((t.size, 10))
    for i in range(t.size):
        T[i, t[i] - 1] = 1  # uint8: label 0 - 1 is 255
    return T


def one_hot_minus_one(t):
    T = np.zeros((t.size, 10))
    T[np.arange(t.size), t - 1] = 1  # the whole uint8 array wraps around, without a warning
    return T


def one_hot_label_as_row(t):
    T = np.zeros((t.size, 10))
    T[t, np.arange(t.size)] = 1  # label 9 as a row number of 8 rows
    return T


@pytest.mark.parametrize("answer", [one_hot_loop_minus_one, one_hot_minus_one])
def test_one_hot_minus_one_on_uint8_labels_explains_the_wrap_around(answer):
    with pytest.raises(ExerciseFailed) as info:
        check_one_hot(answer)
    assert "raised IndexError: index 255 is out of bounds" in info.value.what
    assert "label 0 minus 1 wraps around to 255 instead of -1" in info.value.what
    assert "column 0" in info.value.hint


def test_the_wrap_around_warning_is_explained_not_shown(recwarn):
    with pytest.raises(ExerciseFailed) as info:
        check_one_hot(one_hot_loop_minus_one)
    assert "(numpy's 'overflow' warning)" in info.value.what
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


ONE_HOT_INDEX_ERRORS = [
    (one_hot_off_by_one_index, "Label 9 + 1 asks for column 10, but the columns are 0 to 9"),
    (one_hot_label_as_row, "A label was used as a row number: with 8 labels there are only rows 0 to 7"),
]


@pytest.mark.parametrize(("answer", "message"), ONE_HOT_INDEX_ERRORS)
def test_one_hot_index_errors_are_explained(answer, message):
    with pytest.raises(ExerciseFailed) as info:
        check_one_hot(answer)
    assert message in info.value.what


ONE_HOT_WRONG = [
    (one_hot_columns, "row 0 (label 5) holds 7 ones"),
    (one_hot_width_from_labels, "came from the largest label"),
    (one_hot_transposed, "rows and columns are swapped"),
    (one_hot_bool, "dtype bool"),
    (one_hot_in_place, "changed the labels"),
    (one_hot_shifted, "1 column(s) too far right"),
    (one_hot_shifted_left, "1 column(s) too far left"),
    (one_hot_unchanged, "shape (8,), expected (8, 10)"),
    (one_hot_off_by_one_index, "raised IndexError"),
    (lambda t: list(one_hot_right(t)), "returned a list"),
]


@pytest.mark.parametrize(("answer", "message"), ONE_HOT_WRONG)
def test_one_hot_wrong_answers_are_named(answer, message):
    with pytest.raises(ExerciseFailed) as info:
        check_one_hot(answer)
    assert message in info.value.what
    assert info.value.hint
    assert "np.arange(t.size), t]" not in info.value.hint  # a hint, not the answer to copy


# --- the mini-batch -----------------------------------------------------------------


def minibatch_book(x_train, t_train, batch_size):
    train_size = x_train.shape[0]
    batch_mask = np.random.choice(train_size, batch_size)
    return x_train[batch_mask], t_train[batch_mask]


def minibatch_generator(x_train, t_train, batch_size):
    rng = np.random.default_rng()
    batch_mask = rng.choice(len(x_train), batch_size, replace=False)
    return x_train[batch_mask], t_train[batch_mask]


MINIBATCH_RIGHT = [minibatch_book, minibatch_generator]


@pytest.mark.parametrize("answer", MINIBATCH_RIGHT)
def test_minibatch_right_answers_pass(answer, capsys):
    check_minibatch(answer)
    assert capsys.readouterr().out.startswith("✓ Correct:")


def test_minibatch_check_leaves_the_global_generator_as_it_was():
    np.random.seed(123)
    expected = np.random.rand()
    np.random.seed(123)
    check_minibatch(minibatch_book)
    assert np.random.rand() == expected


def minibatch_one_row_short(x_train, t_train, batch_size):
    batch_mask = np.random.choice(len(x_train) - 1, batch_size)  # never draws the last row
    return x_train[batch_mask], t_train[batch_mask]


def minibatch_randint_one_row_short(x_train, t_train, batch_size):
    batch_mask = np.random.randint(0, len(x_train) - 1, batch_size)  # high is excluded already
    return x_train[batch_mask], t_train[batch_mask]


def minibatch_fixed_size(x_train, t_train, batch_size):
    batch_mask = np.random.choice(x_train.shape[0], 100)  # ignores the argument
    return x_train[batch_mask], t_train[batch_mask]


def minibatch_first_rows(x_train, t_train, batch_size):
    return x_train[:batch_size], t_train[:batch_size]


def minibatch_two_draws(x_train, t_train, batch_size):
    train_size = x_train.shape[0]
    x_batch = x_train[np.random.choice(train_size, batch_size)]
    t_batch = t_train[np.random.choice(train_size, batch_size)]  # other indices than x_batch's
    return x_batch, t_batch


def minibatch_one_index(x_train, t_train, batch_size):
    i = np.random.choice(x_train.shape[0])
    return x_train[i], t_train[i]


def minibatch_from_batch_size(x_train, t_train, batch_size):
    batch_mask = np.random.choice(batch_size, batch_size)
    return x_train[batch_mask], t_train[batch_mask]


def minibatch_float_labels(x_train, t_train, batch_size):
    batch_mask = np.random.choice(x_train.shape[0], batch_size)
    t_batch = np.zeros((batch_size,) + t_train.shape[1:])
    t_batch[:] = t_train[batch_mask]
    return x_train[batch_mask], t_batch


def minibatch_shuffle(x_train, t_train, batch_size):
    np.random.shuffle(x_train)
    np.random.shuffle(t_train)
    return x_train[:batch_size], t_train[:batch_size]


def minibatch_seeded(x_train, t_train, batch_size):
    np.random.seed(0)
    return minibatch_book(x_train, t_train, batch_size)


def minibatch_block(x_train, t_train, batch_size):
    i = np.random.randint(0, len(x_train) - batch_size)
    return x_train[i : i + batch_size], t_train[i : i + batch_size]


def minibatch_first_half(x_train, t_train, batch_size):
    batch_mask = np.random.choice(len(x_train) // 2, batch_size)
    return x_train[batch_mask], t_train[batch_mask]


MNIST_LIKE = np.random.default_rng(0).random((300, 784), dtype=np.float32)


def minibatch_notebook_globals(x_train, t_train, batch_size):
    batch_mask = np.random.choice(len(MNIST_LIKE), batch_size)
    return MNIST_LIKE[batch_mask], t_train[batch_mask]


MINIBATCH_WRONG = [
    (minibatch_one_row_short, "never held the last row (row 19): your draw cannot reach it"),
    (minibatch_randint_one_row_short, "never held the last row (row 19)"),
    (minibatch_fixed_size, "x_batch has shape (100, 784), expected (10, 784)"),
    (minibatch_first_rows, "the first 100 rows"),
    (minibatch_two_draws, "come from different rows"),
    (minibatch_one_index, "x_batch has shape (784,), expected (100, 784)"),
    (minibatch_from_batch_size, "from the first 100 of the 1000"),
    (minibatch_float_labels, "t_batch has dtype float64 but the training set has uint8"),
    (minibatch_shuffle, "changed the training set"),
    (minibatch_seeded, "every call returns the same rows"),
    (minibatch_block, "block of consecutive rows"),
    (minibatch_first_half, "no row came from the end"),
    (minibatch_notebook_globals, "not rows of the x_train passed"),
    (lambda x, t, n: x[:n], "not the pair (x_batch, t_batch)"),
]


@pytest.mark.parametrize(("answer", "message"), MINIBATCH_WRONG)
def test_minibatch_wrong_answers_are_named(answer, message):
    with pytest.raises(ExerciseFailed) as info:
        check_minibatch(answer)
    assert message in info.value.what
    assert info.value.hint
    assert "choice(train_size, batch_size)" not in info.value.hint  # a hint, not the answer to copy


@pytest.mark.parametrize("name", ["to_one_hot", "choose_minibatch"])
def test_the_stepwise_hints_do_not_spell_out_the_answer(name):
    answer = {"to_one_hot": "np.arange(t.size), t]", "choose_minibatch": "choice(train_size, batch_size)"}
    assert not any(answer[name] in h for h in EXERCISES[name].hints)


# --- in Japanese ----------------------------------------------------------------------


@pytest.mark.parametrize("answer", ONE_HOT_RIGHT)
def test_one_hot_right_answers_pass_in_japanese(answer, japanese, capsys):
    printing.check_one_hot(answer)
    assert_correct_in_japanese(capsys.readouterr().out)


ONE_HOT_ALL_WRONG = [one_hot_loop_minus_one, one_hot_minus_one] + [
    answer for answer, _ in ONE_HOT_INDEX_ERRORS + ONE_HOT_WRONG
]


@pytest.mark.parametrize("answer", ONE_HOT_ALL_WRONG)
def test_one_hot_wrong_answers_are_named_in_japanese(answer, japanese, capsys):
    printing.check_one_hot(answer)
    assert_not_yet_in_japanese(capsys.readouterr().out, "to_one_hot")


def test_the_wrap_around_is_explained_in_japanese(japanese):
    with pytest.raises(ExerciseFailed) as info:
        check_one_hot(one_hot_loop_minus_one)
    assert info.value.what.startswith("あなたの関数で IndexError が発生しました: index 255 is out of bounds")
    assert "-1 ではなく 255 になり（numpy の「overflow」の警告はこのためです）" in info.value.what


@pytest.mark.parametrize("answer", MINIBATCH_RIGHT)
def test_minibatch_right_answers_pass_in_japanese(answer, japanese, capsys):
    printing.check_minibatch(answer)
    assert_correct_in_japanese(capsys.readouterr().out)


@pytest.mark.parametrize("answer", [a for a, _ in MINIBATCH_WRONG])
def test_minibatch_wrong_answers_are_named_in_japanese(answer, japanese, capsys):
    printing.check_minibatch(answer)
    assert_not_yet_in_japanese(capsys.readouterr().out, "choose_minibatch")
