"""Numerical differentiation (the book's ``common/gradient.py`` and ``ch04/gradient_*.py``).

``numerical_gradient`` is the central difference ``(f(x+h) - f(x-h)) / 2h`` with
``h = 1e-4``, one element of ``x`` at a time. It is slow (two calls of ``f`` per
element) but obviously right, which makes it the reference that the fast analytic
gradient (backpropagation) is checked against: ``gradient_check``.
"""

from dataclasses import dataclass

import numpy as np


def numerical_diff(f, x, h=1e-4):
    """The derivative of a one-variable function ``f`` at ``x`` by central difference."""
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f, x, h=1e-4):
    """The gradient of ``f`` at ``x``, one element at a time by central difference.

    f: a function of the array ``x`` that returns a number.
    x: float array of any shape. It is nudged in place (so ``f`` may also read it
       through a closure, as ``TwoLayerNet.numerical_gradient`` does) and restored.
    Returns an array of ``x``'s shape.

    An integer ``x`` cannot hold ``x + 1e-4`` (the book's version then returns
    ``[5000, 15000]`` for ``sum(x**2)`` at ``[1, 2]``); here it is copied to float64
    first, so the answer is right (``[2, 4]``).
    """
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        try:
            x[idx] = old + h
            fxh1 = f(x)
            x[idx] = old - h
            fxh2 = f(x)
        finally:
            x[idx] = old  # restore, even if f fails: x may be a network's weights
        grad[idx] = (fxh1 - fxh2) / (2 * h)
    return grad


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    """Take ``step_num`` steps ``x -= lr * grad f(x)`` from ``init_x``; return the last ``x``.

    ``init_x`` is not changed (the book's version changes it in place).
    """
    x = np.array(init_x, dtype=np.float64)
    for _ in range(step_num):
        x -= lr * numerical_gradient(f, x)
    return x


# Rules of thumb for the relative error of a gradient check in float64.
GOOD = 1e-5  # below: the two gradients agree
WRONG = 1e-2  # above: one of them is wrong (between: look closer)


@dataclass
class GradientCheck:
    """How far one parameter's analytic gradient is from its numerical one."""

    name: str
    max_error: float  # max over elements of |a - n| / max(1e-8, |a| + |n|)
    norm_error: float  # ||a - n|| / max(1e-8, ||a|| + ||n||)

    @property
    def verdict(self):
        if self.norm_error > WRONG or not np.isfinite(self.norm_error):
            return "wrong"
        return "good" if self.norm_error < GOOD else "check"


class GradientCheckReport(list):
    """A list of ``GradientCheck``, one per parameter, that prints as a table."""

    def __repr__(self):
        lines = [f"{'param':<6} {'norm rel. error':>16} {'max rel. error':>15}  verdict"]
        for c in self:
            lines.append(f"{c.name:<6} {c.norm_error:>16.1e} {c.max_error:>15.1e}  {c.verdict}")
        return "\n".join(lines)

    def _repr_pretty_(self, p, cycle):  # IPython shows the table, not a list
        p.text(repr(self))

    @property
    def ok(self):
        """True when no parameter is judged wrong."""
        return all(c.verdict != "wrong" for c in self)


def gradient_check(grad_analytic, grad_numerical):
    """Compare two gradient dicts (``{'W1': array, ...}``) parameter by parameter.

    Returns a ``GradientCheckReport``: for each parameter the norm-based relative
    error and the element-wise maximum of ``|a - n| / max(1e-8, |a| + |n|)``.
    In float64 the norm-based error of a correct backpropagation is about 1e-7.
    The element-wise maximum is larger (up to ~1e-4) because a few elements have
    gradients near zero, where the central difference's own error is not small
    compared with the value; the verdict therefore uses the norm-based error.
    """
    missing = set(grad_analytic) ^ set(grad_numerical)
    if missing:
        raise ValueError(f"gradient_check: the two dicts differ in keys {sorted(missing)}")
    report = GradientCheckReport()
    for name in grad_analytic:
        a = np.asarray(grad_analytic[name], dtype=np.float64)
        n = np.asarray(grad_numerical[name], dtype=np.float64)
        if a.shape != n.shape:
            raise ValueError(f"gradient_check: {name} has shapes {a.shape} and {n.shape}")
        elementwise = np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))
        norm = np.linalg.norm(a - n) / max(1e-8, np.linalg.norm(a) + np.linalg.norm(n))
        report.append(GradientCheck(name, float(elementwise.max()), float(norm)))
    return report
