"""What the hidden units learned: each unit's first-layer weights, and their change since the start.

    plot_learned_strokes(network.params["W1"], W1_start)   # W1_start: a copy made before training

A hidden unit's column of W1 (784 numbers) is a 28x28 picture: the unit's input is
large for images that look like it. The book starts W1 as Gaussian noise of std 0.01,
and training changes it by about as much, so the trained W1 still looks like noise.
The change, W1 - W1_start, is what training added: the strokes each unit responds to.
"""

import matplotlib.pyplot as plt
import numpy as np

from nnlib.i18n import catalog
from nnlib.plotting import FIG_WIDTH

MESSAGES = catalog("plotting.strokes", {
    "shapes": ("W1 and W1_start must both be (784, hidden), got {a} and {b}",
               "W1 と W1_start はどちらも (784, hidden) にしてください（{a} と {b} でした）"),
    "after": ("W1 after training", "学習後の W1"),
    "change": ("W1 − W1 at the start: what was learned", "W1 − 最初の W1: 学習で変わった分"),
})  # fmt: skip

CMAP = "RdBu_r"  # red +, white 0, blue -


def _symmetric_limit(values):
    """The largest |value| (finite ones), for a colour scale centred on 0; 1e-12 if all are 0."""
    finite = np.abs(values[np.isfinite(values)])
    return max(float(finite.max(initial=0.0)), 1e-12)


def plot_learned_strokes(W1, W1_start, units=8):
    """Two rows of 28x28 tiles for the first ``units`` hidden units: W1 now (top) and
    W1 - W1_start (bottom), each row on one colour scale symmetric around 0, with a colour bar.

    W1, W1_start: (784, hidden) float, the same shape. Returns the (2, units) axes.
    """
    W1, W1_start = np.asarray(W1, dtype=np.float64), np.asarray(W1_start, dtype=np.float64)
    if W1.shape != W1_start.shape or W1.ndim != 2 or W1.shape[0] != 784:
        raise ValueError(MESSAGES["shapes"].format(a=W1.shape, b=W1_start.shape))
    units = min(units, W1.shape[1])
    change = W1 - W1_start
    fig, axes = plt.subplots(2, units, figsize=(FIG_WIDTH, 0.3 + 2.4 * FIG_WIDTH / (units + 1.5)),
                             layout="constrained", squeeze=False)  # fmt: skip
    rows = [(W1, MESSAGES["after"]), (change, MESSAGES["change"])]
    for row, (values, what) in zip(axes, rows, strict=True):
        limit = _symmetric_limit(values[:, :units])
        for j, ax in enumerate(row):
            image = ax.imshow(values[:, j].reshape(28, 28), cmap=CMAP, vmin=-limit, vmax=limit)
            ax.set_xticks([])
            ax.set_yticks([])
        bar = fig.colorbar(image, ax=list(row), shrink=0.9, pad=0.02)
        bar.ax.tick_params(labelsize=12)
        bar.ax.yaxis.get_offset_text().set_fontsize(12)
        row[units // 2].set_title(what, fontsize=14)
    return axes
