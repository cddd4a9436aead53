"""The checks of notebook 03: right answers pass, typical wrong answers are named."""

import numpy as np
import pytest
from exercises_support import (
    assert_correct_in_japanese,
    assert_japanese,
    assert_not_yet_in_japanese,
)

from nnlib.exercises import ExerciseFailed
from nnlib.exercises import sgd as printing  # the checkers as a notebook calls them
from nnlib.exercises.sgd import check_gradient_descent, check_numerical_diff
from nnlib.gradient import numerical_diff, numerical_gradient

# The checkers without their printing wrapper (nnlib.exercises.exercise): a wrong answer
# raises ExerciseFailed, so each diagnosis can be asserted.
check_gradient_descent = check_gradient_descent.__wrapped__
check_numerical_diff = check_numerical_diff.__wrapped__

# --- numerical_diff -----------------------------------------------------------------


def diff_book(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h)) / (2 * h)


DIFF_RIGHT = [diff_book, numerical_diff, lambda f, x: (f(x + 1e-5) - f(x - 1e-5)) / 2e-5]


@pytest.mark.parametrize("answer", DIFF_RIGHT)
def test_numerical_diff_right_answers_pass(answer, capsys):
    check_numerical_diff(answer)
    assert capsys.readouterr().out.startswith("✓ Correct:")


DIFF_WRONG = [
    (lambda f, x: (f(x + 1e-4) - f(x)) / 1e-4, "forward difference"),
    (lambda f, x: (f(x) - f(x - 1e-4)) / 1e-4, "backward difference"),
    (lambda f, x: (f(x + 1e-50) - f(x - 1e-50)) / (2 * 1e-50), "x + h == x"),
    (lambda f, x: (f(x + 1e-10) - f(x - 1e-10)) / (2 * 1e-10), "h = 1e-10 is so small"),
    (lambda f, x: (f(x + 0.5) - f(x - 0.5)) / (2 * 0.5), "too large"),
    (lambda f, x: (f(x + 1e-4) - f(x - 1e-4)) / 2 * 1e-4, "wrote / 2*h"),
    (lambda f, x: (f(x + 1e-4) - f(x - 1e-4)) / 1e-4, "divided by h instead of 2h"),
    (lambda f, x: (f(x - 1e-4) - f(x + 1e-4)) / (2 * 1e-4), "wrong sign"),
    (lambda f, x: 27.0, "never called f"),
    (lambda f, x: (f(x + 1e-4) - f(x - 1e-4) + 0 * f(x)) / (2 * 1e-4) + 1, "not at x - h and x + h"),
    (lambda f, x: (f(x + 1e-4) - f(x - 1e-4)) / (2 * 1e-4) + 1, "you return"),
    (lambda f, x: f(x) / x.nothing, "raised AttributeError"),
]


@pytest.mark.parametrize(("answer", "message"), DIFF_WRONG)
def test_numerical_diff_wrong_answers_are_named(answer, message):
    with pytest.raises(ExerciseFailed) as info:
        check_numerical_diff(answer)
    assert message in info.value.what
    assert info.value.hint


# --- gradient descent ---------------------------------------------------------------


def descent_book(f, init_x, lr=0.01, step_num=100):  # the book's ch04/gradient_method.py
    x = init_x
    x_history = []
    for _ in range(step_num):
        x_history.append(x.copy())
        grad = numerical_gradient(f, x)
        x -= lr * grad
    return x, np.array(x_history)


