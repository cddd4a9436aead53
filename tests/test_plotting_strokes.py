# ruff: noqa: F811  (the fixture language comes from language_support)
"""What the hidden units learned: W1 and W1 - W1_start as tiles."""

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from language_support import language  # noqa: E402, F401

from nnlib.plotting import style_problems  # noqa: E402
from nnlib.plotting.strokes import plot_learned_strokes  # noqa: E402

# Each test runs in English and in Japanese (language_support.language); a Japanese
# character that the font lacks fails the test.
pytestmark = pytest.mark.filterwarnings("error:Glyph")


def made_up(hidden=20, seed=0):
    rng = np.random.default_rng(seed)
    start = rng.normal(0, 0.01, (784, hidden))
    stroke = np.zeros((28, 28))
    stroke[4:24, 13:15] = 0.03  # a vertical bar: a "1"
    return start + stroke.reshape(784, 1) * rng.normal(size=hidden), start


def test_the_figure_keeps_the_style_rules():
    W1, start = made_up()
    axes = plot_learned_strokes(W1, start)
    assert axes.shape == (2, 8)
    assert style_problems(axes[0, 0].figure) == []


def test_the_bottom_row_is_the_change_on_a_symmetric_scale():
    W1, start = made_up()
    axes = plot_learned_strokes(W1, start, units=5)
    change = W1 - start
    for j in range(5):
        np.testing.assert_allclose(axes[1, j].images[0].get_array(), change[:, j].reshape(28, 28))
        np.testing.assert_allclose(axes[0, j].images[0].get_array(), W1[:, j].reshape(28, 28))
    low, high = axes[1, 0].images[0].get_clim()
    assert low == -high and high == pytest.approx(np.abs(change[:, :5]).max())


def test_mismatched_shapes_are_refused():
    with pytest.raises(ValueError, match=r"\(784, hidden\)"):
        plot_learned_strokes(np.zeros((784, 5)), np.zeros((784, 6)))
