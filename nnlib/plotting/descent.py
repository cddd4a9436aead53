"""Figures of notebook 03 (gradients and SGD): tangents, the error of h, surfaces, gradient
arrows, descent paths and the learning-rate slider."""

import matplotlib.pyplot as plt
import numpy as np

from nnlib.i18n import catalog
from nnlib.plotting import FIG_WIDTH, new_axes, show_with_slider

MESSAGES = catalog("plotting.descent", {
    "tangent": ("tangent at x = {x:g}, slope {slope:.4g}", "x = {x:g} での接線（傾き {slope:.4g}）"),
    "diff_error": ("|numerical − true derivative|", "|数値微分 − 真の微分|"),
    "from_above": ("seen from above: contour lines", "上から見た図: 等高線"),
    "start": ("start", "出発点"),
    "off_plot": ("off the plot\nfrom step {step}", "{step} 回目から\n図の外"),
    "step": ("step", "更新回数"),
    "f_log": ("f(x)  (log scale)", "f(x)（対数目盛）"),
    "not_a_rate": ("descent_slider: lr = {lr:g} is not one of the slider's learning_rates "
                   "{rates}: pass one of them, or learning_rates= with it",
                   "descent_slider: lr = {lr:g} はスライダーの learning_rates {rates} にありません。"
                   "このどれかを渡すか、learning_rates= にこの値を含めてください"),
    "lr": ("lr", "学習率"),
    "lr_title": ("lr = {lr:g}", "学習率 {lr:g}"),
    "one_step": ("{n} step", "{n} 回"),
    "steps": ("{n} steps", "{n} 回"),
    "result": ("lr = {lr:g}, after {steps}: x = ({x0:.3g}, {x1:.3g}), f(x) = {fx:.2e}",
               "学習率 {lr:g}、{steps}更新した後: x = ({x0:.3g}, {x1:.3g})、f(x) = {fx:.2e}"),
})  # fmt: skip

# The learning rates of the slider: the borders 0.5 and 1 of the notebook's bowls are
# among them, each readable as itself (0.5, not 5.0e-1).
LEARNING_RATES = (1e-10, 1e-6, 1e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9,
                  0.95, 1.0, 1.05, 1.1, 1.5, 2.0, 5.0, 10.0)  # fmt: skip


def plot_tangent(f, x, slope, xlim=(0.0, 20.0), ax=None):
    """``f`` over ``xlim`` with the line through (x, f(x)) of the given ``slope``.

    f: a function of one variable that accepts a numpy array. Draw it with the
    numerical derivative as ``slope`` to see that it is the tangent's slope.
    """
    ax = new_axes(ax, height=4)
    xs = np.linspace(*xlim, 200)
    ax.plot(xs, f(xs), label="f(x)")
    ax.plot(xs, f(x) + slope * (xs - x), "--", label=MESSAGES["tangent"].format(x=x, slope=slope))
    ax.plot([x], [f(x)], "o", color="C1")
    ax.set_xlim(xlim)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.legend(loc="upper left")
    return ax


def plot_diff_error(h, errors, guides=None, mark_h=1e-4, ax=None):
    """Error of numerical derivatives against the step ``h``, both axes logarithmic.

    h: (K,) steps. errors: {name: (K,) absolute errors}, drawn as lines with dots.
    guides: optional {name: (K,) values}, drawn in grey (e.g. the h**2 and eps/h laws).
    mark_h: a step to mark with a vertical line (the book's 1e-4).
    Errors of exactly 0 cannot be drawn on a log scale and are left out.
    """
    own_figure = ax is None
    ax = new_axes(ax, height=5)
    for name, err in errors.items():
        err = np.asarray(err, dtype=np.float64)
        ax.loglog(h, np.where(err > 0, err, np.nan), "o-", markersize=4, label=name)
    for (name, values), style in zip((guides or {}).items(), ["--", ":", "-."] * 3, strict=False):
        ax.loglog(h, values, style, linewidth=1.5, color="gray", label=name)
    if mark_h is not None:
        ax.axvline(mark_h, color="C3", linestyle=":", linewidth=1.5)
        ax.annotate(f"h = {mark_h:.0e}", (mark_h, 1), xycoords=("data", "axes fraction"),
                    textcoords="offset points", xytext=(4, -16), color="C3")  # fmt: skip
    ax.set_xlabel("h")
    ax.set_ylabel(MESSAGES["diff_error"])
    ax.grid(True, which="major", alpha=0.3)
    # Outside, on the right: the curves fill the whole plot.
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    if own_figure:
        ax.figure.subplots_adjust(left=0.1, right=0.64, bottom=0.12)
    return ax


def _grid_values(f, xlim, ylim, n=101):
    """f evaluated on an n x n grid of points (x0, x1); returns X0, X1, Z."""
    X0, X1 = np.meshgrid(np.linspace(*xlim, n), np.linspace(*ylim, n))
    try:  # at once, if f is written elementwise in x[0] and x[1] (like the book's function_2)
        Z = np.asarray(f(np.array([X0, X1])), dtype=np.float64)
    except (ValueError, TypeError, IndexError):
        Z = None
    if Z is None or Z.shape != X0.shape:  # else point by point, as f is meant to be called
        Z = np.array([f(np.array(p)) for p in zip(X0.ravel(), X1.ravel(), strict=True)]).reshape(X0.shape)
    return X0, X1, Z


