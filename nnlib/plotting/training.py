"""Figures of training (notebook 06, the command line, the dashboard): loss and accuracy curves."""

import matplotlib.pyplot as plt
import numpy as np

from nnlib.plotting import new_axes, smooth


def plot_accuracy(train_acc_list, test_acc_list, ax=None):
    """Train (solid) and test (dashed) accuracy per epoch, as the book draws them."""
    ax = new_axes(ax)
    epochs = np.arange(len(train_acc_list))
    ax.plot(epochs, train_acc_list, label="train acc")
    ax.plot(epochs, test_acc_list, label="test acc", linestyle="--")
    ax.set_xlabel("epochs")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1.0)
    ax.legend(loc="lower right")
    return ax


def plot_loss(train_loss_list, ax=None, window=50):
    """Mini-batch loss per iteration (faint) and its moving average (solid)."""
    ax = new_axes(ax)
    loss = np.asarray(train_loss_list, dtype=np.float64)
    ax.plot(loss, color="C0", alpha=0.3, linewidth=0.8, label="loss per iteration")
    ax.plot(smooth(loss, window), color="C0", label=f"moving average of {window}")
    ax.set_xlabel("iteration")
    ax.set_ylabel("loss")
    ax.legend(loc="upper right")
    return ax


def plot_accuracy_runs(runs, figsize=None):
    """Training runs side by side: train (solid) and test (dashed) accuracy, gap shaded.

    runs: list of (title, epochs, train_acc_list, test_acc_list); epochs: the epoch
    at which each accuracy was measured, one per list entry. The shaded band between
    the lines is how much better the network does on the images it learned from than
    on new ones: wide means over-fitting (過学習). Returns the row of axes.
    """
    figsize = figsize or (5.5 * len(runs), 4)
    fig, axes = plt.subplots(1, len(runs), figsize=figsize, sharey=True, squeeze=False)
    for ax, (title, epochs, train_acc_list, test_acc_list) in zip(axes[0], runs, strict=True):
        plot_accuracy(train_acc_list, test_acc_list, ax=ax)
        for line in ax.lines:  # plot_accuracy puts point k at epoch k: move each to its epoch
            line.set_xdata(epochs)
        ax.fill_between(epochs, test_acc_list, train_acc_list, color="C3", alpha=0.25, label="gap")
        ax.set_xlim(0, epochs[-1])
        ax.set_title(f"{title}\nat the end: train {train_acc_list[-1]:.3f}, test {test_acc_list[-1]:.3f}")
        ax.legend(loc="lower right")
    fig.tight_layout()
    return axes[0]
