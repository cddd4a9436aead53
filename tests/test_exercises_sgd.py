"""The checks of notebook 03: right answers pass, typical wrong answers are named."""

import numpy as np
import pytest

from nnlib.exercises import ExerciseFailed
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


@pytest.mark.parametrize(
    "answer", [diff_book, numerical_diff, lambda f, x: (f(x + 1e-5) - f(x - 1e-5)) / 2e-5]
)
def test_numerical_diff_right_answers_pass(answer, capsys):
    check_numerical_diff(answer)
    assert capsys.readouterr().out.startswith("✓ Correct:")


@pytest.mark.parametrize(
    ("answer", "message"),
    [
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
    ],
)
def test_numerical_diff_wrong_answers_are_named(answer, message):
    with pytest.raises(ExerciseFailed) as info:
        check_numerical_diff(answer)
    assert message in info.value.what
    assert info.value.hint


# --- gradient descent ---------------------------------------------------------------


def descent_right(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    x_history = [x.copy()]
    for _ in range(step_num):
        grad = numerical_gradient(f, x)
        x -= lr * grad
        x_history.append(x.copy())
    return x, np.array(x_history)


def descent_not_in_place(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = [x]
    for _ in range(step_num):
        x = x - lr * numerical_gradient(f, x)  # a new array each step: init_x stays
        x_history.append(x)
    return x, np.array(x_history)


@pytest.mark.parametrize("answer", [descent_right, descent_not_in_place])
def test_gradient_descent_right_answers_pass(answer, capsys):
    check_gradient_descent(answer)
    assert capsys.readouterr().out.startswith("✓ Correct:")


def make_descent(update, copy=True, history_copy=True, steps=lambda n: n, to_float=True):
    """A gradient descent with one slip or another."""

    def descent(f, init_x, lr=0.01, step_num=100):
        x = init_x
        if copy:
            x = np.array(init_x, dtype=float) if to_float else init_x.copy()
        x_history = [x.copy()]
        for _ in range(steps(step_num)):
            grad = numerical_gradient(f, x)
            x = update(x, lr, grad)
            x_history.append(x.copy() if history_copy else x)
        return x, np.array(x_history)

    return descent


def subtract_in_place(x, lr, grad):
    x -= lr * grad
    return x


def descent_history_without_copy(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    x_history = []
    for _ in range(step_num + 1):
        x_history.append(x)
        if len(x_history) <= step_num:
            x -= lr * numerical_gradient(f, x)
    return x, np.array(x_history)


def descent_book_history(f, init_x, lr=0.01, step_num=100):  # the book's: no final point
    x = np.array(init_x, dtype=float)
    x_history = []
    for _ in range(step_num):
        x_history.append(x.copy())
        x -= lr * numerical_gradient(f, x)
    return x, np.array(x_history)


def descent_fixed_gradient(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    x_history = [x.copy()]
    for _ in range(step_num):
        x -= lr * 2 * x  # the gradient of x0**2 + x1**2, whatever f is
        x_history.append(x.copy())
    return x, np.array(x_history)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (make_descent(lambda x, lr, g: x + lr * g), "gradient ascent"),
        (make_descent(lambda x, lr, g: x - g), "ignores the learning rate"),
        (make_descent(lambda x, lr, g: x), "did not move"),
        (make_descent(lambda x, lr, g: -lr * g), "replaced x"),
        (make_descent(subtract_in_place, copy=False), "changed init_x"),
        (make_descent(subtract_in_place, to_float=False), "starting from the integers [-3, 4]"),
        (make_descent(subtract_in_place, steps=lambda n: n - 1), "step_num = 3 made 2 steps"),
        (make_descent(subtract_in_place, steps=lambda n: n + 1), "step_num = 1 made 2 steps"),
        (descent_history_without_copy, "same array again and again"),
        (descent_book_history, "the last point is missing"),
        (descent_fixed_gradient, "the f passed in is not the one descended"),
        (lambda f, init_x, lr, step_num: init_x - lr * numerical_gradient(f, init_x), "not the pair"),
    ],
)
def test_gradient_descent_wrong_answers_are_named(answer, message):
    with pytest.raises(ExerciseFailed) as info:
        check_gradient_descent(answer)
    assert message in info.value.what
    assert info.value.hint
