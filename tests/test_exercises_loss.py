"""The checks of notebook 02: right answers pass, typical wrong answers are named."""

import numpy as np
import pytest
from exercises_support import assert_correct_in_japanese, assert_not_yet_in_japanese

from nnlib.exercises import EXERCISES, ExerciseFailed
from nnlib.exercises import loss as printing  # the checkers as a notebook calls them
from nnlib.exercises.loss import check_cross_entropy_labels, check_cross_entropy_one_hot, made_up_batch
from nnlib.functions import cross_entropy_error

# Without the printing wrapper: a wrong answer raises ExerciseFailed, so each diagnosis can be asserted.
check_labels = check_cross_entropy_labels.__wrapped__
check_one_hot = check_cross_entropy_one_hot.__wrapped__


def test_the_made_up_batches_are_what_the_checks_need():
    y, labels, t = made_up_batch(10, seed=2, zero_at_right_class=True)
    assert y.shape == t.shape == (10, 10) and labels.dtype == np.uint8
    np.testing.assert_allclose(y.sum(axis=1), 1)
    assert y[0, labels[0]] == 0  # a sure wrong answer
    assert np.all(y[np.arange(1, 10), labels[1:]] > 0)
    assert np.all(t.argmax(axis=1) == labels)


# --- right answers ----------------------------------------------------------------------


def one_hot_book(y, t):
    batch_size = y.shape[0]
    return -np.sum(t * np.log(y + 1e-7)) / batch_size


def one_hot_loop(y, t):
    total = 0.0
    for n in range(len(y)):
        total += -np.sum(t[n] * np.log(y[n] + 1e-7))
    return total / len(y)


def one_hot_via_labels(y, t):
    labels = t.argmax(axis=1)
    return -np.mean(np.log(y[np.arange(len(y)), labels] + 1e-7))


def labels_book(y, t):
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


def labels_loop(y, t):
    return -sum(np.log(y[n, t[n]] + 1e-7) for n in range(len(t))) / len(t)


def labels_take_along_axis(y, t):
    right = np.take_along_axis(y, t[:, None].astype(int), axis=1)
    return float(-np.log(right + 1e-7).mean())


ONE_HOT_RIGHT = [one_hot_book, one_hot_loop, one_hot_via_labels, cross_entropy_error]
LABELS_RIGHT = [labels_book, labels_loop, labels_take_along_axis, cross_entropy_error]


@pytest.mark.parametrize("answer", ONE_HOT_RIGHT)
def test_one_hot_right_answers_pass(answer, capsys):
    check_one_hot(answer)
    assert capsys.readouterr().out.startswith("✓ Correct:")


@pytest.mark.parametrize("answer", LABELS_RIGHT)
def test_labels_right_answers_pass(answer, capsys):
    check_labels(answer)
    assert capsys.readouterr().out.startswith("✓ Correct:")


# --- wrong answers, both kinds of targets ------------------------------------------------------


def no_mean(formula):
    return lambda y, t: formula(y, t) * y.shape[0]


def fixed_batch_size(formula):
    return lambda y, t: formula(y, t) * y.shape[0] / 100


def no_minus(formula):
    return lambda y, t: -formula(y, t)


def mean_over_all(y, t):
    return -np.mean(t * np.log(y + 1e-7))


def log10(y, t):
    return -np.sum(t * np.log10(y + 1e-7)) / y.shape[0]


def one_hot_no_delta(y, t):
    return -np.sum(t * np.log(y)) / y.shape[0]


def one_hot_other_delta(y, t):
    return -np.sum(t * np.log(y + 1e-10)) / y.shape[0]


def one_hot_every_entry(y, t):
    return -np.sum(np.log(y + 1e-7)) / y.shape[0]


def one_hot_per_sample(y, t):
    return -np.sum(t * np.log(y + 1e-7), axis=1)


def one_hot_in_place(y, t):
    y += 1e-7
    return -np.sum(t * np.log(y)) / y.shape[0]


def one_hot_largest(y, t):
    return -np.sum(np.log(y.max(axis=1) + 1e-7)) / y.shape[0]