def plot_surface(f, xlim=(-3.0, 3.0), ylim=(-3.0, 3.0), title="f(x0, x1)"):
    """``f`` as a 3-D surface (the book's 図4-8) beside its contour lines seen from above.

    f: a function of a (2,) array that returns a number. Returns the two axes
    (3-D, contour map); the colours are f's values, explained by the colour bar.
    """
    fig = plt.figure(figsize=(FIG_WIDTH, 4.6))
    surface_ax = fig.add_subplot(1, 2, 1, projection="3d")
    map_ax = fig.add_subplot(1, 2, 2)
    X0, X1, Z = _grid_values(f, xlim, ylim, n=41)
    surface_ax.plot_surface(X0, X1, Z, cmap="viridis", rstride=1, cstride=1, linewidth=0, antialiased=True)
    surface_ax.set_xlabel("x0", labelpad=6)
    surface_ax.set_ylabel("x1", labelpad=6)
    surface_ax.set_zlabel("f", labelpad=6)
    surface_ax.set_title(title)
    surface_ax.view_init(elev=28, azim=-60)
    filled = map_ax.contourf(X0, X1, Z, levels=15, cmap="viridis")
    map_ax.contour(X0, X1, Z, levels=15, colors="white", linewidths=0.5)
    fig.colorbar(filled, ax=map_ax, label="f")
    map_ax.set_aspect("equal")
    map_ax.set_xlabel("x0")
    map_ax.set_ylabel("x1")
    map_ax.set_title(MESSAGES["from_above"])
    fig.subplots_adjust(left=0.02, right=0.95, wspace=0.25)
    return surface_ax, map_ax


def plot_gradient_field(points, vectors, f=None, ax=None):
    """Arrows ``vectors[i]`` drawn at ``points[i]`` over the contour lines of ``f``.

    points, vectors: (N, 2). Pass the negative gradient to see where ``f`` falls.
    f: optional function of a (2,) array, for the contour lines.
    """
    ax = new_axes(ax, height=5)
    points, vectors = np.asarray(points), np.asarray(vectors)
    if f is not None:
        pad = 0.25
        xlim = (points[:, 0].min() - pad, points[:, 0].max() + pad)
        ylim = (points[:, 1].min() - pad, points[:, 1].max() + pad)
        ax.contour(*_grid_values(f, xlim, ylim), levels=10, colors="#cccccc", linewidths=0.8)
    # Scaled so that the longest arrow is 0.9 of the grid spacing: no arrow runs into the next.
    spacing = min(np.diff(np.unique(points[:, k])).min(initial=np.inf) for k in (0, 1))
    longest = np.linalg.norm(vectors, axis=1).max()
    scale = longest / (0.9 * spacing) if np.isfinite(spacing) and longest > 0 else None
    ax.quiver(points[:, 0], points[:, 1], vectors[:, 0], vectors[:, 1], angles="xy", scale_units="xy",
              scale=scale, width=0.004, color="#555555")  # fmt: skip
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    ax.set_aspect("equal")
    return ax


def _path(x_history, x):
    """The points visited: x_history, then ``x`` if given (the book's history stops before it)."""
    path = np.asarray(x_history, dtype=np.float64)
    if x is not None:
        path = np.vstack([path, np.asarray(x, dtype=np.float64)[None]])
    return path


