"""nnlib.gradient_method: the book's ch04/gradient_method.py, its path and its printed numbers."""

import numpy as np
import pytest

from nnlib.gradient import numerical_gradient
from nnlib.gradient_method import function_2, gradient_descent


def book_gradient_descent(f, init_x, lr=0.01, step_num=100):
    """The book's loop as it is written there: x is init_x itself, changed in place."""
    x = init_x
    x_history = []
    for _ in range(step_num):
        x_history.append(x.copy())
        x -= lr * numerical_gradient(f, x)
    return x, np.array(x_history)


def test_function_2_is_the_bowl():
    assert function_2(np.array([3.0, 4.0])) == 25.0
    assert function_2(np.array([0.0, 0.0])) == 0.0


@pytest.mark.parametrize(("lr", "step_num"), [(0.1, 20), (0.1, 100), (10.0, 100), (1e-10, 100)])
def test_the_same_path_as_the_books_loop(lr, step_num):
    x, x_history = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=lr, step_num=step_num)
    book_x, book_history = book_gradient_descent(function_2, np.array([-3.0, 4.0]), lr=lr, step_num=step_num)
    np.testing.assert_array_equal(x, book_x)
    np.testing.assert_array_equal(x_history, book_history)


def test_the_history_is_the_point_before_each_step():
    x, x_history = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=0.1, step_num=3)
    assert x_history.shape == (3, 2)
    np.testing.assert_allclose(x_history, [[-3.0, 4.0], [-2.4, 3.2], [-1.92, 2.56]])
    np.testing.assert_allclose(x, [-1.536, 2.048])  # the last point is x, not in x_history


@pytest.mark.parametrize(
    ("lr", "printed"),  # the numbers the book prints for its three learning rates
    [(0.1, [-6.11110793e-10, 8.14814391e-10]), (10.0, [-2.58983747e13, -1.29524862e12]),
     (1e-10, [-2.99999994, 3.99999992])],
)  # fmt: skip
def test_the_books_numbers(lr, printed):
    x, _ = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=lr, step_num=100)
    np.testing.assert_allclose(x, printed, rtol=1e-8)


def test_init_x_is_not_changed():
    init_x = np.array([-3.0, 4.0])
    gradient_descent(function_2, init_x, lr=0.1)
    np.testing.assert_array_equal(init_x, [-3.0, 4.0])


def test_dtypes():
    x, x_history = gradient_descent(function_2, np.array([-3.0, 4.0], dtype=np.float32), lr=0.1, step_num=2)
    assert x.dtype == x_history.dtype == np.float32
    x, _ = gradient_descent(function_2, [-3, 4], lr=0.1, step_num=1)  # integers: the book's would fail
    np.testing.assert_allclose(x, [-2.4, 3.2])
