# ruff: noqa: F811  (the fixture language comes from language_support)
"""The figures of notebook 01 keep the projector style (on made-up digits)."""

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from language_support import language  # noqa: E402, F401

from nnlib.plotting import style_problems  # noqa: E402
from nnlib.plotting.data import plot_label_distribution, show_digits, show_image_and_row  # noqa: E402

RNG = np.random.default_rng(0)
X = RNG.random((30, 784), dtype=np.float32)
T = np.arange(30) % 10


# Each test runs in English and in Japanese (language_support.language); a Japanese
# character that the font lacks fails the test.
pytestmark = pytest.mark.filterwarnings("error:Glyph")


def test_show_digits_keeps_the_style():
    axes = show_digits(X, T)
    assert axes.shape == (3, 10)
    assert [a.get_title() for a in axes[0]] == [str(d) for d in range(10)]
    assert style_problems(axes[0, 0].figure) == []


def test_show_digits_marks_wrong_predictions_in_red(language):
    predicted = T.copy()
    predicted[3] = 8
    axes = show_digits(X[:10], T[:10], predicted=predicted[:10])
    assert axes[0, 3].get_title() == language.pick("8 (is 3)", "8（正解 3）")
    assert axes[0, 3].title.get_color() == "red"
    assert style_problems(axes[0, 0].figure) == []


def test_show_digits_takes_one_hot_labels_and_pictures():
    axes = show_digits(X[:5].reshape(5, 1, 28, 28), np.eye(10)[T[:5]])
    assert [a.get_title() for a in axes[0, :5]] == ["0", "1", "2", "3", "4"]
    assert style_problems(axes[0, 0].figure) == []


def test_plot_label_distribution_keeps_the_style():
    t_train = RNG.integers(0, 10, 6000)
    t_test = RNG.integers(0, 10, 1000)
    ax = plot_label_distribution(t_train, t_test)
    heights = [p.get_height() for p in ax.patches]
    assert len(heights) == 20 and sum(heights) == pytest.approx(2.0)
    assert style_problems(ax.figure) == []


def test_show_image_and_row_keeps_the_style():
    picture_ax, row_ax = show_image_and_row(X[0])
    assert picture_ax.images[0].get_array().shape == (28, 28)
    assert row_ax.images[0].get_array().shape == (1, 784)
    assert style_problems(picture_ax.figure) == []
