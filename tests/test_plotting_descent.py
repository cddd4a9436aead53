# ruff: noqa: F811  (the fixture language comes from language_support)
"""nnlib.plotting.descent: every figure of notebook 03 keeps the projector style, on made-up data."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from language_support import language  # noqa: E402, F401

from nnlib.gradient_method import function_2, gradient_descent  # noqa: E402
from nnlib.plotting import style_problems  # noqa: E402
from nnlib.plotting.descent import (  # noqa: E402
    LEARNING_RATES,
    descent_slider,
    plot_descent,
    plot_diff_error,
    plot_gradient_field,
    plot_paths,
    plot_surface,
    plot_tangent,
)

# Each test runs in English and in Japanese (language_support.language); a Japanese
# character that the font lacks fails the test.
pytestmark = pytest.mark.filterwarnings("error:Glyph")


def elongated(x):
    return x[0] ** 2 / 20 + x[1] ** 2


def test_plot_tangent():
    ax = plot_tangent(lambda x: 0.01 * x**2 + 0.1 * x, 5.0, 0.2)
    assert style_problems(ax.figure) == []
    # the dashed line is the tangent: it touches f at x = 5 with slope 0.2
    xs, ys = ax.lines[1].get_data()
    np.testing.assert_allclose(np.polyfit(xs, ys, 1), [0.2, 0.75 - 1.0], atol=1e-12)


def test_plot_diff_error(language):
    h = np.logspace(-16, 0, 33)
    eps = np.finfo(float).eps
    errors = {language.given("forward"): 3 * h + eps / h, language.given("central"): h**2 + eps / h,
              language.given("zero somewhere"): np.zeros_like(h)}  # fmt: skip
    ax = plot_diff_error(h, errors, guides={"h²": h**2, "ε/h": eps / h})
    assert style_problems(ax.figure) == []
    assert not np.isfinite(ax.lines[2].get_ydata()).any()  # exact zeros are left out of a log plot


def test_plot_surface(language):
    surface_ax, map_ax = plot_surface(function_2)
    assert surface_ax.name == "3d"
    assert style_problems(surface_ax.figure) == []
    saddle_ax, _ = plot_surface(lambda x: x[0] ** 2 - x[1] ** 2, title=language.given("a saddle"))
    assert style_problems(saddle_ax.figure) == []


def test_plot_gradient_field():
    points = np.stack(np.meshgrid(np.arange(-2, 2.5, 0.5), np.arange(-2, 2.5, 0.5)), axis=-1).reshape(-1, 2)
    ax = plot_gradient_field(points, -2 * points, f=function_2)
    assert style_problems(ax.figure) == []


@pytest.mark.parametrize("lr", [0.1, 0.9, 10.0, 1e-10])
def test_plot_descent(lr):
    x, x_history = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=lr, step_num=100)
    path_ax, f_ax = plot_descent(x_history, function_2, x=x, title=f"lr = {lr:g}")
    assert style_problems(path_ax.figure) == []
    assert len(f_ax.lines[0].get_xdata()) == 101  # x_history and the last point x


def test_plot_descent_on_given_axes_of_a_grid():
    fig, axes = plt.subplots(2, 3, figsize=(9.6, 7))
    for column, lr in enumerate((0.1, 10.0, 1e-10)):
        x, x_history = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=lr, step_num=100)
        plot_descent(x_history, function_2, x=x, axes=axes[:, column], title=f"lr = {lr:g}")
    fig.tight_layout()
    assert style_problems(fig) == []


def test_plot_paths():
    paths = {}
    for lr in (0.3, 0.9):
        x, x_history = gradient_descent(elongated, np.array([-7.0, 2.0]), lr, 30)
        paths[f"lr = {lr:g}"] = np.vstack([x_history, x])
    ax = plot_paths(paths, elongated, xlim=(-8, 8), ylim=(-3, 3))
    assert style_problems(ax.figure) == []


def test_descent_slider_reaches_the_borders_and_reads_plainly(language):
    pytest.importorskip("ipywidgets")
    shown = []
    slider = descent_slider(lambda lr: shown.append(lr) or gradient_descent(function_2, [-3.0, 4.0], lr, 1),
                            function_2, lr=0.1)  # fmt: skip
    assert {0.5, 1.0, 10.0, 1e-10} <= set(slider.options[i][1] for i in range(len(slider.options)))
    labels = [label for label, _ in slider.options]
    assert "0.5" in labels and "1e-10" in labels and not any("e-01" in label for label in labels)
    slider.value = 0.5
    assert shown == [0.1, 0.5]  # drawn once at the start, again when the slider moves
    assert style_problems(slider.figure) == []
    assert slider.description == language.pick("lr", "学習率")
    language.check(slider.figure)  # (shown through a display handle: closed for pyplot)
    point = "x = (1.89e-12, 4.41e-13)"
    assert slider.result.value == language.pick(f"lr = 0.5, after 1 step: {point}, f(x) = 3.77e-24",
                                                f"学習率 0.5、1 回更新した後: {point}、f(x) = 3.77e-24")
    assert list(LEARNING_RATES) == sorted(LEARNING_RATES)
    refused = language.pick("not one of the slider's learning_rates", "learning_rates")
    with pytest.raises(ValueError, match=refused):
        descent_slider(lambda lr: None, function_2, lr=0.25)
