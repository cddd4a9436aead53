"""Figures of notebook 01 (data): digits, labels, one image as a row of 784 numbers."""

import matplotlib.pyplot as plt
import numpy as np

from nnlib.i18n import catalog
from nnlib.plotting import FIG_WIDTH, new_axes

MESSAGES = catalog("plotting.data", {
    "wrong": ("{said} (is {true})", "{said}（正解 {true}）"),
    "train": ("train", "訓練データ"),
    "test": ("test", "テストデータ"),
    "set_images": ("{set} ({n:,} images)", "{set}（{n:,} 枚）"),
    "digit": ("digit (label)", "数字（ラベル）"),
    "share": ("share of the set", "データに占める割合"),
    "picture": ("28 x 28 picture", "28 x 28 の画像"),
    "row": ("the same 784 numbers in one row (flatten=True)",
            "同じ 784 個の数を 1 行に並べたもの (flatten=True)"),
    "index": ("index = 28 * picture row + picture column", "インデックス = 28 * 画像の行 + 画像の列"),
})  # fmt: skip


def show_digits(x, t, predicted=None, ncols=10, ax=None):
    """A grid of images with their labels; wrong predictions are marked in red.

    x: (N, 784) or (N, 1, 28, 28) or (N, 28, 28) pixels (any scale).
    t: (N,) labels or (N, 10) one-hot. predicted: optional (N,) labels.
    """
    x = np.asarray(x).reshape(len(x), 28, 28)
    t = np.asarray(t)
    if t.ndim == 2:
        t = t.argmax(axis=1)
    n = len(x)
    nrows = int(np.ceil(n / ncols))
    cell_width = FIG_WIDTH / ncols
    fig, axes = plt.subplots(nrows, ncols, figsize=(FIG_WIDTH, nrows * cell_width * 1.3), squeeze=False)
    for i, cell in enumerate(axes.flat):
        cell.axis("off")
        if i >= n:
            continue
        cell.imshow(x[i], cmap="gray_r")
        if predicted is None:
            cell.set_title(str(t[i]), fontsize=13)
        else:
            wrong = predicted[i] != t[i]
            label = MESSAGES["wrong"].format(said=predicted[i], true=t[i]) if wrong else str(predicted[i])
            cell.set_title(label, fontsize=12, color="red" if wrong else "black")
    fig.tight_layout()
    return axes


def plot_label_distribution(t_train, t_test, ax=None):
    """Share of each digit 0-9 in the training and the test labels, side by side.

    t_train, t_test: (N,) labels or (N, 10) one-hot.
    """
    ax = new_axes(ax, height=3)
    digits = np.arange(10)
    for offset, t, label in ((-0.2, t_train, MESSAGES["train"]), (0.2, t_test, MESSAGES["test"])):
        t = np.asarray(t)
        if t.ndim == 2:
            t = t.argmax(axis=1)
        share = np.bincount(t, minlength=10) / len(t)
        ax.bar(digits + offset, share, width=0.4, label=MESSAGES["set_images"].format(set=label, n=len(t)))
    ax.axhline(0.1, color="gray", linestyle=":", linewidth=1)  # a perfectly even split
    ax.set_xticks(digits)
    ax.set_xlabel(MESSAGES["digit"])
    ax.set_ylabel(MESSAGES["share"])
    ax.set_ylim(0, 0.15)
    ax.legend(loc="upper center", ncol=2)
    return ax


def show_image_and_row(x):
    """One image twice: as the 28 x 28 picture, and as the row of 784 numbers it is stored as.

    x: (784,) or (28, 28) pixels. Thin lines in the row mark where each of the 28
    picture rows begins.
    """
    row = np.asarray(x).reshape(784)
    fig = plt.figure(figsize=(FIG_WIDTH, 3.4))
    picture_ax = fig.add_axes((0.03, 0.12, 0.25, 0.75))
    row_ax = fig.add_axes((0.33, 0.42, 0.64, 0.2))
    picture_ax.imshow(row.reshape(28, 28), cmap="gray_r")
    picture_ax.set_title(MESSAGES["picture"])
    picture_ax.set_xticks([0, 27])
    picture_ax.set_yticks([0, 27])
    row_ax.imshow(row[None, :], cmap="gray_r", aspect="auto", interpolation="nearest")
    for r in range(1, 28):  # where each picture row starts in the long row
        row_ax.axvline(28 * r - 0.5, color="C0", linewidth=0.4, alpha=0.5)
    row_ax.set_yticks([])
    row_ax.set_xticks([0, 28 * 10, 28 * 20, 783])
    row_ax.set_title(MESSAGES["row"])
    row_ax.set_xlabel(MESSAGES["index"])
    return picture_ax, row_ax
