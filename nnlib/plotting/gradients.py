"""Figures of notebook 05 (numerical vs analytic gradients): element-wise errors, durations."""

import numpy as np

from nnlib.i18n import catalog
from nnlib.plotting import PARAM_COLORS, new_axes

MESSAGES = catalog("plotting.gradients", {
    "size": ("|analytic gradient| of the element", "誤差逆伝播法による勾配の絶対値（要素ごと）"),
    "error": ("relative error of the element", "要素ごとの相対誤差"),
    "days": ("days", "日"),
    "h": ("h", "時間"),
    "min": ("min", "分"),
    "s": ("s", "秒"),
    "ms": ("ms", "ms"),
    "1s": ("1 s", "1 秒"),
    "1min": ("1 min", "1 分"),
    "1h": ("1 hour", "1 時間"),
    "1d": ("1 day", "1 日"),
    "time": ("time (log scale)", "時間（対数目盛）"),
})  # fmt: skip


def plot_gradient_errors(grad_analytic, grad_numerical, ax=None):
    """Each element's relative error |a - n| / (|a| + |n|) against the size |a| of its gradient.

    grad_analytic, grad_numerical: dicts of arrays with the same keys and shapes
    (``{'W1': (784, 50), ...}``). Log-log axes; elements where both are exactly 0
    (e.g. weights of pixels that are 0 in every image) have no error to show. Each
    parameter in its own colour (``PARAM_COLORS``); the legend sits right of the axes.
    """
    ax = new_axes(ax, height=4.5)
    names = sorted(grad_analytic, key=lambda k: list(PARAM_COLORS).index(k) if k in PARAM_COLORS else 9)
    for name in names:  # W1 first, so that the few points of the biases and W2 are drawn on top
        a = np.ravel(grad_analytic[name]).astype(np.float64)
        n = np.ravel(grad_numerical[name]).astype(np.float64)
        size = np.abs(a) + np.abs(n)
        keep = size > 0
        error = np.abs(a - n)[keep] / size[keep]
        error = np.maximum(error, 1e-17)  # exact agreement would vanish from a log axis
        # markers of a line, not a scatter: the same picture, drawn several times faster
        ax.plot(np.abs(a[keep]), error, ".", markersize=4, alpha=0.5, label=name, rasterized=True,
                color=PARAM_COLORS.get(name))  # fmt: skip
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(MESSAGES["size"])
    ax.set_ylabel(MESSAGES["error"])
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, markerscale=2.5)
    ax.figure.tight_layout()
    return ax


def format_duration(seconds):
    """A duration for people: '850 µs', '12.3 ms', '4.2 s', '3.5 min', '7.1 h', '23 days'."""
    for unit, size in (("days", 86400), ("h", 3600), ("min", 60), ("s", 1), ("ms", 1e-3)):
        if seconds >= size:
            return f"{seconds / size:.3g} {MESSAGES[unit]}"
    return f"{seconds * 1e6:.3g} µs"


NUMERICAL_COLOR, ANALYTIC_COLOR = "C4", "C9"  # not the parameters' C0-C3


def plot_times(seconds, ax=None):
    """Horizontal bars on a log scale, one per ``{label: seconds}``, each with its duration.

    A label with "numerical" (or 数値) in it gets a purple bar, any other a cyan one. Dotted
    lines mark a second, a minute, an hour and a day, for scale.
    """
    labels = list(seconds)
    values = np.array([seconds[k] for k in labels], dtype=np.float64)
    ax = new_axes(ax, height=0.55 * len(labels) + 1.2)
    rows = np.arange(len(labels))[::-1]  # the first label on top
    colors = [NUMERICAL_COLOR if _numerical(label) else ANALYTIC_COLOR for label in labels]
    ax.barh(rows, values, color=colors)
    for row, value in zip(rows, values, strict=True):
        ax.text(value * 1.3, row, format_duration(value), va="center")
    ax.set_yticks(rows, labels)
    ax.set_xscale("log")
    low, high = values.min() / 3, values.max() * 30
    ax.set_xlim(low, high)
    for mark, key in ((1, "1s"), (60, "1min"), (3600, "1h"), (86400, "1d")):
        name = MESSAGES[key]
        if low < mark < high:
            ax.axvline(mark, color="gray", linestyle=":", linewidth=1)
            ax.text(mark, rows[0] + 0.6, name, ha="center", color="gray")
    ax.set_ylim(-0.6, len(labels) + 0.1)
    ax.set_xlabel(MESSAGES["time"])
    ax.figure.tight_layout()
    return ax


def _numerical(label):
    """True for a label of a numerical gradient, in English or Japanese."""
    return "numerical" in label or "数値" in label
