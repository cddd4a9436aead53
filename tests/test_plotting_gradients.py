# ruff: noqa: F811  (the fixture language comes from language_support)
"""The figures of notebook 05 (nnlib.plotting.gradients) keep the projector style rules."""

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from language_support import language  # noqa: E402, F401

from nnlib.plotting import PARAM_COLORS, style_problems  # noqa: E402
from nnlib.plotting.gradients import format_duration, plot_gradient_errors, plot_times  # noqa: E402

RNG = np.random.default_rng(0)
SHAPES = {"W1": (784, 50), "b1": (50,), "W2": (50, 10), "b2": (10,)}


# Each test runs in English and in Japanese (language_support.language); a Japanese
# character that the font lacks fails the test.
pytestmark = pytest.mark.filterwarnings("error:Glyph")


def gradients(keys):
    size = {key: 10.0 ** RNG.uniform(-8, -1, SHAPES[key]) for key in keys}  # tiny to large gradients
    analytic = {key: RNG.standard_normal(SHAPES[key]) * size[key] for key in keys}
    numerical = {key: a * (1 + 1e-6 * RNG.standard_normal(a.shape)) for key, a in analytic.items()}
    return analytic, numerical


@pytest.mark.parametrize("keys", [("W1", "b1", "W2", "b2"), ("W2", "b2", "b1")])
def test_gradient_errors_keep_the_rules_with_one_colour_per_parameter(keys):
    # the second order is notebook 05's float32 figure: b1 must stay b1's colour there too
    analytic, numerical = gradients(keys)
    ax = plot_gradient_errors(analytic, numerical)
    assert style_problems(ax.figure) == []
    assert sorted(line.get_label() for line in ax.lines) == sorted(keys)
    for line in ax.lines:
        assert matplotlib.colors.same_color(line.get_color(), PARAM_COLORS[line.get_label()])


def test_times_keep_the_rules(language):
    labels = language.given("numerical gradient", "analytic gradient", "10,000 iterations")
    seconds = dict(zip(labels, (12.0, 2e-4, 3e5), strict=True))
    ax = plot_times(seconds)
    assert style_problems(ax.figure) == []
    assert [t.get_text() for t in ax.get_yticklabels()] == list(seconds)


def test_format_duration(language):
    assert format_duration(850e-6) == "850 µs"
    assert format_duration(0.0123) == "12.3 ms"
    assert format_duration(4.2) == language.pick("4.2 s", "4.2 秒")
    assert format_duration(210) == language.pick("3.5 min", "3.5 分")
    assert format_duration(7.1 * 3600) == language.pick("7.1 h", "7.1 時間")
    assert format_duration(23 * 86400) == language.pick("23 days", "23 日")


def test_a_numerical_label_gets_the_numerical_colour_in_either_language(language):
    labels = language.pick(("numerical gradient", "analytic gradient"),
                           ("数値微分による勾配", "誤差逆伝播法による勾配"))
    ax = plot_times(dict(zip(labels, (12.0, 2e-4), strict=True)))
    numerical, analytic = ax.patches
    assert matplotlib.colors.same_color(numerical.get_facecolor(), "C4")
    assert matplotlib.colors.same_color(analytic.get_facecolor(), "C9")