def plot_descent(x_history, f, x=None, axes=None, title=None, xlim=(-4.5, 4.5), ylim=(-4.5, 4.5)):
    """A gradient-descent run: its path over the contours of ``f`` and ``f`` per step.

    x_history: (steps, 2), the point before each step, as ``gradient_descent`` returns it.
    x: (2,) the point after the last step, drawn at the end (or None if x_history has it).
    f: the function descended (a function of a (2,) array).
    axes: two axes (path, f per step), or None for a new figure.
    Points outside ``xlim`` x ``ylim`` are off the left plot; the right one (log
    scale) shows how far they went.
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(FIG_WIDTH, 4.2))
    path_ax, f_ax = axes
    path = _path(x_history, x)
    path_ax.contour(*_grid_values(f, xlim, ylim), levels=12, colors="#cccccc", linewidths=0.8)
    path_ax.axhline(0, color="#888888", linestyle="--", linewidth=0.8)
    path_ax.axvline(0, color="#888888", linestyle="--", linewidth=0.8)
    # Draw only the steps that start or end inside the plot: far outside, a diverging
    # path's long segments would cross the plot and look like points near the minimum.
    x0, x1 = path[:, 0], path[:, 1]
    inside = (xlim[0] <= x0) & (x0 <= xlim[1]) & (ylim[0] <= x1) & (x1 <= ylim[1])
    kept = [i for i in range(len(path) - 1) if inside[i] or inside[i + 1]]
    if kept:  # one line, broken by NaN between the kept steps (one Line2D per step is slow)
        gap = np.full((len(kept), 1, 2), np.nan)
        segments = np.concatenate([path[kept][:, None], path[np.add(kept, 1)][:, None], gap], axis=1)
        path_ax.plot(*segments.reshape(-1, 2).T, "-", color="C0", linewidth=1)
    path_ax.plot(*path[inside].T, "o", color="C0", markersize=3)
    path_ax.plot(*path[0], "s", color="C1", markersize=8, label=MESSAGES["start"])
    if not inside.all():
        first_out = int(np.argmin(inside))
        note = MESSAGES["off_plot"].format(step=first_out)
        path_ax.text(0.03, 0.03, note, transform=path_ax.transAxes, color="C3")
    path_ax.set_xlim(xlim)
    path_ax.set_ylim(ylim)
    path_ax.set_aspect("equal")
    path_ax.set_xlabel("x0")
    path_ax.set_ylabel("x1")
    path_ax.legend(loc="best")

    with np.errstate(over="ignore", invalid="ignore"):  # a diverged run may reach inf
        values = np.array([f(p) for p in path], dtype=np.float64)
    values = np.where(np.isfinite(values) & (values > 0), values, np.nan)  # log scale: > 0 only
    f_ax.semilogy(np.arange(len(values)), values, color="C0")
    low, high = np.nanmin(values), np.nanmax(values)
    if high < 10 * low:  # nearly flat: show a few decades so that it looks flat
        f_ax.set_ylim(low / 100, high * 100)
    else:
        f_ax.set_ylim(low / 3, high * 3)
    f_ax.set_xlim(0, len(values) - 1)
    f_ax.set_xlabel(MESSAGES["step"])
    f_ax.set_ylabel(MESSAGES["f_log"])
    f_ax.grid(True, which="major", alpha=0.3)
    if title:
        path_ax.set_title(title)
    return axes


def plot_paths(paths, f, xlim=(-4.5, 4.5), ylim=(-4.5, 4.5), ax=None):
    """Several descent paths over the contour lines of ``f``, one colour each.

    paths: {label: (steps, 2) points visited}. f: a function of a (2,) array.
    """
    ax = new_axes(ax, height=4.6)
    ax.contour(*_grid_values(f, xlim, ylim, n=61), levels=12, colors="#cccccc", linewidths=0.8)
    for (label, path), colour in zip(paths.items(), ["C0", "C1", "C2", "C3", "C4"], strict=False):
        path = np.asarray(path, dtype=np.float64)
        ax.plot(path[:, 0], path[:, 1], "o-", color=colour, markersize=3, linewidth=1, label=label)
    start = np.asarray(next(iter(paths.values())))[0]
    ax.plot(*start, "s", color="black", markersize=8, label=MESSAGES["start"])
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_aspect("equal")
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    ax.legend(loc="best")
    return ax


def descent_slider(descend, f, lr=0.1, learning_rates=LEARNING_RATES, xlim=(-4.5, 4.5), ylim=(-4.5, 4.5)):
    """A learning-rate slider above a ``plot_descent`` figure that follows it.

    descend: function lr -> (x, x_history), e.g. a ``gradient_descent`` with the other
    arguments fixed. f: the function descended. learning_rates: the slider's values,
    increasing (``lr`` must be one of them). Shows the slider, a line with the end point,
    and the figure (updated in place through a display handle when the slider moves).
    Returns the slider, so that a script may set ``slider.value`` (``slider.figure`` is the figure).
    """
    import ipywidgets as widgets  # only here: plotting is also used without widgets

    if lr not in learning_rates:
        raise ValueError(MESSAGES["not_a_rate"].format(lr=lr, rates=learning_rates))
    slider = widgets.SelectionSlider(
        options=[(f"{value:g}", value) for value in learning_rates], value=lr,
        description=MESSAGES["lr"], continuous_update=False, layout=widgets.Layout(width="600px"),
    )  # fmt: skip
    result = widgets.HTML()
    # A long, narrow region gets the wider half of the figure (the path is drawn to scale).
    ratio = float(np.clip((xlim[1] - xlim[0]) / (ylim[1] - ylim[0]), 1.0, 2.2))
    fig, axes = plt.subplots(1, 2, figsize=(FIG_WIDTH, 4.2), gridspec_kw={"width_ratios": [ratio, 1]})

    def draw(lr):
        for ax in axes:
            ax.clear()
        x, x_history = descend(lr)
        title = MESSAGES["lr_title"].format(lr=lr)
        plot_descent(x_history, f, x=x, axes=axes, title=title, xlim=xlim, ylim=ylim)
        fig.tight_layout()
        with np.errstate(over="ignore", invalid="ignore"):
            fx = float(f(np.asarray(x, dtype=np.float64)))
        steps = MESSAGES["steps" if len(x_history) != 1 else "one_step"].format(n=len(x_history))
        result.value = MESSAGES["result"].format(lr=lr, steps=steps, x0=x[0], x1=x[1], fx=fx)

    show_with_slider(slider, result, fig, draw)
    slider.figure, slider.result = fig, result  # what it draws on, for scripts
    return slider