ONE_HOT_WRONG = [
    (no_mean(one_hot_book), "the SUM over the 4 samples, not their mean"),
    (fixed_batch_size(one_hot_book), "divided by 100, a fixed batch size"),
    (no_minus(one_hot_book), "the minus sign is missing"),
    (mean_over_all, "divided by N * 10 = 40"),
    (log10, "np.log10"),
    (one_hot_no_delta, "the loss is nan"),
    (one_hot_every_entry, "the log of EVERY entry of y"),
    (one_hot_per_sample, "returned 4 numbers, one loss per sample"),
    (one_hot_in_place, "changed the y it was given"),
    (one_hot_largest, "LARGEST probability"),
    (lambda y, t: -np.sum(np.log(t + 1e-7)) / len(y), "the log of the targets t"),
    (labels_book, "t was used as an index, which works for labels"),
    (lambda y, t: "loss", "returned 'loss', not a number"),
]


@pytest.mark.parametrize(("answer", "message"), ONE_HOT_WRONG)
def test_one_hot_wrong_answers_are_named(answer, message):
    with pytest.raises(ExerciseFailed) as info:
        check_one_hot(answer)
    assert message in info.value.what
    assert info.value.hint and "np.log(y + 1e-7)) / batch_size" not in info.value.hint


def one_hot_no_delta_where_it_matters(y, t):  # right on batches without zeros, nan with them
    return one_hot_book(y, t) if np.all(y > 0) else one_hot_no_delta(y, t)


def test_one_hot_zeros_without_the_tiny_number_give_nan_and_that_is_explained():
    with pytest.raises(ExerciseFailed) as info:
        check_one_hot(one_hot_no_delta_where_it_matters)
    assert "the loss is nan: a probability 0 of a wrong class gives 0 * log(0)" in info.value.what
    assert "1e-7" in info.value.hint


def test_another_tiny_number_is_named():
    with pytest.raises(ExerciseFailed) as info:
        check_one_hot(one_hot_other_delta)
    assert "you added 1e-10, not the book's 1e-7" in info.value.what


def test_no_log_warning_reaches_the_notebook(recwarn):
    with pytest.raises(ExerciseFailed):
        check_one_hot(one_hot_no_delta_where_it_matters)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


# --- wrong answers with labels --------------------------------------------------------------


def labels_one_hot_formula(y, t):
    return -np.sum(t * np.log(y + 1e-7)) / y.shape[0]


def labels_rows_by_label(y, t):  # y[t] instead of y[np.arange(N), t]
    return -np.sum(np.log(y[t] + 1e-7)) / y.shape[0]


def labels_all_columns(y, t):
    return -np.sum(np.log(y[:, t] + 1e-7)) / y.shape[0]


def labels_table(y, t):
    return -np.log(y[:, t] + 1e-7) / y.shape[0]


def labels_no_delta(y, t):
    return -np.sum(np.log(y[np.arange(y.shape[0]), t])) / y.shape[0]


def labels_no_delta_where_it_matters(y, t):  # right until a probability is 0
    right = y[np.arange(y.shape[0]), t]
    return labels_book(y, t) if np.all(right > 0) else -np.sum(np.log(right)) / y.shape[0]


def labels_largest(y, t):
    return -np.sum(np.log(y.max(axis=1) + 1e-7)) / y.shape[0]


def labels_per_sample(y, t):
    return -np.log(y[np.arange(y.shape[0]), t] + 1e-7)


def labels_log_of_t(y, t):  # t[n] where y[n, t[n]] belongs
    return -np.sum(np.log(t + 1e-7)) / y.shape[0]


def labels_loop_whole_t(y, t):  # y[n, t] takes all the labels' columns in each row
    return -sum(np.sum(np.log(y[n, t] + 1e-7)) for n in range(len(y))) / len(y)


def labels_nonsense(y, t):
    return 1.0


