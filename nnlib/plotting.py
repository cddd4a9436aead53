"""Figures shared by the notebooks, the command line and the dashboard (matplotlib).

Each function draws on an ``ax`` if given (so figures can be composed), else on a
new figure, and returns the axes. Styles follow the book's figures.
"""

import matplotlib.pyplot as plt
import numpy as np


def _axes(ax, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_accuracy(train_acc_list, test_acc_list, ax=None):
    """Train (solid) and test (dashed) accuracy per epoch, as the book draws them."""
    ax = _axes(ax)
    epochs = np.arange(len(train_acc_list))
    ax.plot(epochs, train_acc_list, label="train acc")
    ax.plot(epochs, test_acc_list, label="test acc", linestyle="--")
    ax.set_xlabel("epochs")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1.0)
    ax.legend(loc="lower right")
    return ax


def smooth(values, window=50):
    """Moving average over ``window`` points (shorter at the start); same length."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return values
    csum = np.cumsum(np.insert(values, 0, 0.0))  # csum[i] = sum of the first i values
    end = np.arange(1, values.size + 1)
    n = np.minimum(end, window)  # points in each average
    return (csum[end] - csum[end - n]) / n


def plot_loss(train_loss_list, ax=None, window=50):
    """Mini-batch loss per iteration (faint) and its moving average (solid)."""
    ax = _axes(ax)
    loss = np.asarray(train_loss_list, dtype=np.float64)
    ax.plot(loss, color="C0", alpha=0.3, linewidth=0.8, label="loss per iteration")
    ax.plot(smooth(loss, window), color="C0", label=f"moving average of {window}")
    ax.set_xlabel("iteration")
    ax.set_ylabel("loss")
    ax.legend(loc="upper right")
    return ax


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
    fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * 0.9, nrows * 1.1), squeeze=False)
    for i, cell in enumerate(axes.flat):
        cell.axis("off")
        if i >= n:
            continue
        cell.imshow(x[i], cmap="gray_r")
        if predicted is None:
            cell.set_title(str(t[i]), fontsize=10)
        else:
            wrong = predicted[i] != t[i]
            label = f"{predicted[i]} (is {t[i]})" if wrong else str(predicted[i])
            cell.set_title(label, fontsize=9, color="red" if wrong else "black")
    fig.tight_layout()
    return axes
