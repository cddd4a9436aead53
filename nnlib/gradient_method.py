"""Gradient descent that keeps its path: the book's ``ch04/gradient_method.py``.

``gradient_descent`` returns ``(x, x_history)`` as that script does: the last point and
the point before each step, so that the path can be drawn. (``nnlib.gradient`` has the
version of the book's text, which returns only ``x``.) ``function_2`` is the book's bowl.
"""

import numpy as np

from nnlib.gradient import numerical_gradient


def function_2(x):
    """The book's ``f(x0, x1) = x0² + x1²``: x: (2,) float -> float; its minimum 0 is at (0, 0)."""
    return x[0] ** 2 + x[1] ** 2


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    """``step_num`` steps ``x -= lr * numerical_gradient(f, x)`` from ``init_x``.

    f: a function of the array x that returns a number. init_x: (D,) the start point.
    Returns ``(x, x_history)``: x (D,) the point after the last step, and
    x_history (step_num, D) the point before each step, the start first (as the book's:
    the last point is ``x``, not a row of ``x_history``).

    The book's version starts with ``x = init_x`` and so changes ``init_x`` in place;
    this one starts from a copy, with the same results, so ``init_x`` can be reused.
    A float array keeps its dtype; integers (which the update cannot hold) become float64.
    """
    x = np.array(init_x)  # a copy
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    x_history = []
    for _ in range(step_num):
        x_history.append(x.copy())  # a copy: x itself changes in place below
        x -= lr * numerical_gradient(f, x)
    return x, np.array(x_history)
