"""The dashboard's pictures, rendered off-screen into PNG bytes for ipywidgets.Image.

Why PNG bytes: an Image widget works in every front end (JupyterLab, Notebook 7,
VS Code, Colab) without a plotting extension, and it can be updated from the
kernel while training runs.

Why it is fast enough to redraw several times a second: a full matplotlib draw
of two axes with their ticks and labels costs tens of milliseconds, mostly text.
The axes, the faded past runs and the legend only change when a limit or a run
changes, so they are drawn once into a *background*; each frame pastes that
background and draws just the current run's four lines on it (blitting).
Long loss curves are thinned to about two points per pixel first.
"""

import math
import struct
import zlib

import numpy as np
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from nnlib.dashboard.session import LOSS_OF_GUESSING
from nnlib.i18n import catalog
from nnlib.plotting import smooth

# Looked up when a figure is made: a figure made after set_language speaks its language.
MESSAGES = catalog("dashboard.figures", {
    "iteration": ("iteration", "更新回数"),
    "loss_title": ("loss: each mini-batch, and average", "損失関数の値: ミニバッチごと、平均"),
    "epoch": ("epoch", "エポック"),
    "accuracy_title": ("accuracy: train ─, test - -", "認識精度: 訓練 ─、テスト - -"),
    "guessing": ("guessing", "当てずっぽう"),
    "now": ("now: {label}", "現在: {label}"),
})  # fmt: skip

SMOOTH_WINDOW = 50  # iterations in the moving average of the loss (as plot_loss)
FAINT = 0.35  # alpha of past runs
MIN_ITERATIONS, MIN_EPOCHS = 100, 0.1  # the smallest axes
MAX_MARKERS = 40  # evaluations drawn with a marker each; more: a plain line
# Bold digits and "▲": DejaVu Sans has them in bold (the Japanese fallback font has no
# bold, and matplotlib would say so when it looks for one).
DIGITS_FONT = "DejaVu Sans"


def png(pixels):
    """(H, W, 3) RGB or (H, W, 4) RGBA uint8 pixels -> PNG bytes.

    A PNG is a signature and three chunks: IHDR (size and pixel format), IDAT (the
    rows, each after a filter byte, zlib-compressed) and IEND. Written by hand with
    no row filter and the fastest zlib level, it takes a quarter of the time of a
    general-purpose encoder for plots that are mostly white anyway.
    """
    h, w, channels = pixels.shape
    rows = np.empty((h, 1 + w * channels), dtype=np.uint8)
    rows[:, 0] = 0  # filter type 0: none
    rows[:, 1:] = pixels.reshape(h, w * channels)
    color_type = {3: 2, 4: 6}[channels]  # 2: RGB, 6: RGBA
    header = struct.pack(">IIBBBBB", w, h, 8, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(rows, 1)) + _chunk(b"IEND", b""))  # fmt: skip


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def nice_ceil(x):
    """The smallest of 1, 2, 2.5, 5 x 10^k that is >= x: axis limits that rarely move."""
    if not x > 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(x))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= x * (1 - 1e-9))


