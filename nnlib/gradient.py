"""Numerical differentiation (the book's ``common/gradient.py`` and ``ch04/gradient_*.py``).

``numerical_gradient`` is the central difference ``(f(x+h) - f(x-h)) / 2h`` with
``h = 1e-4``, one element of ``x`` at a time. It is slow (two calls of ``f`` per
element) but obviously right, which makes it the reference that the fast analytic
gradient (backpropagation) is checked against: ``gradient_check``.
"""

from dataclasses import dataclass

import numpy as np

from nnlib.i18n import catalog

MESSAGES = catalog("gradient", {
    "not_real": ("numerical_gradient: x must hold real numbers (float), got dtype {dtype}",
                 "numerical_gradient: x には実数 (float) の配列を渡してください"
                 "（dtype {dtype} が渡されました）"),
    "read_only": ("numerical_gradient: x is read-only, but it is nudged in place (and restored) "
                  "one element at a time; pass a writable array (x.copy() if f uses its argument)",
                  "numerical_gradient: x は読み取り専用です。数値微分では x の要素を 1 つずつその場で"
                  "少しずらし（あとで元に戻し）ます。書き込める配列を渡してください"
                  "（f が引数を使う関数なら x.copy() で構いません）"),
    "integer_closure": ("numerical_gradient: x is an integer array ({dtype}) that f reads through a "
                        "closure: nudging it by h={h:g} in place is impossible, so every partial "
                        "derivative would come out 0. Make the weights floats in your network, e.g. "
                        "net.W = net.W.astype(float) (or np.random.randn(...) instead of integers).",
                        "numerical_gradient: x は整数の配列 ({dtype}) で、f はそれを引数ではなくクロージャ"
                        "から読んでいます。整数の配列はその場で h={h:g} だけずらせないので、偏微分がすべて 0 "
                        "になってしまいます。ネットワークの重みを浮動小数点数にしてください。例: "
                        "net.W = net.W.astype(float)"
                        "（または、整数の代わりに np.random.randn(...) を使う）。"),
    "one_point": ("_numerical_gradient_1d: x must be one point (K,), got shape {shape}",
                  "_numerical_gradient_1d: x は 1 つの点 (K,) にしてください（形状 {shape} が渡されました）"),
    "points": ("numerical_gradient_2d: X must be (K,) or (N, K) points, got shape {shape}",
               "numerical_gradient_2d: X は 1 つの点 (K,) か、N 個の点 (N, K) にしてください"
               "（形状 {shape} が渡されました）"),
    # the table of a gradient check (GradientCheckReport): the columns are 6, 16 and 15
    # characters wide, and a Japanese character is two columns on the screen
    "table_header": ("param   norm rel. error  max rel. error  verdict",
                     "名前   ノルムの相対誤差  最大の相対誤差  判定"),
    "verdict_good": ("good",
                     "良好"),
    "verdict_check": ("check",
                      "要確認"),
    "verdict_wrong": ("wrong",
                      "誤り"),
    "keys_differ": ("gradient_check: the two dicts differ in keys {keys}",
                    "gradient_check: 2 つの辞書のキーが一致しません: {keys}"),
    "shapes_differ": ("gradient_check: {name} has shapes {a} and {b}",
                      "gradient_check: {name} の形状が {a} と {b} で違います"),
})  # fmt: skip


def numerical_diff(f, x, h=1e-4):
    """The derivative of a one-variable function ``f`` at ``x`` by central difference."""
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f, x, h=1e-4):
    """The gradient of ``f`` at ``x``, one element at a time by central difference.

    f: a function of the array ``x`` that returns a number.
    x: array of any shape, float (float64 for a gradient check). It is nudged in place
       (so ``f`` may also read it through a closure, as ``TwoLayerNet.numerical_gradient``
       does) and restored exactly, even if ``f`` fails.
    Returns an array of ``x``'s shape and float dtype (float64 for an integer ``x``).

    An integer ``x`` cannot hold ``x + 1e-4`` (the book's version then returns
    ``[5000, 15000]`` for ``sum(x**2)`` at ``[1, 2]``). Here a float64 copy is nudged
    instead, which gives the right answer (``[2, 4]``) when ``f`` uses its argument;
    when ``f`` reads the integer array through a closure instead, nothing can nudge
    it, and a ``TypeError`` says so and how to fix it.
    """
    x = np.asarray(x)
    if x.dtype.kind in "iub":
        return _gradient_at_integers(f, x, h)
    if x.dtype.kind != "f":
        raise TypeError(MESSAGES["not_real"].format(dtype=x.dtype))
    return _central_differences(f, x, h)


