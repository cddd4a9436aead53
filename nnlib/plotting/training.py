"""Figures of training (notebook 06, the command line): loss and accuracy curves.

Notebook 06 draws the book's two simple plots itself, in visible code; these are the
same plots for the command line (``python -m nnlib train --plot``), and the side-by-side
comparison of two runs that the notebook shows without making students read it.
"""

import matplotlib.pyplot as plt
import numpy as np

from nnlib.i18n import catalog
from nnlib.plotting import FIG_WIDTH, new_axes, smooth

MESSAGES = catalog("plotting.training", {
    "train_acc": ("train acc", "訓練データの認識精度"),
    "test_acc": ("test acc", "テストデータの認識精度"),
    "epochs": ("epochs", "エポック"),
    "accuracy": ("accuracy", "認識精度"),
    "batch_loss": ("loss of each mini-batch", "ミニバッチごとの損失関数の値"),
    "average": ("moving average over {window}", "{window} 回の移動平均"),
    "iteration": ("iteration", "更新回数"),
    "loss": ("loss", "損失関数の値"),
    "gap": ("gap", "差"),
    "run_title": ("{title}\nat the end: train {train:.3f}, test {test:.3f}",
                  "{title}\n最後: 訓練データ {train:.3f}、テストデータ {test:.3f}"),
})  # fmt: skip

HEADROOM = 1.3  # the loss axis goes to 1.3 x the highest point: room for the legend above the data


def plot_accuracy(train_acc_list, test_acc_list, ax=None, epochs=None):
    """Train (solid) and test (dashed) accuracy per epoch, as the book draws them.

    train_acc_list, test_acc_list: (E,) accuracies in [0, 1]; epochs: (E,) the epoch of
    each, default 0, 1, ..., E - 1 (one evaluation per epoch, as in the slides).
    """
    ax = new_axes(ax)
    epochs = np.arange(len(train_acc_list)) if epochs is None else np.asarray(epochs)
    ax.plot(epochs, train_acc_list, label=MESSAGES["train_acc"])
    ax.plot(epochs, test_acc_list, label=MESSAGES["test_acc"], linestyle="--")
    ax.set_xlabel(MESSAGES["epochs"])
    ax.set_ylabel(MESSAGES["accuracy"])
    ax.set_ylim(0, 1.0)
    if len(epochs) > 1:
        ax.set_xlim(epochs[0], epochs[-1])
    ax.legend(loc="lower right")
    return ax


def plot_loss(train_loss_list, ax=None, window=50):
    """Mini-batch loss per iteration (faint) and its moving average over ``window`` (solid).

    train_loss_list: (N,) losses, one per iteration. The y axis runs from 0 to above the
    highest loss, spikes included, so no point is cut off.
    """
    ax = new_axes(ax)
    loss = np.asarray(train_loss_list, dtype=np.float64)
    ax.plot(loss, color="C0", alpha=0.3, linewidth=0.8, label=MESSAGES["batch_loss"])
    ax.plot(smooth(loss, window), color="C0", label=MESSAGES["average"].format(window=window))
    ax.set_xlabel(MESSAGES["iteration"])
    ax.set_ylabel(MESSAGES["loss"])
    finite = loss[np.isfinite(loss)]
    ax.set_ylim(0, HEADROOM * finite.max() if finite.size and finite.max() > 0 else 1.0)
    ax.set_xlim(0, max(loss.size - 1, 1))
    ax.legend(loc="upper right", ncols=2)
    return ax


def plot_accuracy_runs(runs, height=4.5):
    """Training runs side by side: train (solid) and test (dashed) accuracy, gap shaded.

    runs: list of (title, epochs, train_acc_list, test_acc_list); epochs: (E,) the epoch
    at which each accuracy was measured, one per list entry. The shaded band between
    the lines is how much better the network does on the images it learned from than
    on new ones: wide means over-fitting (過学習). Returns the row of axes.
    """
    fig, axes = plt.subplots(1, len(runs), figsize=(FIG_WIDTH, height), sharey=True, squeeze=False)
    for ax, (title, epochs, train_acc_list, test_acc_list) in zip(axes[0], runs, strict=True):
        plot_accuracy(train_acc_list, test_acc_list, ax=ax, epochs=epochs)
        ax.fill_between(epochs, test_acc_list, train_acc_list, color="C3", alpha=0.25, label=MESSAGES["gap"])
        end = MESSAGES["run_title"].format(title=title, train=train_acc_list[-1], test=test_acc_list[-1])
        ax.set_title(end)
        ax.set_ylim(0, 1.02)  # a run that reaches 1.0 stays visible above the frame's edge
        ax.legend(loc="lower right")
    for ax in axes[0][1:]:
        ax.set_ylabel("")  # the shared y axis is labelled once, on the left
    fig.tight_layout()
    return axes[0]