def thin(y, width):
    """(x, y) of a smooth curve ``y`` (y[i] at iteration i + 1), at most 2 points per pixel."""
    every = max(len(y) // (2 * width), 1)
    x = np.arange(1, len(y) + 1)
    return x[::every], y[::every]


def band(y, width):
    """The outline (M, 2) of the band from the lowest to the highest ``y`` in each of ``width`` bins.

    At ``width`` pixels a line through 10,000 noisy losses is a solid band anyway;
    filling that band draws ten times faster than stroking the zigzag.
    """
    per_bin = len(y) // width
    m = per_bin * width
    bins = y[:m].reshape(width, per_bin)
    x = np.arange(1, m + 1).reshape(width, per_bin).mean(axis=1)
    low, high = np.fmin.reduce(bins, axis=1), np.fmax.reduce(bins, axis=1)  # skip nan
    keep = np.isfinite(low) & np.isfinite(high)
    x, low, high = x[keep], low[keep], high[keep]
    return np.concatenate([np.column_stack([x, high]), np.column_stack([x, low])[::-1]])


def _loss_curve(run):
    """The run's losses as float64 with inf/nan as nan (drawn as a gap), and their moving average.

    Kept with the run and extended by the new iterations only: a long run (100,000
    iterations at batch 1) would otherwise be converted and averaged anew for every frame.
    """
    losses = run.losses
    loss, smoothed = getattr(run, "_curve", None) or (np.empty(0), np.empty(0))
    done = len(loss)
    if done > len(losses):  # (not this run's lists: start over)
        loss, smoothed, done = np.empty(0), np.empty(0), 0
    if done < len(losses):
        new = np.asarray(losses[done:], dtype=np.float64)
        new[~np.isfinite(new)] = np.nan
        loss = np.concatenate([loss, new])
        # The averages of the new iterations need the SMOOTH_WINDOW - 1 losses before them.
        context = loss[max(0, done - (SMOOTH_WINDOW - 1)) :]
        smoothed = np.concatenate([smoothed, smooth(context, SMOOTH_WINDOW)[-len(new) :]])
        run._curve = (loss, smoothed)
    return loss, smoothed


class Curves:
    """Loss per iteration (left) and train/test accuracy per epoch (right), for all runs.

    ``png(run, past)`` draws the current ``run`` in full colour over the ``past``
    runs (faded, with their settings in the legend). The axes grow in round steps
    (1, 2, 2.5, 5 x 10^k) as the runs get longer, so they rarely change.

    width, height: the size the page shows, in CSS pixels; font: text size in points
    (ticks and legend one point smaller); scale: image pixels per CSS pixel (2 for a
    sharp picture on a high-density screen, 1 for the fastest live redraws).
    """

    def __init__(self, width=780, height=300, font=13, scale=1):
        self.font, self.scale = font, scale
        self.width_px, self.height_px = width * scale, height * scale
        dpi = 100 * scale
        self.fig = Figure(figsize=(width / 100, height / 100), dpi=dpi)
        FigureCanvasAgg(self.fig)
        ax, bx = self.ax_loss, self.ax_acc = self.fig.subplots(1, 2)
        f = self.font
        self.points = dpi / 72  # image pixels per point
        ax.set_xlabel(MESSAGES["iteration"], fontsize=f, labelpad=2)
        ax.set_title(MESSAGES["loss_title"], fontsize=f)
        bx.set_xlabel(MESSAGES["epoch"], fontsize=f, labelpad=2)
        bx.set_title(MESSAGES["accuracy_title"], fontsize=f)
        # Few ticks, so that large labels never run together; 20000 is written 20k.
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4 if font > 13 else 5, steps=[1, 2, 2.5, 5, 10]))
        ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
        bx.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
        bx.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        for a in (ax, bx):
            a.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
        for a, guess in ((ax, LOSS_OF_GUESSING), (bx, 0.1)):  # what guessing at random scores
            a.tick_params(labelsize=f - 1, pad=2)
            a.grid(alpha=0.3)
            a.axhline(guess, color="gray", linestyle=":", linewidth=1)
            a.annotate(MESSAGES["guessing"], (0.99, guess), xycoords=("axes fraction", "data"), ha="right",
                       va="bottom", fontsize=f - 1, color="gray")  # fmt: skip
        bx.set_ylim(0, 1)
        self.legend = None
        lw = 1.5 if font > 13 else 1.2
        # The current run's lines: animated=True keeps them out of the background.
        line = dict(animated=True, linewidth=lw)
        # The loss of each iteration: a line while short, a band (lowest to highest) when long.
        (self.raw,) = ax.plot([], [], alpha=0.3, **dict(line, linewidth=0.6 * lw))
        self.band = PolyCollection([], animated=True, alpha=0.3, linewidth=0)
        ax.add_collection(self.band)
        (self.smooth,) = ax.plot([], [], **dict(line, linewidth=1.8 * lw))
        (self.train,) = self.ax_acc.plot([], [], marker="o", markersize=3 * lw, **line)
        (self.test,) = self.ax_acc.plot([], [], marker="s", markersize=3 * lw, linestyle="--", **line)
        # Losses above the top of the axis: their highest value, written at the top edge.
        self.clipped = ax.text(0, 1, "", transform=ax.get_xaxis_transform(), ha="center", va="top",
                               fontsize=f - 1, color="#b00020", fontweight="bold", family=DIGITS_FONT,
                               animated=True, clip_on=False)  # fmt: skip
        self._past_lines = []
        self._key = None  # what the background shows; redrawn when this changes
        self._background = None
        self.backgrounds = 0  # full draws so far: to check how rarely they happen
        self._place_axes(legend_height=0)

    @property
    def width(self):
        """Image pixels across one axes (the curves are thinned to about two points per pixel)."""
        return max(int(self.ax_loss.get_position().width * self.width_px), 1)

    def png(self, run, past):
        """PNG bytes of the figure; ``run`` and ``past`` are session.Run objects."""
        return png(self.pixels(run, past))

    def pixels(self, run, past):
        """The figure as (H, W, 4) RGBA uint8 pixels (a copy: the next frame draws over the canvas)."""
        loss, smoothed = _loss_curve(run)
        key = self._layout(run, past, loss, smoothed)
        if key != self._key:
            self._draw_background(run, past, key)
        canvas = self.fig.canvas
        canvas.restore_region(self._background)
        width = self.width
        if len(loss) > 2 * width:
            self.raw.set_data([], [])
            self.band.set_verts([band(loss, width)])
        else:
            self.raw.set_data(np.arange(1, len(loss) + 1), loss)
            self.band.set_verts([])
        self.smooth.set_data(*thin(smoothed, width))
        evaluations = run.evaluations
        epochs = [e.epoch for e in evaluations]
        self.train.set_data(epochs, [e.train_acc for e in evaluations])
        self.test.set_data(epochs, [e.test_acc for e in evaluations])
        marker = len(evaluations) <= MAX_MARKERS  # many markers are slow to draw, and a line anyway
        self.train.set_marker("o" if marker else "")
        self.test.set_marker("s" if marker else "")
        artists = [self.band, self.raw, self.smooth, self.train, self.test]
        top = key[0][1]
        if len(loss) and np.nanmax(loss, initial=0.0) > top:  # a loss the axis cuts off: say how high
            i = int(np.nanargmax(loss))
            self.clipped.set_text(f"▲ {loss[i]:.1f}")
            self.clipped.set_x(min(max(i + 1, 0.06 * key[0][0]), 0.94 * key[0][0]))
            artists.append(self.clipped)
        for artist in artists:
            artist.axes.draw_artist(artist)
        return np.array(canvas.buffer_rgba())

    def _layout(self, run, past, loss, smoothed):
        """Axis limits and legend entries: the background's content.

        An axis that has become too short grows to twice what is needed (rounded), so
        that a growing run changes the axes, and so the background, only now and then.
        The loss axis fits the moving average; for a run that diverged it fits every
        loss, so that the blow-up is in the picture, not cut off above it.
        """
        iterations, epochs = max(run.iteration, MIN_ITERATIONS), max(run.trainer.epoch, MIN_EPOCHS)
        top = np.nanmax(smoothed, initial=0.0)
        if run.diverged_at:
            top = max(top, np.nanmax(loss, initial=0.0))
        run.loss_top = top  # kept for when it is a past run
        for old in past:
            iterations = max(iterations, old.iteration)
            epochs = max(epochs, old.trainer.epoch)
            top = max(top, old.loss_top)
        loss_top = math.ceil(max(2.5, 1.1 * top) * 2) / 2  # in steps of 0.5
        runs = tuple((id(r), r.label, r.color) for r in (*past, run))
        same_runs = self._key is not None and [r[0] for r in self._key[1]] == [r[0] for r in runs]
        if same_runs:  # the same runs, longer: grow if needed
            old_iterations, _, old_epochs = self._key[0]
            if iterations > old_iterations:
                iterations = nice_ceil(2 * iterations)
                # The epoch axis grows with it, to where these iterations will get at this
                # batch size: one new background for both, not one for each.
                ahead = iterations * run.trainer.epoch / max(run.iteration, 1)
                epochs = nice_ceil(max(epochs, ahead, old_epochs))
            else:
                iterations = old_iterations
                epochs = old_epochs if epochs <= old_epochs else nice_ceil(2 * epochs)
        else:  # other runs: fit them
            iterations, epochs = nice_ceil(iterations), nice_ceil(epochs)
        return (iterations, loss_top, epochs), runs

    def _place_axes(self, legend_height):
        """Margins in pixels from the font size: the titles above, tick labels, axis labels
        and ``legend_height`` pixels of legend below; no empty band under the legend."""
        pt, h, w = self.points, self.height_px, self.width_px
        top = 2.0 * self.font * pt
        bottom = (1.5 * (self.font - 1) + 1.5 * self.font) * pt + legend_height + 4 * self.scale
        left, right = 3.2 * (self.font - 1) * pt, 1.4 * (self.font - 1) * pt  # (room for "100" at the end)
        self.fig.subplots_adjust(left=left / w, right=1 - right / w, top=1 - top / h, bottom=bottom / h,
                                 wspace=(4.8 * (self.font - 1) * pt) / (w / 2))  # fmt: skip

    def _draw_background(self, run, past, key):
        (iterations, loss_top, epochs), _ = key
        for line in self._past_lines:
            line.remove()
        self._past_lines = []
        ax, bx = self.ax_loss, self.ax_acc
        self._place_legend(run, past)
        width = self.width
        for old in past:
            loss, smoothed = _loss_curve(old)
            # The noise of its losses too, fainter still: a band if long, else a line.
            if len(loss) > 2 * width:
                band_of_old = PolyCollection([band(loss, width)], color=old.color, alpha=FAINT / 2)
                self._past_lines.append(ax.add_collection(band_of_old))
            else:
                n = np.arange(1, len(loss) + 1)
                self._past_lines += ax.plot(n, loss, color=old.color, alpha=FAINT / 2, linewidth=0.6)
            x, y = thin(smoothed, width)
            self._past_lines += ax.plot(
                x, y, color=old.color, alpha=FAINT, linewidth=self.raw.get_linewidth() * 2
            )
            e = old.evaluations
            ep = [v.epoch for v in e]
            self._past_lines += bx.plot(ep, [v.train_acc for v in e], color=old.color, alpha=FAINT)
            self._past_lines += bx.plot(
                ep, [v.test_acc for v in e], color=old.color, alpha=FAINT, linestyle="--"
            )
        for artist in (self.band, self.raw, self.smooth, self.train, self.test):
            artist.set_color(run.color)
        self.band.set_linewidth(0)
        ax.set(xlim=(0, iterations), ylim=(0, loss_top))
        bx.set_xlim(0, epochs)
        canvas = self.fig.canvas
        canvas.draw()
        self._background = canvas.copy_from_bbox(self.fig.bbox)
        self._key = key
        self.backgrounds += 1

    def _place_legend(self, run, past):
        """The legend under the axes, in as many columns as fit the figure's width, at most a
        quarter of its height (in smaller type if it must)."""
        handles = [Line2D([], [], color=r.color, alpha=FAINT, linewidth=2) for r in past]
        handles.append(Line2D([], [], color=run.color, linewidth=2))
        labels = [r.label for r in past] + [MESSAGES["now"].format(label=run.label)]
        renderer = self.fig.canvas.get_renderer()
        for font in range(self.font - 1, 6, -1):
            for columns in range(min(3, len(labels)), 0, -1):
                if self.legend is not None:
                    self.legend.remove()
                self.legend = self.fig.legend(
                    handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0), ncol=columns,
                    fontsize=font, frameon=False, columnspacing=1.2, handlelength=1.5,
                    borderaxespad=0.2, borderpad=0.2, labelspacing=0.3,
                )  # fmt: skip
                box = self.legend.get_window_extent(renderer)
                if box.width <= 0.98 * self.width_px:
                    break
            if box.height <= 0.25 * self.height_px:
                break
        self._place_axes(box.height)


