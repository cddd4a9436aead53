"""What a trained network gets wrong: the confusion matrix and its most confident mistakes.

    y = network.predict(x_test)                      # (N, 10) probabilities
    plot_confusion_matrix(t_test, y.argmax(axis=1))  # which digits it mixes up
    show_confident_mistakes(x_test, t_test, y)       # the wrong answers it was surest of
"""

import matplotlib.pyplot as plt
import numpy as np

from nnlib.i18n import catalog
from nnlib.plotting import FIG_WIDTH

MESSAGES = catalog("plotting.mistakes", {
    "lengths": ("t has {n_t} labels but predicted has {n_p}: give one prediction per image",
                "t のラベルは {n_t} 個、predicted は {n_p} 個です。画像 1 枚に予測を 1 つ渡してください"),
    "counts": ("counts ({right:,} of {total:,} right)", "件数（{total:,} 枚中 {right:,} 枚が正解）"),
    "mistakes": ("mistakes only (most: {true} read as {read})", "誤りだけ（最多: {true} を {read} と予測）"),
    "share": ("% of the true class", "正解クラスに占める割合 (%)"),
    "predicted": ("predicted", "予測"),
    "true": ("true label", "正解ラベル"),
    "said": ("said {said} ({p})\ntrue {true} ({q})", "予測 {said} ({p})\n正解 {true} ({q})"),
    "none": ("no mistakes", "誤りはありません"),
})  # fmt: skip


def _labels(t):
    t = np.asarray(t)
    return t.argmax(axis=1) if t.ndim == 2 else t.astype(np.int64)


def confusion_matrix(t, predicted, num_classes=10):
    """counts[i, j]: how many images of true class i were predicted as j.

    t: (N,) labels or (N, num_classes) one-hot; predicted: (N,) labels. -> (C, C) int64.
    """
    t, predicted = _labels(t), np.asarray(predicted, dtype=np.int64)
    if t.shape != predicted.shape:
        n_t, n_p = t.shape[0], predicted.shape[0]
        raise ValueError(MESSAGES["lengths"].format(n_t=n_t, n_p=n_p))
    counts = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(counts, (t, predicted), 1)
    return counts


def plot_confusion_matrix(t, predicted, num_classes=10):
    """Two views of ``confusion_matrix``: the counts, and each row as a share of its class.

    Left, the counts (the diagonal holds the right answers). Right, the mistakes only:
    row i, column j is the share of the true i's read as j, so that 4 → 9 stands out even
    beside the thousands of right answers. Returns the two axes.
    """
    counts = confusion_matrix(t, predicted, num_classes)
    per_class = counts.sum(axis=1, keepdims=True)
    share = np.divide(counts, per_class, out=np.zeros(counts.shape), where=per_class > 0)
    mistakes = np.where(np.eye(num_classes, dtype=bool), np.nan, share * 100)

    fig, (ax_counts, ax_share) = plt.subplots(1, 2, figsize=(FIG_WIDTH, 5.6), layout="constrained",
                                           gridspec_kw={"width_ratios": [1.2, 1]})  # fmt: skip
    classes = np.arange(num_classes)
    ax_counts.imshow(np.log1p(counts), cmap="Greys")  # log: the diagonal would hide the rest
    for i in classes:
        for j in classes:
            if counts[i, j]:
                dark = counts[i, j] > counts.max() ** 0.5
                colour = "white" if dark else "black"
                ax_counts.text(j, i, str(counts[i, j]), ha="center", va="center", fontsize=12, color=colour)
    ax_counts.set_title(MESSAGES["counts"].format(right=counts.trace(), total=counts.sum()))

    image = ax_share.imshow(mistakes, cmap="Reds", vmin=0)
    worst = np.unravel_index(np.nanargmax(mistakes), mistakes.shape)
    ax_share.set_title(MESSAGES["mistakes"].format(true=worst[0], read=worst[1]))
    fig.colorbar(image, ax=ax_share, label=MESSAGES["share"], shrink=0.8)
    for ax in (ax_counts, ax_share):
        ax.set_xticks(classes)
        ax.set_yticks(classes)
        ax.set_xlabel(MESSAGES["predicted"])
        ax.set_ylabel(MESSAGES["true"])
    return ax_counts, ax_share


def confident_mistakes(t, y, n=12):
    """Indices of the ``n`` wrong answers the network gave the highest probability.

    t: (N,) labels or one-hot; y: (N, C) probabilities. -> (k,) int64, k <= n, surest first.
    """
    t, y = _labels(t), np.asarray(y)
    predicted = y.argmax(axis=1)
    wrong = np.flatnonzero(predicted != t)
    surest = np.argsort(-y[wrong, predicted[wrong]], kind="stable")
    return wrong[surest[:n]]


def _percent(p):
    return f"{p:.0%}" if p >= 0.01 else f"{p:.1%}"


def show_confident_mistakes(x, t, y, n=12, ncols=6):
    """The ``n`` most confident mistakes: each image with the network's answer and the truth.

    x: (N, 784) pixels; t: (N,) labels or one-hot; y: (N, 10) probabilities. Each title
    says what it read and with what probability, and the probability it gave the true
    digit. Returns the grid of axes.
    """
    t_labels = _labels(t)
    chosen = confident_mistakes(t_labels, y, n)
    nrows = max(1, int(np.ceil(len(chosen) / ncols)))
    fig, axes = plt.subplots(nrows, ncols, figsize=(FIG_WIDTH, 2.3 * nrows), squeeze=False)
    for cell in axes.flat:
        cell.axis("off")
    for cell, i in zip(axes.flat, chosen, strict=False):
        said, true = int(np.argmax(y[i])), int(t_labels[i])
        cell.imshow(np.asarray(x[i]).reshape(28, 28), cmap="gray_r")
        title = MESSAGES["said"].format(said=said, p=_percent(y[i, said]), true=true, q=_percent(y[i, true]))
        cell.set_title(title, fontsize=12, color="#b00020")
    if not len(chosen):
        axes.flat[0].text(0.5, 0.5, MESSAGES["none"], ha="center", va="center", fontsize=14)
    fig.tight_layout()
    return axes
