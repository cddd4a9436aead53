"""Figures of notebook 03 (gradients and SGD): tangents, the error of h, gradient arrows, descent paths."""

import matplotlib.pyplot as plt
import numpy as np

from nnlib.plotting import new_axes


def plot_tangent(f, x, slope, xlim=(0.0, 20.0), ax=None):
    """``f`` over ``xlim`` with the line through (x, f(x)) of the given ``slope``.

    f: a function of one variable that accepts a numpy array. Draw it with the
    numerical derivative as ``slope`` to see that it is the tangent's slope.
    """
    ax = new_axes(ax, height=4)
    xs = np.linspace(*xlim, 200)
    ax.plot(xs, f(xs), label="f(x)")
    ax.plot(xs, f(x) + slope * (xs - x), "--", label=f"tangent at x = {x:g}, slope {slope:.4g}")
    ax.plot([x], [f(x)], "o", color="C1")
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
    ax = new_axes(ax, height=4.5)
    for name, err in errors.items():
        err = np.asarray(err, dtype=np.float64)
        ax.loglog(h, np.where(err > 0, err, np.nan), "o-", markersize=3, label=name)
    for (name, values), style in zip((guides or {}).items(), ["--", ":", "-."] * 3, strict=False):
        ax.loglog(h, values, style, linewidth=1, color="gray", label=name)
    if mark_h is not None:
        ax.axvline(mark_h, color="C3", linestyle=":", linewidth=1)
        ax.annotate(f"h = {mark_h:.0e}", (mark_h, 1), xycoords=("data", "axes fraction"),
                    textcoords="offset points", xytext=(3, -12), color="C3", fontsize=9)  # fmt: skip
    ax.set_xlabel("h")
    ax.set_ylabel("|numerical - true derivative|")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="lower left", fontsize=9)
    return ax


def _grid_values(f, xlim, ylim, n=101):
    """f evaluated on an n x n grid of points (x0, x1); returns X0, X1, Z."""
    X0, X1 = np.meshgrid(np.linspace(*xlim, n), np.linspace(*ylim, n))
    Z = np.array([f(np.array(p)) for p in zip(X0.ravel(), X1.ravel(), strict=True)])
    return X0, X1, Z.reshape(X0.shape)


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
    ax.quiver(points[:, 0], points[:, 1], vectors[:, 0], vectors[:, 1], angles="xy", color="#555555")
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    ax.set_aspect("equal")
    return ax


def plot_descent(x_history, f, axes=None, title=None, xlim=(-4.5, 4.5), ylim=(-4.5, 4.5)):
    """A gradient-descent run: its path over the contours of ``f`` and ``f`` per step.

    x_history: (steps + 1, 2), the start point then the point after each step.
    f: the function descended (a function of a (2,) array).
    axes: two axes (path, f per step), or None for a new figure.
    Points outside ``xlim`` x ``ylim`` are off the left plot; the right one (log
    scale) shows how far they went.
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(9, 4))
    path_ax, f_ax = axes
    x_history = np.asarray(x_history, dtype=np.float64)
    path_ax.contour(*_grid_values(f, xlim, ylim), levels=12, colors="#cccccc", linewidths=0.8)
    path_ax.axhline(0, color="#888888", linestyle="--", linewidth=0.8)
    path_ax.axvline(0, color="#888888", linestyle="--", linewidth=0.8)
    # Draw only the steps that start or end inside the plot: far outside, a diverging
    # path's long segments would cross the plot and look like points near the minimum.
    x0, x1 = x_history[:, 0], x_history[:, 1]
    inside = (xlim[0] <= x0) & (x0 <= xlim[1]) & (ylim[0] <= x1) & (x1 <= ylim[1])
    for i in range(len(x_history) - 1):
        if inside[i] or inside[i + 1]:
            path_ax.plot(*x_history[i : i + 2].T, "-", color="C0", linewidth=1)
    path_ax.plot(*x_history[inside].T, "o", color="C0", markersize=3)
    path_ax.plot(*x_history[0], "s", color="C1", markersize=7, label="start")
    if not inside.all():
        first_out = int(np.argmin(inside))
        note = f"off the plot from step {first_out}"
        path_ax.text(0.03, 0.03, note, transform=path_ax.transAxes, color="C3")
    path_ax.set_xlim(xlim)
    path_ax.set_ylim(ylim)
    path_ax.set_aspect("equal")
    path_ax.set_xlabel("x0")
    path_ax.set_ylabel("x1")
    path_ax.legend(loc="upper right")

    with np.errstate(over="ignore", invalid="ignore"):  # a diverged run may reach inf
        values = np.array([f(x) for x in x_history], dtype=np.float64)
    values = np.where(np.isfinite(values) & (values > 0), values, np.nan)  # log scale: > 0 only
    f_ax.semilogy(np.arange(len(values)), values, color="C0")
    low, high = np.nanmin(values), np.nanmax(values)
    if high < 10 * low:  # nearly flat: show a few decades so that it looks flat
        f_ax.set_ylim(low / 100, high * 100)
    f_ax.set_xlabel("step")
    f_ax.set_ylabel("f(x)  (log scale)")
    f_ax.grid(True, which="major", alpha=0.3)
    if title:
        path_ax.set_title(title)
    return axes


def descent_slider(descend, f, lr=0.1, min_exponent=-10, max_exponent=1):
    """A learning-rate slider (log scale) above a ``plot_descent`` figure that follows it.

    descend: function lr -> x_history (steps + 1, 2), e.g. a gradient descent.
    f: the function descended. Shows the slider, a line with the end point, and the
    figure (updated in place through a display handle when the slider moves).
    Returns the slider, so that a script may set ``slider.value``.
    """
    import ipywidgets as widgets  # only here: plotting is also used without widgets
    from IPython.display import display

    slider = widgets.FloatLogSlider(
        value=lr, base=10, min=min_exponent, max=max_exponent, step=0.1,
        description="lr", readout_format=".1e", continuous_update=False,
        layout=widgets.Layout(width="500px"),
    )  # fmt: skip
    result = widgets.HTML()
    fig, axes = plt.subplots(1, 2, figsize=(9, 4))

    def draw(lr):
        for ax in axes:
            ax.clear()
        x_history = np.asarray(descend(lr), dtype=np.float64)
        plot_descent(x_history, f, axes=axes, title=f"lr = {lr:.1e}")
        fig.tight_layout()
        x = x_history[-1]
        with np.errstate(over="ignore", invalid="ignore"):
            fx = float(f(x))
        result.value = (f"after {len(x_history) - 1} steps: x = ({x[0]:.3g}, {x[1]:.3g}), "
                        f"f(x) = {fx:.2e}")  # fmt: skip

    draw(slider.value)
    plt.close(fig)  # shown once, through the handle below, not again by the inline backend
    display(widgets.VBox([slider, result]))
    handle = display(fig, display_id=True)

    def on_change(change):
        draw(change["new"])
        handle.update(fig)

    slider.observe(on_change, names="value")
    return slider
