"""Solutions for notebook 03 (gradients and SGD)."""

import numpy as np

from nnlib.gradient import numerical_gradient


def numerical_diff(f, x):
    h = 1e-4  # 0.0001
    return (f(x + h) - f(x - h)) / (2 * h)


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)  # a float copy (the book's x = init_x changes init_x)
    x_history = []
    for _ in range(step_num):
        x_history.append(x.copy())  # the point before this step
        grad = numerical_gradient(f, x)  # step 2: the gradient
        x -= lr * grad  # step 3: a small step against it
    return x, np.array(x_history)
