# ruff: noqa: F811  (the fixture language comes from language_support)
"""The figures of nnlib.plotting.training keep the projector style and show what they claim."""

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from language_support import language  # noqa: E402, F401

from nnlib.plotting import FIG_WIDTH, smooth, style_problems  # noqa: E402
from nnlib.plotting.training import plot_accuracy, plot_accuracy_runs, plot_loss  # noqa: E402

# Each test runs in English and in Japanese (language_support.language); a Japanese
# character that the font lacks fails the test.
pytestmark = pytest.mark.filterwarnings("error:Glyph")


def made_up_run(epochs=17, final_train=0.95, final_test=0.94):
    """Accuracies rising from chance (0.1) to the given final values, one per epoch."""
    rise = 1 - np.exp(-np.arange(epochs) / 2.0)
    return 0.1 + (final_train - 0.1) * rise, 0.1 + (final_test - 0.1) * rise


def made_up_loss(n=10_000, spike_at=None, spike=6.1):
    rng = np.random.default_rng(0)
    loss = 0.2 + 2.1 * np.exp(-np.arange(n) / 300) + 0.1 * rng.random(n)
    if spike_at is not None:
        loss[spike_at] = spike
    return loss


def test_plot_accuracy_draws_the_books_plot(language):
    train, test = made_up_run()
    ax = plot_accuracy(list(train), list(test))  # lists, as the slides' loop and the command line keep them
    assert style_problems(ax.figure) == []
    solid, dashed = ax.lines
    labels = language.pick(("train acc", "test acc"), ("訓練データの認識精度", "テストデータの認識精度"))
    assert (solid.get_label(), dashed.get_label()) == labels
    assert solid.get_linestyle() == "-" and dashed.get_linestyle() == "--"
    np.testing.assert_array_equal(solid.get_xdata(), np.arange(17))  # epoch k at x = k
    assert ax.get_ylim() == (0, 1)
    assert ax.get_xlim() == (0, 16)


def test_plot_accuracy_puts_each_point_at_its_epoch():
    train, test = made_up_run(5)
    ax = plot_accuracy(train, test, epochs=[0, 10, 20, 30, 40])
    assert style_problems(ax.figure) == []
    np.testing.assert_array_equal(ax.lines[1].get_xdata(), [0, 10, 20, 30, 40])
    assert ax.get_xlim() == (0, 40)


def test_plot_loss_fits_a_spike_instead_of_clipping_it():
    loss = made_up_loss(spike_at=5000, spike=6.1)
    ax = plot_loss(loss)
    assert style_problems(ax.figure) == []  # the spike is inside the axes, the legend off the data
    bottom, top = ax.get_ylim()
    assert bottom == 0 and top > 6.1
    raw, average = ax.lines
    np.testing.assert_array_equal(raw.get_ydata(), loss)
    np.testing.assert_allclose(average.get_ydata(), smooth(loss, 50))


def test_plot_loss_keeps_its_legend_off_a_spike_near_the_end(language):
    ax = plot_loss(made_up_loss(spike_at=9_900, spike=6.1), window=20)
    assert style_problems(ax.figure) == []
    assert ax.lines[1].get_label() == language.pick("moving average over 20", "20 回の移動平均")


def test_plot_loss_of_a_diverged_run_still_draws():
    loss = made_up_loss(200)
    loss[150:] = np.nan  # the loss of a run whose weights overflowed
    ax = plot_loss(loss)
    assert np.isfinite(ax.get_ylim()).all()
    assert style_problems(ax.figure) == []


def test_plot_accuracy_runs_side_by_side_at_the_projector_width(language):
    full = made_up_run(17, 0.948, 0.947)
    small = made_up_run(67, 1.0, 0.80)
    axes = plot_accuracy_runs([
        (language.given("60,000 training images"), np.arange(17), *full),
        (language.given("300 training images"), np.arange(0, 670, 10), *small),
    ])  # fmt: skip
    fig = axes[0].figure
    assert fig.get_figwidth() == FIG_WIDTH
    assert style_problems(fig) == []
    assert len(axes) == 2
    at_the_end = language.pick("train 1.000, test 0.800", "訓練データ 1.000、テストデータ 0.800")
    assert at_the_end in axes[1].get_title()
    assert axes[1].get_xlim() == (0, 660)
    # the shaded gap runs between the two lines at every evaluation
    [band] = axes[1].collections
    top = band.get_paths()[0].vertices[:, 1]
    assert top.max() == pytest.approx(1.0) and top.min() == pytest.approx(0.1)
