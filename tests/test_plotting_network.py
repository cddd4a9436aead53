# ruff: noqa: F811  (the fixture language comes from language_support)
"""The figures of notebook 04 (nnlib.plotting.network) keep the projector style rules."""

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from language_support import language  # noqa: E402, F401

from nnlib.plotting import PARAM_COLORS, style_problems  # noqa: E402
from nnlib.plotting.network import plot_class_counts, plot_weight_histogram, show_prediction  # noqa: E402

RNG = np.random.default_rng(0)


# Each test runs in English and in Japanese (language_support.language); a Japanese
# character that the font lacks fails the test.
pytestmark = pytest.mark.filterwarnings("error:Glyph")


def test_weight_histogram_keeps_the_rules_and_the_parameter_colours():
    weights = {"W1": 0.01 * RNG.standard_normal((784, 50)), "W2": 0.01 * RNG.standard_normal((50, 10))}
    ax = plot_weight_histogram(weights, std=0.01)
    assert style_problems(ax.figure) == []
    colours = {p.get_label().split()[0]: p.get_edgecolor() for p in ax.patches}
    for name in weights:
        assert matplotlib.colors.same_color(colours[name], PARAM_COLORS[name])


@pytest.mark.parametrize("confident", [False, True])
def test_show_prediction_keeps_the_rules_and_names_the_orange_bar(confident, language):
    y = np.full(10, 0.1)
    if confident:  # a trained network: one tall bar, where a legend inside would sit
        y = np.full(10, 0.01)
        y[9] = 0.91
    image = RNG.random(784)
    ax_image, ax_bars = show_prediction(image, y, t=9)
    assert style_problems(ax_bars.figure) == []
    labels = [text.get_text() for text in ax_bars.get_legend().get_texts()]
    assert labels[0] == language.pick("most probable: {}", "確率が最も高い: {}").format(int(np.argmax(y)))
    assert ax_image.get_title() == language.pick("label 9", "ラベル 9")


def test_class_counts_keep_the_rules():
    t = RNG.integers(0, 10, 1000)
    predicted = np.full(1000, 3)  # an untrained network: one answer for every image
    ax = plot_class_counts(predicted, np.eye(10)[t])
    assert style_problems(ax.figure) == []
    heights = [p.get_height() for p in ax.patches]
    assert max(heights) == 1000 and sum(heights) == 2000