LABELS_WRONG = [
    (no_mean(labels_book), "the SUM over the 4 samples, not their mean"),
    (fixed_batch_size(labels_book), "divided by 100, a fixed batch size"),
    (no_minus(labels_book), "the minus sign is missing"),
    (labels_one_hot_formula, "That is the one-hot formula, t * np.log(y)"),
    (labels_all_columns, "y[:, t] (or y[n, t] in a loop) takes, in every row, the columns of ALL"),
    (labels_table, "an array of shape (4, 4): y[:, t] takes"),
    (labels_no_delta, "the loss is infinite: one sample gives its right class probability 0"),
    (labels_rows_by_label, "A label was used as a row number: y[t] picks ROWS of y by label"),
    (labels_no_delta_where_it_matters, "the loss is infinite"),
    (labels_largest, "LARGEST probability"),
    (labels_per_sample, "returned 4 numbers, one loss per sample"),
    (labels_log_of_t, "the log of the targets t, not of the probabilities y"),
    (labels_loop_whole_t, "(or y[n, t] in a loop) takes, in every row, the columns of ALL the labels"),
    (labels_nonsense, "for a batch of 4 the loss is"),
]


@pytest.mark.parametrize(("answer", "message"), LABELS_WRONG)
def test_labels_wrong_answers_are_named(answer, message):
    with pytest.raises(ExerciseFailed) as info:
        check_labels(answer)
    assert message in info.value.what
    assert info.value.hint and "y[np.arange(batch_size), t]" not in info.value.hint


def rows_by_label_if_they_exist(y, t):
    return labels_book(y, t) if len(t) != 10 else labels_rows_by_label(y, t)


def test_rows_by_label_are_named_when_they_do_not_fail():
    with pytest.raises(ExerciseFailed) as info:
        check_labels(rows_by_label_if_they_exist)
    assert "y[t] picks whole ROWS of y" in info.value.what


def one_hot_formula_if_it_broadcasts(y, t):
    return labels_book(y, t) if len(t) != 10 else labels_one_hot_formula(y, t)


def test_the_one_hot_formula_with_ten_labels_is_named_though_it_broadcasts():
    # With N == 10 labels, t * np.log(y) raises nothing: the check still names it.
    with pytest.raises(ExerciseFailed) as info:
        check_labels(one_hot_formula_if_it_broadcasts)
    assert "the one-hot formula, t * np.log(y), applied to labels" in info.value.what


@pytest.mark.parametrize("name", ["cross_entropy_error_one_hot", "cross_entropy_error_labels"])
def test_the_stepwise_hints_do_not_spell_out_the_answer(name):
    for hint in EXERCISES[name].hints:
        assert "/ batch_size" not in hint and "y[np.arange(" not in hint


# --- in Japanese ----------------------------------------------------------------------


@pytest.mark.parametrize("answer", ONE_HOT_RIGHT)
def test_one_hot_right_answers_pass_in_japanese(answer, japanese, capsys):
    printing.check_cross_entropy_one_hot(answer)
    assert_correct_in_japanese(capsys.readouterr().out)


@pytest.mark.parametrize("answer", LABELS_RIGHT)
def test_labels_right_answers_pass_in_japanese(answer, japanese, capsys):
    printing.check_cross_entropy_labels(answer)
    assert_correct_in_japanese(capsys.readouterr().out)


ONE_HOT_ALL_WRONG = [a for a, _ in ONE_HOT_WRONG] + [one_hot_no_delta_where_it_matters, one_hot_other_delta]
LABELS_ALL_WRONG = [a for a, _ in LABELS_WRONG] + [
    rows_by_label_if_they_exist,
    one_hot_formula_if_it_broadcasts,
]


@pytest.mark.parametrize("answer", ONE_HOT_ALL_WRONG)
def test_one_hot_wrong_answers_are_named_in_japanese(answer, japanese, capsys):
    printing.check_cross_entropy_one_hot(answer)
    assert_not_yet_in_japanese(capsys.readouterr().out, "cross_entropy_error_one_hot")


@pytest.mark.parametrize("answer", LABELS_ALL_WRONG)
def test_labels_wrong_answers_are_named_in_japanese(answer, japanese, capsys):
    printing.check_cross_entropy_labels(answer)
    assert_not_yet_in_japanese(capsys.readouterr().out, "cross_entropy_error_labels")


def test_a_slip_is_named_with_both_numbers_in_japanese(japanese):
    with pytest.raises(ExerciseFailed) as info:
        check_one_hot(no_mean(one_hot_book))
    assert info.value.what.startswith("結果が 4 サンプルの平均ではなく「合計」になっています")
    assert "あなたの関数の値は" in info.value.what and "正しい損失は" in info.value.what
    assert "バッチサイズ N = y.shape[0] で割ります" in info.value.hint
