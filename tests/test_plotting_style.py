"""The figure style of nnlib.plotting: the rule checker itself, and that every figure
function of every submodule is held to it by a test of its own module."""

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnlib.plotting  # noqa: E402
from nnlib.plotting import DPI, FIG_WIDTH, PARAM_COLORS, STYLE, new_axes, style_problems  # noqa: E402

TESTS = Path(__file__).parent


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_importing_nnlib_plotting_applies_the_style():
    for key, value in STYLE.items():
        assert matplotlib.rcParams[key] == (list(value) if isinstance(value, tuple) else value)


def test_a_plain_figure_keeps_the_rules():
    ax = new_axes()
    ax.plot([0, 1, 2], [0, 1, 4], label="W1", color=PARAM_COLORS["W1"])
    ax.legend(loc="upper left")
    assert style_problems(ax.figure) == []
    assert ax.figure.get_figwidth() * ax.figure.dpi == pytest.approx(FIG_WIDTH * DPI)


def test_small_text_is_found():
    ax = new_axes()
    ax.set_title("tiny", fontsize=8)
    assert style_problems(ax.figure) == ["text 'tiny' is 8.0 pt"]


def test_a_wrong_width_is_found():
    _, ax = plt.subplots(figsize=(6, 4))
    assert style_problems(ax.figure) == ["the figure is 600 px wide, not 960"]


def test_a_parameter_in_another_colour_is_found():
    ax = new_axes()
    ax.plot([0, 1], [0, 1], color="C2", label="b1 (50 values)")
    assert style_problems(ax.figure) == [f"b1 is drawn in #2ca02c, not {PARAM_COLORS['b1']}"]


def test_a_legend_on_top_of_data_is_found():
    ax = new_axes()
    ax.plot(np.linspace(0, 1, 50), np.full(50, 0.95), label="near the top")
    ax.set_ylim(0, 1)
    ax.legend(loc="upper center")
    [problem] = style_problems(ax.figure)
    assert re.match(r"the legend of 'an axes' covers \d+ data point\(s\)", problem)


def test_clipped_data_is_found():
    ax = new_axes()
    ax.plot([0, 1, 2], [1, 6.1, 2], label="loss")
    ax.set_ylim(0, 5)
    assert style_problems(ax.figure) == ["1 point(s) of 'loss' lie outside the y limits 0..5"]


def test_a_coloured_image_needs_a_colour_bar():
    ax = new_axes()
    image = ax.imshow(np.random.default_rng(0).normal(size=(28, 28)), cmap="RdBu_r")
    assert style_problems(ax.figure) == ["1 coloured image(s) and no colour bar"]
    ax.figure.colorbar(image)
    assert style_problems(ax.figure) == []
    ax.images[0].set_cmap("gray_r")  # a picture of a digit needs none


def _figure_functions():
    """(module name, function name) of every public function of the plotting submodules."""
    for info in pkgutil.iter_modules(nnlib.plotting.__path__):
        module = importlib.import_module(f"nnlib.plotting.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_"):
                yield info.name, name


@pytest.mark.parametrize(("module", "name"), sorted(_figure_functions()))
def test_every_figure_function_is_checked_in_its_modules_tests(module, name):
    tests = TESTS / f"test_plotting_{module}.py"
    assert tests.exists(), f"{tests.name} is missing: it runs style_problems on the figures of {module}"
    assert re.search(rf"\b{name}\(", tests.read_text()), f"{tests.name} never calls {name}"
