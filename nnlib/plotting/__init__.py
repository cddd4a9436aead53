"""One figure style for the notebooks, the command line and the dashboard (matplotlib).

Importing ``nnlib.plotting`` applies the style to matplotlib, so that every figure, the
ones a student draws in a notebook too, reads on a projector:

- text of at least 12 pt (``STYLE``), figures 960 px wide (``FIG_WIDTH`` inches at
  ``DPI``): the width of JupyterLab's notebook column in a 1280-px window, so the
  picture is shown at its own size, neither blown up nor squeezed;
- one colour per parameter of the network in every figure (``PARAM_COLORS``);
- ``style_problems(fig)`` lists where a figure breaks these rules (text too small, a
  wrong width or parameter colour, a legend on top of data, data outside the axis
  limits, a coloured image without a colour bar); the tests run it on every figure
  the submodules draw.

The figures themselves live in one submodule per notebook: ``data`` (01), ``loss`` (02),
``descent`` (03), ``network`` (04), ``gradients`` (05), ``training`` (06, the command
line, the dashboard). Each function draws on an ``ax`` if given (so figures can be
composed), else on a new figure, and returns the axes.
"""

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from nnlib.i18n import use_font

DPI = 100
FIG_WIDTH = 9.6  # inches: 960 px at DPI
MIN_FONT_SIZE = 12  # points

STYLE = {
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "figure.figsize": (FIG_WIDTH, 4.0),
    "font.size": 13,
    "axes.titlesize": 14,
    "axes.labelsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "figure.titlesize": 15,
    "lines.linewidth": 2.0,
    "axes.grid": False,
    "legend.framealpha": 0.9,
}

# The network's parameters, always in these colours (matplotlib's first four).
PARAM_COLORS = {"W1": "C0", "b1": "C1", "W2": "C2", "b2": "C3"}

# Images drawn in these colour maps are pictures (pixels), which need no colour bar.
PICTURE_CMAPS = ("gray", "gray_r", "Greys", "Greys_r", "binary", "binary_r")


def use_style():
    """Apply ``STYLE`` to matplotlib (done once on import; call again after a reset)."""
    mpl.rcParams.update(STYLE)


use_style()
use_font()  # Japanese text needs a Japanese font (only when nnlib speaks Japanese)


def new_axes(ax=None, height=4.0):
    """``ax`` if given, else the axes of a new figure ``FIG_WIDTH`` wide and ``height`` tall."""
    if ax is None:
        _, ax = plt.subplots(figsize=(FIG_WIDTH, height))
    return ax


def show_with_slider(slider, result, fig, draw):
    """Show ``slider`` and a ``result`` line (ipywidgets) above ``fig``, redrawn by
    ``draw(value)`` now and whenever the slider moves (through a display handle, so the
    figure is updated in place instead of appended)."""
    import ipywidgets as widgets  # only here: the figures are also drawn without widgets
    from IPython.display import display

    draw(slider.value)
    plt.close(fig)  # shown once, through the handle below, not again by the inline backend
    display(widgets.VBox([slider, result]))
    handle = display(fig, display_id=True)

    def on_change(change):
        draw(change["new"])
        if handle is not None:  # None outside IPython, where nothing is shown
            handle.update(fig)

    slider.observe(on_change, names="value")


def smooth(values, window=50):
    """Moving average over ``window`` points (fewer at the start); same length.

    values: (N,) numbers -> (N,) float64. Kept here because the loss curves of the
    notebooks, the dashboard and its exercise all draw it.
    """
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return values
    csum = np.cumsum(np.insert(values, 0, 0.0))  # csum[i] = sum of the first i values
    end = np.arange(1, values.size + 1)
    n = np.minimum(end, window)  # points in each average
    return (csum[end] - csum[end - n]) / n


# --- the rules, checked ---------------------------------------------------------------


def style_problems(fig):
    """Where ``fig`` breaks the style rules: a list of sentences, empty when it keeps them."""
    fig.canvas.draw()  # lay the figure out, so that extents and tick labels are final
    problems = []
    width_px = fig.get_figwidth() * fig.dpi
    if abs(width_px - FIG_WIDTH * DPI) > 1:
        problems.append(f"the figure is {width_px:.0f} px wide, not {FIG_WIDTH * DPI:.0f}")
    for text in fig.findobj(mpl.text.Text):
        if text.get_visible() and text.get_text().strip() and text.get_fontsize() < MIN_FONT_SIZE - 1e-9:
            problems.append(f"text {text.get_text()!r} is {text.get_fontsize():.1f} pt")
    for ax in fig.axes:
        problems += _parameter_colour_problems(ax)
        problems += _legend_problems(ax)
        problems += _clipping_problems(ax)
    problems += _colour_bar_problems(fig)
    return problems


