"""Figures of notebook 04 (TwoLayerNet): initial weights, one prediction, predicted classes."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch

from nnlib.i18n import catalog
from nnlib.plotting import FIG_WIDTH, PARAM_COLORS, new_axes

# A parameter's label starts with its name and a space (style_problems checks its colour by it).
MESSAGES = catalog("plotting.network", {
    "weights": ("{name} ({n:,} weights)", "{name} (重み {n:,} 個)"),
    "gaussian": ("Gaussian, std {std:g}", "ガウス分布（標準偏差 {std:g}）"),
    "value": ("weight value", "重みの値"),
    "density": ("density", "密度"),
    "label": ("label {label}", "ラベル {label}"),
    "class": ("class", "クラス"),
    "probability": ("probability y", "確率 y"),
    "best": ("most probable: {best}", "確率が最も高い: {best}"),
    "others": ("the other classes", "ほかのクラス"),
    "guess": ("1/{n}, a blind guess", "1/{n}（当てずっぽう）"),
    "predicted": ("predicted", "予測"),
    "true": ("true label", "正解ラベル"),
    "images": ("number of images", "画像の枚数"),
})  # fmt: skip

OUTSIDE = {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0), "borderaxespad": 0.0}  # right of the axes


def plot_weight_histogram(weights, std=None, ax=None, bins=50):
    """Histograms of weight arrays, as densities, with the N(0, std²) they were drawn from.

    weights: {'W1': (784, 50) array, ...}, e.g. a few entries of ``network.params``,
    each drawn in its parameter's colour. Densities rather than counts, so that
    arrays of different sizes share the axis.
    """
    ax = new_axes(ax)
    values = [np.ravel(w) for w in weights.values()]
    edges = np.histogram_bin_edges(np.concatenate(values), bins=bins)
    for name, v in zip(weights, values, strict=True):
        label = MESSAGES["weights"].format(name=name, n=v.size)
        ax.hist(v, bins=edges, density=True, histtype="step", linewidth=2, label=label,
                color=PARAM_COLORS.get(name))  # fmt: skip
    if std is not None:
        grid = np.linspace(edges[0], edges[-1], 200)
        density = np.exp(-0.5 * (grid / std) ** 2) / (std * np.sqrt(2 * np.pi))
        ax.plot(grid, density, "k--", linewidth=1.5, label=MESSAGES["gaussian"].format(std=std))
    ax.set_xlim(edges[0], edges[-1])
    ax.set_xlabel(MESSAGES["value"])
    ax.set_ylabel(MESSAGES["density"])
    ax.legend(**OUTSIDE)
    ax.figure.tight_layout()
    return ax


def show_prediction(image, y, t=None):
    """One image beside the class probabilities ``y`` (10,) the network gives it.

    image: (784,) or (28, 28) pixels; t: its label (int) or one-hot (10,), optional.
    The most probable class is drawn in orange; the dashed line is 1/10, a blind guess.
    Returns the two axes (image, bars).
    """
    y = np.asarray(y, dtype=np.float64).ravel()
    widths = {"width_ratios": [1, 4]}
    fig, (ax_image, ax_bars) = plt.subplots(1, 2, figsize=(FIG_WIDTH, 3.2), gridspec_kw=widths)
    ax_image.imshow(np.asarray(image).reshape(28, 28), cmap="gray_r")
    ax_image.axis("off")
    if t is not None:
        label = int(np.argmax(t)) if np.ndim(t) else int(t)
        ax_image.set_title(MESSAGES["label"].format(label=label))
    classes = np.arange(y.size)
    best = int(np.argmax(y))
    ax_bars.bar(classes, y, color=np.where(classes == best, "C1", "C0"))
    ax_bars.axhline(1 / y.size, color="k", linestyle="--", linewidth=1.5)
    ax_bars.set_xticks(classes)
    ax_bars.set_ylim(0, 1)
    ax_bars.set_xlabel(MESSAGES["class"])
    ax_bars.set_ylabel(MESSAGES["probability"])
    key = [
        Patch(color="C1", label=MESSAGES["best"].format(best=best)),
        Patch(color="C0", label=MESSAGES["others"]),
        plt.Line2D([], [], color="k", linestyle="--", linewidth=1.5,
                   label=MESSAGES["guess"].format(n=y.size)),
    ]
    ax_bars.legend(handles=key, **OUTSIDE)
    fig.tight_layout()
    return ax_image, ax_bars


def plot_class_counts(predicted, t, num_classes=10, ax=None):
    """How often each class is predicted, beside how often it is the right answer.

    predicted: (N,) predicted labels; t: (N,) labels or (N, num_classes) one-hot.
    The predictions in orange, as the most probable class in ``show_prediction``.
    """
    ax = new_axes(ax, height=3.5)
    t = np.asarray(t)
    if t.ndim == 2:
        t = t.argmax(axis=1)
    classes = np.arange(num_classes)
    counts_predicted = np.bincount(predicted, minlength=num_classes)
    ax.bar(classes - 0.2, counts_predicted, width=0.4, label=MESSAGES["predicted"], color="C1")
    counts_true = np.bincount(t, minlength=num_classes)
    ax.bar(classes + 0.2, counts_true, width=0.4, label=MESSAGES["true"], color="0.6")
    ax.set_xticks(classes)
    ax.set_xlabel(MESSAGES["class"])
    ax.set_ylabel(MESSAGES["images"])
    ax.legend(**OUTSIDE)
    ax.figure.tight_layout()
    return ax
