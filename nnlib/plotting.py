"""Figures shared by the notebooks, the command line and the dashboard (matplotlib).

Each function draws on an ``ax`` if given (so figures can be composed), else on a
new figure, and returns the axes. Styles follow the book's figures.
"""

import matplotlib.pyplot as plt
import numpy as np


def _axes(ax, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_accuracy(train_acc_list, test_acc_list, ax=None):
    """Train (solid) and test (dashed) accuracy per epoch, as the book draws them."""
    ax = _axes(ax)
    epochs = np.arange(len(train_acc_list))
    ax.plot(epochs, train_acc_list, label="train acc")
    ax.plot(epochs, test_acc_list, label="test acc", linestyle="--")
    ax.set_xlabel("epochs")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1.0)
    ax.legend(loc="lower right")
    return ax


def smooth(values, window=50):
    """Moving average over ``window`` points (shorter at the start); same length."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return values
    csum = np.cumsum(np.insert(values, 0, 0.0))  # csum[i] = sum of the first i values
    end = np.arange(1, values.size + 1)
    n = np.minimum(end, window)  # points in each average
    return (csum[end] - csum[end - n]) / n


def plot_loss(train_loss_list, ax=None, window=50):
    """Mini-batch loss per iteration (faint) and its moving average (solid)."""
    ax = _axes(ax)
    loss = np.asarray(train_loss_list, dtype=np.float64)
    ax.plot(loss, color="C0", alpha=0.3, linewidth=0.8, label="loss per iteration")
    ax.plot(smooth(loss, window), color="C0", label=f"moving average of {window}")
    ax.set_xlabel("iteration")
    ax.set_ylabel("loss")
    ax.legend(loc="upper right")
    return ax


def show_digits(x, t, predicted=None, ncols=10, ax=None):
    """A grid of images with their labels; wrong predictions are marked in red.

    x: (N, 784) or (N, 1, 28, 28) or (N, 28, 28) pixels (any scale).
    t: (N,) labels or (N, 10) one-hot. predicted: optional (N,) labels.
    """
    x = np.asarray(x).reshape(len(x), 28, 28)
    t = np.asarray(t)
    if t.ndim == 2:
        t = t.argmax(axis=1)
    n = len(x)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * 0.9, nrows * 1.1), squeeze=False)
    for i, cell in enumerate(axes.flat):
        cell.axis("off")
        if i >= n:
            continue
        cell.imshow(x[i], cmap="gray_r")
        if predicted is None:
            cell.set_title(str(t[i]), fontsize=10)
        else:
            wrong = predicted[i] != t[i]
            label = f"{predicted[i]} (is {t[i]})" if wrong else str(predicted[i])
            cell.set_title(label, fontsize=9, color="red" if wrong else "black")
    fig.tight_layout()
    return axes


# --- notebooks 01-02: data, derivatives, gradient descent ------------------------


def plot_label_distribution(t_train, t_test, ax=None):
    """Share of each digit 0-9 in the training and the test labels, side by side.

    t_train, t_test: (N,) labels or (N, 10) one-hot.
    """
    ax = _axes(ax, figsize=(7, 3))
    digits = np.arange(10)
    for offset, t, label in ((-0.2, t_train, "train"), (0.2, t_test, "test")):
        t = np.asarray(t)
        if t.ndim == 2:
            t = t.argmax(axis=1)
        share = np.bincount(t, minlength=10) / len(t)
        ax.bar(digits + offset, share, width=0.4, label=f"{label} ({len(t):,} images)")
    ax.axhline(0.1, color="gray", linestyle=":", linewidth=1)  # a perfectly even split
    ax.set_xticks(digits)
    ax.set_xlabel("digit (label)")
    ax.set_ylabel("share of the set")
    ax.set_ylim(0, 0.15)
    ax.legend(loc="upper center", ncol=2)
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
    ax = _axes(ax, figsize=(5, 5))
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


def plot_diff_error(h, errors, guides=None, mark_h=1e-4, ax=None):
    """Error of numerical derivatives against the step ``h``, both axes logarithmic.

    h: (K,) steps. errors: {name: (K,) absolute errors}, drawn as lines with dots.
    guides: optional {name: (K,) values}, drawn in grey (e.g. the h**2 and eps/h laws).
    mark_h: a step to mark with a vertical line (the book's 1e-4).
    Errors of exactly 0 cannot be drawn on a log scale and are left out.
    """
    ax = _axes(ax, figsize=(7, 4.5))
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


# --- notebook 04: the untrained TwoLayerNet ------------------------------------------


def plot_weight_histogram(weights, std=None, ax=None, bins=50):
    """Histograms of weight arrays, as densities, with the N(0, std²) they were drawn from.

    weights: {'W1': (784, 50) array, ...}, e.g. a few entries of ``network.params``.
    Densities rather than counts, so that arrays of different sizes share the axis.
    """
    ax = _axes(ax)
    values = [np.ravel(w) for w in weights.values()]
    edges = np.histogram_bin_edges(np.concatenate(values), bins=bins)
    for name, v in zip(weights, values, strict=True):
        label = f"{name} ({v.size:,} weights)"
        ax.hist(v, bins=edges, density=True, histtype="step", linewidth=1.5, label=label)
    if std is not None:
        grid = np.linspace(edges[0], edges[-1], 200)
        density = np.exp(-0.5 * (grid / std) ** 2) / (std * np.sqrt(2 * np.pi))
        ax.plot(grid, density, "k--", linewidth=1, label=f"Gaussian, std {std:g}")
    ax.set_xlabel("weight value")
    ax.set_ylabel("density")
    ax.legend(loc="upper left", fontsize=8)
    return ax


def show_prediction(image, y, t=None):
    """One image beside the class probabilities ``y`` (10,) the network gives it.

    image: (784,) or (28, 28) pixels; t: its label (int) or one-hot (10,), optional.
    The most probable class is drawn in orange; the dashed line is 1/10, a blind guess.
    Returns the two axes (image, bars).
    """
    y = np.asarray(y, dtype=np.float64).ravel()
    fig, (ax_image, ax_bars) = plt.subplots(1, 2, figsize=(8, 2.6), gridspec_kw={"width_ratios": [1, 3.5]})
    ax_image.imshow(np.asarray(image).reshape(28, 28), cmap="gray_r")
    ax_image.axis("off")
    if t is not None:
        label = int(np.argmax(t)) if np.ndim(t) else int(t)
        ax_image.set_title(f"label {label}", fontsize=10)
    classes = np.arange(y.size)
    ax_bars.bar(classes, y, color=np.where(classes == np.argmax(y), "C1", "C0"))
    ax_bars.axhline(1 / y.size, color="k", linestyle="--", linewidth=1, label=f"1/{y.size}")
    ax_bars.set_xticks(classes)
    ax_bars.set_ylim(0, 1)
    ax_bars.set_xlabel("class")
    ax_bars.set_ylabel("probability y")
    ax_bars.legend(loc="upper right")
    fig.tight_layout()
    return ax_image, ax_bars


def plot_class_counts(predicted, t, num_classes=10, ax=None):
    """How often each class is predicted, beside how often it is the right answer.

    predicted: (N,) predicted labels; t: (N,) labels or (N, num_classes) one-hot.
    """
    ax = _axes(ax, figsize=(7, 3.5))
    t = np.asarray(t)
    if t.ndim == 2:
        t = t.argmax(axis=1)
    classes = np.arange(num_classes)
    ax.bar(classes - 0.2, np.bincount(predicted, minlength=num_classes), width=0.4, label="predicted")
    ax.bar(classes + 0.2, np.bincount(t, minlength=num_classes), width=0.4, label="true label")
    ax.set_xticks(classes)
    ax.set_xlabel("class")
    ax.set_ylabel("number of images")
    ax.legend(loc="upper left")
    return ax


# --- notebook 05: numerical vs analytic gradients ----------------------------------


def plot_gradient_errors(grad_analytic, grad_numerical, ax=None):
    """Each element's relative error |a - n| / (|a| + |n|) against the size |a| of its gradient.

    grad_analytic, grad_numerical: dicts of arrays with the same keys and shapes
    (``{'W1': (784, 50), ...}``). Log-log axes; elements where both are exactly 0
    (e.g. weights of pixels that are 0 in every image) have no error to show.
    """
    ax = _axes(ax, figsize=(7, 4.5))
    for name, a in grad_analytic.items():
        a = np.ravel(a).astype(np.float64)
        n = np.ravel(grad_numerical[name]).astype(np.float64)
        size = np.abs(a) + np.abs(n)
        keep = size > 0
        error = np.abs(a - n)[keep] / size[keep]
        error = np.maximum(error, 1e-17)  # exact agreement would vanish from a log axis
        ax.scatter(np.abs(a[keep]), error, s=4, alpha=0.5, label=name, rasterized=True)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("|analytic gradient| of the element")
    ax.set_ylabel("relative error of the element")
    ax.legend(loc="upper right", markerscale=3)
    return ax


def format_duration(seconds):
    """A duration for people: '850 µs', '12.3 ms', '4.2 s', '3.5 min', '7.1 h', '23 days'."""
    for unit, size in (("days", 86400), ("h", 3600), ("min", 60), ("s", 1), ("ms", 1e-3)):
        if seconds >= size:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds * 1e6:.3g} µs"


def plot_times(seconds, ax=None):
    """Horizontal bars on a log scale, one per ``{label: seconds}``, each with its duration.

    Dotted lines mark a second, a minute, an hour and a day, for scale.
    """
    labels = list(seconds)
    values = np.array([seconds[k] for k in labels], dtype=np.float64)
    ax = _axes(ax, figsize=(8, 0.55 * len(labels) + 1.2))
    rows = np.arange(len(labels))[::-1]  # the first label on top
    ax.barh(rows, values, color=[f"C{i % 10}" for i in range(len(labels))])
    for row, value in zip(rows, values, strict=True):
        ax.text(value * 1.3, row, format_duration(value), va="center")
    ax.set_yticks(rows, labels)
    ax.set_xscale("log")
    low, high = values.min() / 3, values.max() * 30
    ax.set_xlim(low, high)
    for mark, name in ((1, "1 s"), (60, "1 min"), (3600, "1 hour"), (86400, "1 day")):
        if low < mark < high:
            ax.axvline(mark, color="gray", linestyle=":", linewidth=1)
            ax.text(mark, rows[0] + 0.6, name, ha="center", fontsize=8, color="gray")
    ax.set_ylim(-0.6, len(labels) - 0.1)
    ax.set_xlabel("time (log scale)")
    return ax


# --- notebooks 01-02, continued: one image as a row, a tangent ------------------------


def show_image_and_row(x):
    """One image twice: as the 28 x 28 picture, and as the row of 784 numbers it is stored as.

    x: (784,) or (28, 28) pixels. Thin lines in the row mark where each of the 28
    picture rows begins.
    """
    row = np.asarray(x).reshape(784)
    fig = plt.figure(figsize=(10, 3.2))
    picture_ax = fig.add_axes((0.02, 0.12, 0.25, 0.78))
    row_ax = fig.add_axes((0.32, 0.45, 0.66, 0.2))
    picture_ax.imshow(row.reshape(28, 28), cmap="gray_r")
    picture_ax.set_title("28 x 28 picture")
    picture_ax.set_xticks([0, 27])
    picture_ax.set_yticks([0, 27])
    row_ax.imshow(row[None, :], cmap="gray_r", aspect="auto", interpolation="nearest")
    for r in range(1, 28):  # where each picture row starts in the long row
        row_ax.axvline(28 * r - 0.5, color="C0", linewidth=0.4, alpha=0.5)
    row_ax.set_yticks([])
    row_ax.set_xticks([0, 28 * 10, 28 * 20, 783])
    row_ax.set_title("the same 784 numbers in one row: picture row 0, then row 1, ... (flatten=True)")
    row_ax.set_xlabel("index in the row = 28 * picture row + picture column")
    return picture_ax, row_ax


def plot_tangent(f, x, slope, xlim=(0.0, 20.0), ax=None):
    """``f`` over ``xlim`` with the line through (x, f(x)) of the given ``slope``.

    f: a function of one variable that accepts a numpy array. Draw it with the
    numerical derivative as ``slope`` to see that it is the tangent's slope.
    """
    ax = _axes(ax, figsize=(6, 4))
    xs = np.linspace(*xlim, 200)
    ax.plot(xs, f(xs), label="f(x)")
    ax.plot(xs, f(x) + slope * (xs - x), "--", label=f"tangent at x = {x:g}, slope {slope:.4g}")
    ax.plot([x], [f(x)], "o", color="C1")
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.legend(loc="upper left")
    return ax


# --- notebook 06: mini-batch training and evaluation -------------------------------


def plot_accuracy_runs(runs, figsize=None):
    """Training runs side by side: train (solid) and test (dashed) accuracy, gap shaded.

    runs: list of (title, epochs, train_acc_list, test_acc_list); epochs: the epoch
    at which each accuracy was measured, one per list entry. The shaded band between
    the lines is how much better the network does on the images it learned from than
    on new ones: wide means over-fitting (過学習). Returns the row of axes.
    """
    figsize = figsize or (5.5 * len(runs), 4)
    fig, axes = plt.subplots(1, len(runs), figsize=figsize, sharey=True, squeeze=False)
    for ax, (title, epochs, train_acc_list, test_acc_list) in zip(axes[0], runs, strict=True):
        plot_accuracy(train_acc_list, test_acc_list, ax=ax)
        for line in ax.lines:  # plot_accuracy puts point k at epoch k: move each to its epoch
            line.set_xdata(epochs)
        ax.fill_between(epochs, test_acc_list, train_acc_list, color="C3", alpha=0.25, label="gap")
        ax.set_xlim(0, epochs[-1])
        ax.set_title(f"{title}\nat the end: train {train_acc_list[-1]:.3f}, test {test_acc_list[-1]:.3f}")
        ax.legend(loc="lower right")
    fig.tight_layout()
    return axes[0]