def _same_colour(a, b):
    return np.allclose(mpl.colors.to_rgba(a)[:3], mpl.colors.to_rgba(b)[:3])


def _artist_colour(artist):
    if isinstance(artist, mpl.lines.Line2D):
        return artist.get_color()
    if isinstance(artist, mpl.collections.Collection):
        colours = artist.get_facecolor() if len(artist.get_facecolor()) else artist.get_edgecolor()
        return colours[0] if len(colours) else None
    if isinstance(artist, mpl.patches.Patch):
        return artist.get_edgecolor() if not artist.get_fill() else artist.get_facecolor()
    return None


def _parameter_colour_problems(ax):
    problems = []
    for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.containers]:
        label = str(artist.get_label())
        name = label.split()[0] if label.split() else ""
        if name not in PARAM_COLORS:
            continue
        if isinstance(artist, mpl.container.Container):
            artist = artist[0] if len(artist) else None
        colour = _artist_colour(artist) if artist is not None else None
        if colour is not None and not _same_colour(colour, PARAM_COLORS[name]):
            problems.append(f"{name} is drawn in {mpl.colors.to_hex(colour)}, not {PARAM_COLORS[name]}")
    return problems


def _data_points(ax):
    """Display coordinates (M, 2) of the data points of ``ax``'s lines, scatters and bars."""
    points = []
    for line in ax.lines:
        xy = np.column_stack([np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)])
        if len(xy):
            points.append(line.get_transform().transform(xy))
    for collection in ax.collections:
        if isinstance(collection, mpl.collections.PathCollection) and len(collection.get_offsets()):
            points.append(collection.get_offset_transform().transform(collection.get_offsets()))
    for patch in ax.patches:
        if isinstance(patch, mpl.patches.Rectangle):
            x, y, w, h = patch.get_x(), patch.get_y(), patch.get_width(), patch.get_height()
            corners = [(x, y + h), (x + w, y + h), (x + w / 2, y + h)]  # a bar's top edge
            points.append(patch.get_transform().transform(corners))
    if not points:
        return np.empty((0, 2))
    points = np.concatenate(points)
    return points[np.all(np.isfinite(points), axis=1)]


def _legend_problems(ax):
    legend = ax.get_legend()
    if legend is None or not legend.get_visible():
        return []
    box = legend.get_window_extent()
    points = _data_points(ax)
    x, y = points[:, 0], points[:, 1]
    inside = (x > box.x0) & (x < box.x1) & (y > box.y0) & (y < box.y1)
    if inside.any():
        return [f"the legend of {ax.get_title() or 'an axes'!r} covers {int(inside.sum())} data point(s)"]
    return []


def _clipping_problems(ax):
    problems = []
    y0, y1 = sorted(ax.get_ylim())
    x0, x1 = sorted(ax.get_xlim())
    for line in ax.lines:
        if line.get_transform() != ax.transData:
            continue  # a guide line in axes coordinates (axhline, axvline) spans the axes on purpose
        x = np.asarray(line.get_xdata(), float)
        y = np.asarray(line.get_ydata(), float)
        keep = np.isfinite(x) & np.isfinite(y) & (x >= x0) & (x <= x1)
        tolerance = 1e-9 * max(abs(y0), abs(y1), 1.0)
        out = keep & ((y < y0 - tolerance) | (y > y1 + tolerance))
        if out.any():
            label = line.get_label()
            problems.append(f"{out.sum()} point(s) of {label!r} lie outside the y limits {y0:g}..{y1:g}")
    return problems


def _colour_bar_problems(fig):
    coloured = [
        image
        for ax in fig.axes
        for image in ax.images
        if image.get_cmap().name not in PICTURE_CMAPS and image.get_array().ndim == 2
    ]
    colour_bars = [ax for ax in fig.axes if getattr(ax, "_colorbar", None) is not None]
    if coloured and not colour_bars:
        return [f"{len(coloured)} coloured image(s) and no colour bar"]
    return []