def _thousands(value, _position):
    """Tick labels of the iteration axis: 500, 1k, 2.5k, 20k."""
    return f"{value / 1000:g}k" if value >= 1000 else f"{value:g}"


class Weights:
    """The first-layer weights of the first ``units`` hidden units as 28x28 tiles, over a colour bar.

    ``png(W1)``, W1: (784, hidden). Each tile is the column of one hidden unit: the image
    that excites it most. Red is a positive weight, blue a negative one, white zero,
    each tile scaled to its own largest |w| (the colour bar says so). A ruined (nan)
    weight shows grey. zoom: CSS pixels per weight; scale: image pixels per CSS pixel.
    """

    GAP = 1  # CSS pixels between tiles

    def __init__(self, units=16, columns=8, zoom=2, scale=2, font=13):
        self.units, self.columns, self.zoom, self.scale, self.font = units, columns, zoom, scale, font
        self._bars = {}  # colour bars by width in pixels (and limit), drawn once each

    def png(self, W1):
        return png(self.pixels(W1))

    def _scaled(self, tiles):
        """tiles (units, 28, 28) -> values in [0, 1] (0.5 is zero), and the colour bar's limit
        (None: each tile has its own)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            scale = np.abs(tiles).max(axis=(1, 2), keepdims=True)
            return 0.5 + 0.5 * tiles / np.where(scale > 0, scale, 1.0), None  # [-max, max] -> [0, 1]

    def pixels(self, W1):
        """(H, W, 3) uint8: the tiles, then the colour bar under them."""
        units = min(self.units, W1.shape[1])
        tiles = np.asarray(W1[:, :units], dtype=np.float64).T.reshape(units, 28, 28)
        tiles, limit = self._scaled(tiles)
        rgb = (CMAP(np.ma.masked_invalid(tiles))[..., :3] * 255).astype(np.uint8)  # (units, 28, 28, 3)
        z, gap = self.zoom * self.scale, self.GAP * self.scale
        columns = min(self.columns, units)
        rows = -(-units // columns)
        step = 28 * z + gap
        tiles_w = columns * step - gap
        bar = self._bar(max(tiles_w, self.columns * step - gap), limit)
        width = max(tiles_w, bar.shape[1])
        mosaic = np.full((rows * step + bar.shape[0], width, 3), 255, dtype=np.uint8)
        big = rgb.repeat(z, axis=1).repeat(z, axis=2)
        for i in range(units):
            r, c = divmod(i, columns)
            mosaic[r * step : r * step + 28 * z, c * step : c * step + 28 * z] = big[i]
        mosaic[rows * step :, : bar.shape[1]] = bar
        return mosaic

    def _bar(self, width, limit=None):
        """The colour bar, ``width`` pixels wide: blue (negative), white (0), red (positive),
        from -limit to +limit, or from -max |w| to +max |w| of each tile (limit None)."""
        key = (width, limit)
        if key not in self._bars:
            dpi = 100 * self.scale
            height = int(2.6 * self.font * dpi / 72)
            fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
            FigureCanvasAgg(fig)
            ax = fig.add_axes((0.18, 0.62, 0.64, 0.3))  # room for the end labels
            ax.imshow(np.linspace(0, 1, 256)[None, :], cmap=CMAP, aspect="auto", extent=(-1, 1, 0, 1))
            ax.set_yticks([])
            ends = ("−max|w|", "+max|w|") if limit is None else (f"−{limit:g}", f"+{limit:g}")
            ax.set_xticks([-1, 0, 1], [ends[0], "0", ends[1]], fontsize=self.font - 1)
            ax.tick_params(length=2, pad=1)
            fig.canvas.draw()
            self._bars[key] = np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()
        return self._bars[key]


class Strokes(Weights):
    """What the first ``units`` hidden units have learned: W1 - W1(start of the run), as tiles.

    ``png(change)``, change: (784, hidden) = W1 - W1_start. The starting weights are
    Gaussian noise (std 0.01) that training hardly changes, so the raw weights look like
    noise; their change shows the strokes each unit has come to respond to. One colour
    scale for all tiles, symmetric around 0 (white), red +, blue -, from -limit to
    +limit, where limit is the largest |change| rounded up to 1, 2, 2.5 or 5 x 10^k (so
    the colour bar rarely changes). Before any training: all white.
    """

    def _scaled(self, tiles):
        largest = np.nanmax(np.abs(tiles), initial=0.0)
        limit = nice_ceil(largest) if largest > 0 else 0.01
        return 0.5 + 0.5 * np.clip(tiles / limit, -1, 1), limit


CMAP = colormaps["RdBu_r"].with_extremes(bad="0.6")


class Predictions:
    """A grid of test digits, each under the label the network predicts; mistakes in red.

    images: (n, 784) pixels (uint8 or float); labels: (n,) true digits. The grid is
    put together from pixels: the digits, and the labels 0-9 in black and in red,
    which matplotlib draws once, here; so a new picture costs next to nothing.
    zoom: CSS pixels per pixel of a digit; scale: image pixels per CSS pixel.
    """

    WRONG = (255, 205, 205)  # the background of a mistake: pink

    def __init__(self, images, labels, columns=10, zoom=2, scale=2):
        self.labels = np.asarray(labels)
        n = len(self.labels)
        self.columns, self.rows = columns, -(-n // columns)
        self.zoom = z = zoom * scale  # image pixels per pixel of a digit
        # A cell: the label above the digit, a margin, then a white gutter to the next cell.
        self.gutter = z
        self.cell_w, self.label_h = (28 + 2) * z + self.gutter, 10 * z
        self.cell_h = self.label_h + (28 + 2) * z + self.gutter
        x = np.asarray(images, dtype=np.float64).reshape(n, 28, 28)
        ink = (255 * (1 - x / x.max())).astype(np.uint8)  # dark digits on white
        self.digits = ink.repeat(z, axis=1).repeat(z, axis=2)[..., None]  # (n, 28z, 28z, 1)
        size = 0.75 * self.label_h * 72 / 100  # points at 100 dpi: three quarters of the label's height
        width = self.cell_w - self.gutter
        self.glyphs = {False: _glyphs(width, self.label_h, "black", (255, 255, 255), size),
                       True: _glyphs(width, self.label_h, "red", self.WRONG, size)}  # fmt: skip
        self.shown = None  # the predictions in the last picture

    def png(self, predicted):
        """PNG bytes of the grid labelled with ``predicted`` (n,) digits."""
        self.shown = np.array(predicted)
        grid = np.full((self.rows * self.cell_h - self.gutter, self.columns * self.cell_w - self.gutter, 3),
                       255, dtype=np.uint8)  # fmt: skip
        for i, (p, t) in enumerate(zip(self.shown, self.labels, strict=True)):
            r, c = divmod(i, self.columns)
            top, left = r * self.cell_h, c * self.cell_w
            cell = grid[top : top + self.cell_h - self.gutter, left : left + self.cell_w - self.gutter]
            wrong = bool(p != t)
            if wrong:
                cell[:] = self.WRONG
            cell[: self.label_h] = self.glyphs[wrong][p]
            z = self.zoom
            digit = cell[self.label_h : self.label_h + 28 * z, z : 29 * z]
            digit[:] = np.minimum(digit, self.digits[i])  # ink over the background
        return png(grid)


def _glyphs(width, height, color, background, size):
    """The digits 0-9 as (height, width, 3) uint8 pictures, drawn once by matplotlib."""
    dpi = 100
    fig = Figure(figsize=(10 * width / dpi, height / dpi), dpi=dpi, facecolor=np.array(background) / 255)
    FigureCanvasAgg(fig)
    for d in range(10):
        fig.text((d + 0.5) / 10, 0.45, str(d), ha="center", va="center", color=color,
                 fontsize=size, fontweight="bold", family=DIGITS_FONT)  # fmt: skip
    fig.canvas.draw()
    strip = np.asarray(fig.canvas.buffer_rgba())[..., :3]
    return [strip[:, d * width : (d + 1) * width].copy() for d in range(10)]