def descent_copy_full_history(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    x_history = [x.copy()]
    for _ in range(step_num):
        x -= lr * numerical_gradient(f, x)
        x_history.append(x.copy())  # the start and every point after it: step_num + 1 rows
    return x, np.array(x_history)


def descent_not_in_place(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = [x]
    for _ in range(step_num):
        x = x - lr * numerical_gradient(f, x)  # a new array each step: init_x stays
        x_history.append(x)
    return x, np.array(x_history)


DESCENT_RIGHT = [descent_copy_full_history, descent_not_in_place]


@pytest.mark.parametrize("answer", DESCENT_RIGHT)
def test_gradient_descent_right_answers_pass(answer, capsys):
    check_gradient_descent(answer)
    out = capsys.readouterr().out
    assert out.startswith("✓ Correct:")
    assert "the start point and the point after each step" in out
    assert "init_x" not in out.splitlines()[0]  # nothing to say about init_x: it is kept
    assert "Note" not in out  # both take an integer start


def test_the_books_own_version_passes_and_is_told_it_changes_init_x(capsys):
    check_gradient_descent(descent_book)
    first, *rest = capsys.readouterr().out.splitlines()
    assert first.startswith("✓ Correct:")
    assert "the point before each step, as in the book" in first
    assert "it changes init_x in place" in first and "x = init_x.copy()" in first
    # Like the book's, it cannot take integers: a note, not a failure.
    [note] = rest
    assert "Note: from an integer start" in note and "raised UFuncTypeError" in note


def descent_truncating(f, init_x, lr=0.01, step_num=100):
    x = init_x.copy()  # an integer copy of an integer start
    x_history = []
    for _ in range(step_num):
        x_history.append(x.copy())
        x[:] = x - lr * numerical_gradient(f, x)  # silently truncated to integers
    return x, np.array(x_history)


def test_an_integer_start_gets_a_note_not_a_failure(capsys):
    check_gradient_descent(descent_truncating)
    first, note = capsys.readouterr().out.splitlines()
    assert first.startswith("✓ Correct:") and "init_x" not in first
    assert "one step gives [-2, 3], not [-2.4, 3.2]" in note
    assert "x = np.array(init_x, dtype=float)" in note


def make_descent(update, copy=True, history_copy=True, steps=lambda n: n):
    """A gradient descent with one slip or another."""

    def descent(f, init_x, lr=0.01, step_num=100):
        x = np.array(init_x, dtype=float) if copy else init_x
        x_history = []
        for _ in range(steps(step_num)):
            x_history.append(x.copy() if history_copy else x)
            grad = numerical_gradient(f, x)
            x = update(x, lr, grad)
        return x, np.array(x_history)

    return descent


def subtract_in_place(x, lr, grad):
    x -= lr * grad
    return x


def descent_history_after_each_step(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    x_history = []
    for _ in range(step_num):
        x -= lr * numerical_gradient(f, x)
        x_history.append(x.copy())  # after the step: the start point is never kept
    return x, np.array(x_history)


def descent_fixed_gradient(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    x_history = []
    for _ in range(step_num):
        x_history.append(x.copy())
        x -= lr * 2 * x  # the gradient of x0**2 + x1**2, whatever f is
    return x, np.array(x_history)


DESCENT_WRONG = [
    (make_descent(lambda x, lr, g: x + lr * g), "gradient ascent"),
    (make_descent(lambda x, lr, g: x - g), "ignores the learning rate"),
    (make_descent(lambda x, lr, g: x), "did not move"),
    (make_descent(lambda x, lr, g: -lr * g), "replaced x"),
    (make_descent(subtract_in_place, steps=lambda n: n - 1), "step_num = 3 made 2 steps"),
    (make_descent(subtract_in_place, steps=lambda n: n + 1), "step_num = 1 made 2 steps"),
    (make_descent(subtract_in_place, history_copy=False), "same array again and again"),
    (make_descent(subtract_in_place, copy=False, history_copy=False), "same array again and again"),
    (descent_history_after_each_step, "the start point is missing"),
    (descent_fixed_gradient, "the f passed in is not the one descended"),
    (lambda f, init_x, lr, step_num: init_x - lr * numerical_gradient(f, init_x), "not the pair"),
]


@pytest.mark.parametrize(("answer", "message"), DESCENT_WRONG)
def test_gradient_descent_wrong_answers_are_named(answer, message):
    with pytest.raises(ExerciseFailed) as info:
        check_gradient_descent(answer)
    assert message in info.value.what
    assert info.value.hint


# --- in Japanese ----------------------------------------------------------------------


@pytest.mark.parametrize("answer", DIFF_RIGHT)
def test_numerical_diff_right_answers_pass_in_japanese(answer, japanese, capsys):
    printing.check_numerical_diff(answer)
    assert_correct_in_japanese(capsys.readouterr().out)


@pytest.mark.parametrize("answer", [a for a, _ in DIFF_WRONG])
def test_numerical_diff_wrong_answers_are_named_in_japanese(answer, japanese, capsys):
    printing.check_numerical_diff(answer)
    assert_not_yet_in_japanese(capsys.readouterr().out, "numerical_diff")


@pytest.mark.parametrize("answer", DESCENT_RIGHT + [descent_book, descent_truncating])
def test_gradient_descent_right_answers_pass_in_japanese(answer, japanese, capsys):
    printing.check_gradient_descent(answer)
    out = capsys.readouterr().out
    assert_correct_in_japanese(out)
    assert all(line.startswith("  補足: ") for line in out.splitlines()[1:])


def test_the_books_own_version_is_told_it_changes_init_x_in_japanese(japanese, capsys):
    printing.check_gradient_descent(descent_book)
    first, note = capsys.readouterr().out.splitlines()
    assert "各ステップの前の点（本と同じです。最後の点は x です）" in first
    assert "init_x そのものを書き換えます" in first and "x = init_x.copy()" in first
    assert note.startswith("  補足: 整数の初期値 np.array([-3, 4]) から始めると、UFuncTypeError が発生します")
    assert_japanese(note)


@pytest.mark.parametrize("answer", [a for a, _ in DESCENT_WRONG])
def test_gradient_descent_wrong_answers_are_named_in_japanese(answer, japanese, capsys):
    printing.check_gradient_descent(answer)
    assert_not_yet_in_japanese(capsys.readouterr().out, "gradient_descent")
