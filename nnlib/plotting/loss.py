"""Figures of notebook 02 (loss functions): the loss and the accuracy as one weight moves.

The simple −log y curve (the book's 図4-3) is drawn in the notebook itself; this module
holds the figure of §4.2.5, "why a loss and not the accuracy", and its slider.
"""

import matplotlib.pyplot as plt
import numpy as np

from nnlib.i18n import catalog
from nnlib.plotting import FIG_WIDTH, show_with_slider

MESSAGES = catalog("plotting.loss", {
    "loss_label": ("loss (cross-entropy)", "損失関数の値（交差エントロピー誤差）"),
    "accuracy": ("accuracy", "認識精度"),
    "trained": ("the trained value {w0:.3g}", "学習後の値 {w0:.3g}"),
    "loss": ("loss", "損失関数の値"),
    "accuracy_percent": ("accuracy (%)", "認識精度 (%)"),
    "weight": ("value of the weight {name}", "重み {name} の値"),
    "result": ("{name} = {value:.2f}: loss {loss:.4f}, accuracy {accuracy:.2f}%",
               "{name} = {value:.2f}: 損失関数の値 {loss:.4f}、認識精度 {accuracy:.2f}%"),
})  # fmt: skip

LOSS_COLOR, ACCURACY_COLOR, MARK_COLOR = "C4", "C5", "black"  # not a parameter's colour


def plot_loss_and_accuracy(w, losses, accuracies, w0=None, name="w", mark=None, axes=None):
    """The loss (top) and the accuracy (bottom) against the value of one weight.

    w: (K,) values of the weight, increasing. losses: (K,) loss at each value.
    accuracies: (K,) fraction right, 0..1, drawn in % as the staircase it is.
    w0: the weight's value in the network (a dotted line). name: the weight, e.g. "W2[8, 7]".
    mark: optional (w, loss, accuracy) drawn as a dot on both curves (the slider's point).
    axes: two axes to draw on, else a new figure. Returns the two axes.
    """
    w, losses = np.asarray(w, dtype=np.float64), np.asarray(losses, dtype=np.float64)
    percent = 100 * np.asarray(accuracies, dtype=np.float64)
    if axes is None:
        _, axes = plt.subplots(2, 1, figsize=(FIG_WIDTH, 6), sharex=True)
    loss_ax, acc_ax = axes
    loss_ax.plot(w, losses, color=LOSS_COLOR, label=MESSAGES["loss_label"])
    acc_ax.step(w, percent, where="mid", color=ACCURACY_COLOR, label=MESSAGES["accuracy"])
    for ax, values, pad in ((loss_ax, losses, 0.08), (acc_ax, percent, 0.15)):
        low, high = float(values.min()), float(values.max())
        margin = pad * (high - low) if high > low else max(abs(high) * 0.01, 0.5)
        ax.set_ylim(low - margin, high + 3 * margin)  # room above the curve for the legend
        if w0 is not None:
            trained = MESSAGES["trained"].format(w0=w0)
            ax.axvline(w0, color="gray", linestyle=":", linewidth=1.5, label=trained)
        ax.legend(loc="upper center", ncol=2)
    if mark is not None:
        w_mark, loss_mark, acc_mark = mark
        loss_ax.plot([w_mark], [loss_mark], "o", color=MARK_COLOR, markersize=8)
        acc_ax.plot([w_mark], [100 * acc_mark], "o", color=MARK_COLOR, markersize=8)
    loss_ax.set_ylabel(MESSAGES["loss"])
    acc_ax.set_ylabel(MESSAGES["accuracy_percent"])
    acc_ax.set_xlabel(MESSAGES["weight"].format(name=name))
    loss_ax.set_xlim(w[0], w[-1])
    loss_ax.figure.tight_layout()
    return axes


def sweep_slider(loss_and_accuracy, w, losses, accuracies, w0, name="w", step=0.01):
    """A slider for one weight above ``plot_loss_and_accuracy``, with a dot that follows it.

    loss_and_accuracy: function value -> (loss, accuracy) of the network with the weight
    set to that value (and put back afterwards). w, losses, accuracies, w0, name: as in
    ``plot_loss_and_accuracy``, the curves drawn behind the dot. Shows the slider, a line
    with the loss and the accuracy at its value, and the figure (updated in place when the
    slider moves). Returns the slider, so that a script may set ``slider.value``.
    """
    import ipywidgets as widgets  # only here: plotting is also used without widgets

    slider = widgets.FloatSlider(
        value=w0, min=float(w[0]), max=float(w[-1]), step=step, description=name,
        readout_format=".2f", continuous_update=False, layout=widgets.Layout(width="600px"),
    )  # fmt: skip
    result = widgets.HTML()
    fig, axes = plt.subplots(2, 1, figsize=(FIG_WIDTH, 6), sharex=True)

    def draw(value):
        for ax in axes:
            ax.clear()
        loss, accuracy = loss_and_accuracy(value)
        mark = (value, loss, accuracy)
        plot_loss_and_accuracy(w, losses, accuracies, w0=w0, name=name, mark=mark, axes=axes)
        result.value = MESSAGES["result"].format(name=name, value=value, loss=loss, accuracy=100 * accuracy)

    show_with_slider(slider, result, fig, draw)
    slider.figure, slider.result = fig, result  # what it draws on, for scripts
    return slider
