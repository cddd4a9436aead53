"""Activation and loss functions of chapter 3-4 (the book's ``common/functions.py``).

Same names and same values as the book, with two differences a student should know:

* no finite input gives a RuntimeWarning or a ``nan``: ``sigmoid(-1000.0)`` is
  ``0.0`` and ``softmax([1000, 0])`` is ``[1, 0]``;
* bad input (raw scores instead of probabilities, targets of the wrong shape) raises
  a ``ValueError`` that says what is wrong instead of returning a silent ``nan``.
"""

import numpy as np

from nnlib.i18n import catalog

MESSAGES = catalog("functions", {
    "y_shape": ("cross_entropy_error: y must be (N, K) or (K,), got shape {shape}",
                "cross_entropy_error: y は (N, K) か (K,) の形状にしてください"
                "（形状 {shape} が渡されました）"),
    "y_negative": ("cross_entropy_error: y has negative entries, so it is not a probability; "
                   "pass the output of softmax (the network's predict), not the raw scores",
                   "cross_entropy_error: y に負の値があるので、確率ではありません。"
                   "出力層の生の値ではなく、ソフトマックス関数の出力"
                   "（ネットワークの predict の結果）を渡してください"),
    "t_count": ("cross_entropy_error: t has {size} entries for {batch} samples; give "
                "one label per sample ({batch},) or one-hot targets {shape}",
                "cross_entropy_error: サンプル {batch} 個に対して t の要素が {size} 個あります。"
                "サンプルごとに 1 つのラベル ({batch},) か、"
                "one-hot 表現の正解ラベル {shape} を渡してください"),
    "t_whole": ("cross_entropy_error: label targets t must be whole numbers",
                "cross_entropy_error: 正解ラベル t は整数にしてください"),
    "t_range": ("cross_entropy_error: label targets t must be in 0..{last}, got {low}..{high}",
                "cross_entropy_error: 正解ラベル t は 0..{last} の範囲にしてください"
                "（{low}..{high} が渡されました）"),
})  # fmt: skip


def identity_function(x):
    """The output layer of a regression network: returns ``x`` unchanged."""
    return x


def step_function(x):
    """1 where ``x > 0``, else 0 (int). The perceptron's activation."""
    return np.array(np.asarray(x) > 0, dtype=int)


def sigmoid(x):
    """``1 / (1 + exp(-x))``, elementwise; float in, same float dtype out.

    The book's formula. For very negative ``x`` (below -709 in float64, -88 in
    float32) ``exp(-x)`` overflows to ``inf`` and ``1 / (1 + inf)`` is ``0.0``: the
    right answer, so only numpy's overflow warning is switched off.
    """
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)  # -x of an int8 -128 would wrap around
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-x))


def sigmoid_grad(x):
    """Derivative of ``sigmoid`` at ``x``: ``(1 - sigmoid(x)) * sigmoid(x)``."""
    s = sigmoid(x)
    return (1.0 - s) * s


def relu(x):
    """``max(0, x)``, elementwise."""
    return np.maximum(0, x)


def relu_grad(x):
    """Derivative of ``relu``: 1 where ``x >= 0``, else 0 (the book's convention)."""
    x = np.asarray(x)
    return (x >= 0).astype(np.result_type(x.dtype, np.float32))


def softmax(x):
    """``exp(x) / sum(exp(x))`` over the last axis.

    x: (K,) one sample, or (N, K) a batch. Returns float of the same shape; each row
    sums to 1. The row maximum is subtracted first (the book's trick), so ``exp``
    only sees numbers <= 0.
    """
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    # A difference like -1e308 - 1e308 overflows to -inf, whose exp is exactly the 0
    # we want; only the warning is unwanted.
    with np.errstate(over="ignore"):
        x = x - np.max(x, axis=-1, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)


def sum_squared_error(y, t):
    """``0.5 * sum((y - t)**2)``: the book's 2乗和誤差 (sum of squared errors).

    The book's text calls it ``mean_squared_error``; both names work here.
    """
    return 0.5 * np.sum((np.asarray(y) - np.asarray(t)) ** 2)


mean_squared_error = sum_squared_error


def cross_entropy_error(y, t):
    """Mean cross-entropy ``-sum(t * log(y + 1e-7)) / N`` of a batch (交差エントロピー誤差).

    y: (N, K) or (K,) probabilities, e.g. the output of ``softmax``.
    t: the targets, either one-hot of the same shape as ``y``, or class labels
       (N,) int (a single int for a single sample).

    The ``1e-7`` is the book's: it keeps ``log(0)`` = ``-inf`` out of the loss.
    """
    y = np.asarray(y)
    t = np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, y.size)
        t = t.reshape(1, t.size)
    if y.ndim != 2:
        raise ValueError(MESSAGES["y_shape"].format(shape=y.shape))
    if np.any(y < 0):
        raise ValueError(MESSAGES["y_negative"])
    batch_size = y.shape[0]
    if t.size == y.size:  # one-hot: turn it into the index of the correct class
        t = t.reshape(y.shape).argmax(axis=1)
    else:
        t = t.reshape(-1)
        if t.size != batch_size:
            raise ValueError(MESSAGES["t_count"].format(size=t.size, batch=batch_size, shape=y.shape))
        if not np.issubdtype(t.dtype, np.integer):
            if not np.all(t == np.round(t)):
                raise ValueError(MESSAGES["t_whole"])
            t = t.astype(np.intp)
        if t.size and (t.min() < 0 or t.max() >= y.shape[1]):  # -1 would pick the last class
            raise ValueError(MESSAGES["t_range"].format(last=y.shape[1] - 1, low=t.min(), high=t.max()))
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


def softmax_loss(x, t):
    """``cross_entropy_error(softmax(x), t)``: the loss from raw scores."""
    return cross_entropy_error(softmax(x), t)
