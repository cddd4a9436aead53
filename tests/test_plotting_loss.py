# ruff: noqa: F811  (the fixture language comes from language_support)
"""The figures of notebook 02 keep the projector style (on a made-up sweep of one weight)."""

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from language_support import language  # noqa: E402, F401

from nnlib.plotting import style_problems  # noqa: E402
from nnlib.plotting.loss import plot_loss_and_accuracy, sweep_slider  # noqa: E402

W = np.linspace(-3.0, 5.0, 401)
LOSSES = 0.4 + 0.02 * (W - 1.2) ** 2  # smooth, smallest at 1.2
ACCURACIES = np.round(0.9 - 0.01 * np.abs(W - 1.2) ** 1.5, 2)  # a staircase


# Each test runs in English and in Japanese (language_support.language); a Japanese
# character that the font lacks fails the test.
pytestmark = pytest.mark.filterwarnings("error:Glyph")


def test_plot_loss_and_accuracy_keeps_the_style(language):
    loss_ax, acc_ax = plot_loss_and_accuracy(W, LOSSES, ACCURACIES, w0=1.2, name="W2[8, 7]")
    assert style_problems(loss_ax.figure) == []
    assert acc_ax.get_xlabel() == language.pick("value of the weight W2[8, 7]", "重み W2[8, 7] の値")
    # the accuracy is drawn in percent, the whole curve inside the limits
    low, high = acc_ax.get_ylim()
    assert low < 100 * ACCURACIES.min() and 100 * ACCURACIES.max() < high


def test_plot_loss_and_accuracy_marks_a_point_and_takes_a_flat_accuracy():
    flat = np.full_like(W, 0.9)  # a zoom in which no answer changes
    loss_ax, acc_ax = plot_loss_and_accuracy(W, LOSSES, flat, mark=(0.0, 0.43, 0.9))
    assert style_problems(loss_ax.figure) == []
    dots = [line for line in acc_ax.lines if line.get_marker() == "o"]
    assert len(dots) == 1 and dots[0].get_ydata()[0] == pytest.approx(90)


def test_sweep_slider_follows_its_value(language):
    calls = []

    def loss_and_accuracy(value):
        calls.append(value)
        return 0.4 + 0.02 * (value - 1.2) ** 2, 0.9

    slider = sweep_slider(loss_and_accuracy, W, LOSSES, ACCURACIES, w0=1.2, name="W2[8, 7]")
    assert calls == [pytest.approx(1.2)]
    slider.value = 3.0
    assert calls[-1] == pytest.approx(3.0)
    assert slider.result.value == language.pick("W2[8, 7] = 3.00: loss 0.4648, accuracy 90.00%",
                                                "W2[8, 7] = 3.00: 損失関数の値 0.4648、認識精度 90.00%")
    assert style_problems(slider.figure) == []
    language.check(slider.figure)  # (shown through a display handle: closed for pyplot)