def _central_differences(f, x, h):
    """numerical_gradient of a float ``x``; every element nudged in place, then restored."""
    if not x.flags.writeable:
        raise ValueError(MESSAGES["read_only"])
    grad = np.zeros_like(x)
    if x.flags.c_contiguous:  # flat views (no copies): an int index is cheaper than a tuple
        xs, gs, indices = x.reshape(-1), grad.reshape(-1), range(x.size)
    else:
        xs, gs, indices = x, grad, np.ndindex(x.shape)
    for idx in indices:
        old = xs[idx]
        try:
            xs[idx] = old + h
            fxh1 = f(x)
            xs[idx] = old - h
            fxh2 = f(x)
        finally:
            xs[idx] = old  # restore, even if f fails: x may be a network's weights
        gs[idx] = (fxh1 - fxh2) / (2 * h)
    return grad


def _gradient_at_integers(f, x, h):
    """numerical_gradient of an integer (or bool) ``x``: nudge a float64 copy.

    That helps only if ``f`` reads its argument. Whether ``f`` reads ``x`` itself
    (through a closure) is tested element by element: change ``x`` by 1 in place,
    where an integer can hold it, and see whether ``f`` of the unchanged copy moves.
    """
    copy = x.astype(np.float64)
    if x.flags.writeable and x.size:
        base = f(copy)
        for idx in np.ndindex(x.shape):
            old = x[idx]
            try:
                x[idx] = _neighbour(old, x.dtype)
                moved = not np.array_equal(f(copy), base, equal_nan=True)
            finally:
                x[idx] = old
            if moved:
                raise TypeError(MESSAGES["integer_closure"].format(dtype=x.dtype, h=h))
    return _central_differences(f, copy, h)


def _neighbour(value, dtype):
    """An integer next to ``value`` that ``dtype`` can hold (the other bool for a bool)."""
    if dtype.kind == "b":
        return not value
    return int(value) + 1 if int(value) < np.iinfo(dtype).max else int(value) - 1


def _numerical_gradient_1d(f, x, h=1e-4):
    """The book's helper of ``numerical_gradient_2d``: the gradient of ``f`` at one point.

    x: (K,) the point; f is called with it (nudged in place). Returns (K,).
    """
    x = np.asarray(x)
    if x.ndim != 1:
        raise ValueError(MESSAGES["one_point"].format(shape=x.shape))
    return numerical_gradient(f, x, h)


def numerical_gradient_2d(f, X, h=1e-4):
    """The gradient of ``f`` at many points at once, one per row (the book's ``gradient_2d.py``).

    X: (K,) one point: the gradient of ``f`` there, (K,);
       (N, K) N points: row i of the result is the gradient of ``f`` at ``X[i]``,
       and ``f`` is called with one row (K,) at a time, not with ``X``.
    Returns float of ``X``'s shape (float64 for integer ``X``). The book's
    ``numerical_gradient(function_2, np.array([X, Y]).T).T`` draws its arrows with it.
    """
    X = np.asarray(X)
    if X.ndim == 1:
        return _numerical_gradient_1d(f, X, h)
    if X.ndim != 2:
        raise ValueError(MESSAGES["points"].format(shape=X.shape))
    grad = np.zeros(X.shape, dtype=X.dtype if X.dtype.kind == "f" else np.float64)
    for idx, x in enumerate(X):  # x: a row of X (a view: closures that read X see the nudges)
        grad[idx] = _numerical_gradient_1d(f, x, h)
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
        lines = [MESSAGES["table_header"]]
        for c in self:
            verdict = MESSAGES["verdict_" + c.verdict]
            lines.append(f"{c.name:<6} {c.norm_error:>16.1e} {c.max_error:>15.1e}  {verdict}")
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
        raise ValueError(MESSAGES["keys_differ"].format(keys=sorted(missing)))
    report = GradientCheckReport()
    for name in grad_analytic:
        a = np.asarray(grad_analytic[name], dtype=np.float64)
        n = np.asarray(grad_numerical[name], dtype=np.float64)
        if a.shape != n.shape:
            raise ValueError(MESSAGES["shapes_differ"].format(name=name, a=a.shape, b=n.shape))
        elementwise = np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))
        norm = np.linalg.norm(a - n) / max(1e-8, np.linalg.norm(a) + np.linalg.norm(n))
        report.append(GradientCheck(name, float(elementwise.max()), float(norm)))
    return report
