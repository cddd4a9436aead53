"""A drawn digit made to look like an MNIST digit, so the network can read it.

MNIST's digits were made from scanned handwriting in three steps (LeCun et al.):

1. the ink's bounding box is scaled, keeping its aspect ratio, to fit a 20x20 box;
2. anti-aliased: each new pixel is the average of the ink it covers (grey edges);
3. placed in a 28x28 image so that its centre of mass lies at the centre, pixel (14, 14).

A network trained on MNIST has only seen digits made this way: a digit drawn small, in
a corner, or with hard black-and-white edges looks to it like nothing it knows.
``preprocess`` repeats the three steps on any picture of one digit; ``rasterize`` draws
pen strokes (what the drawing pad records) as such a picture. numpy only.
"""

import numpy as np

from nnlib.i18n import catalog

SIZE = 28  # MNIST's images are SIZE x SIZE
BOX = 20  # the digit's longer side after scaling
CENTRE = 14.0  # where MNIST's centres of mass lie (row, column), in pixel indices
INK = 0.05  # a pixel with more ink than this (of 1) belongs to the digit's bounding box

CANVAS = 280  # the drawing pad's side, in pixels: 10 per MNIST pixel
PEN_WIDTH = 22.0  # pixels on the pad: after scaling to 20x20, about MNIST's stroke width

MESSAGES = catalog("digits", {
    "no_ink": ("the picture has no ink: draw a digit first",
               "画像に何も描かれていません。先に数字を描いてください"),
    "not_2d": ("expected a 2-D picture (height, width), got shape {shape}",
               "2 次元の画像 (高さ, 幅) を渡してください（形状 {shape} が渡されました）"),
    "not_numbers": ("expected numbers for the pixels, got dtype {dtype}",
                    "画素の値は数にしてください（dtype {dtype} が渡されました）"),
    "not_finite": ("the picture has NaN or infinite pixels",
                   "画像に NaN か無限大の画素があります"),
    "out_of_range": ("pixels must lie in 0..1 (ink = 1) or be uint8 0..255; got {low:g}..{high:g}",
                     "画素の値は 0..1（インクが 1）か、uint8 の 0..255 にしてください"
                     "（{low:g}..{high:g} が渡されました）"),
    "bad_stroke": ("stroke {number}: expected a list of (x, y) points, got shape {shape}",
                   "ストローク {number}: (x, y) の点のリストを渡してください（形状 {shape} が渡されました）"),
    "stroke_not_finite": ("stroke {number}: a point is NaN or infinite",
                          "ストローク {number}: NaN か無限大の点があります"),
})  # fmt: skip


def has_ink(image):
    """True when some pixel of ``image`` (2-D, 0..1) has more ink than ``INK``."""
    return bool(np.any(np.asarray(image) > INK))


def _as_ink(image):
    """A 2-D picture -> float64 (H, W) in 0..1; uint8 is read as 0..255."""
    image = np.asarray(image)
    if image.ndim != 2 or min(image.shape) < 1:
        raise ValueError(MESSAGES["not_2d"].format(shape=image.shape))
    if image.dtype == np.uint8:
        return image / 255.0
    if not np.issubdtype(image.dtype, np.number) or np.issubdtype(image.dtype, np.complexfloating):
        raise ValueError(MESSAGES["not_numbers"].format(dtype=image.dtype))
    image = image.astype(np.float64)
    if not np.all(np.isfinite(image)):
        raise ValueError(MESSAGES["not_finite"])
    if image.min() < 0 or image.max() > 1:
        raise ValueError(MESSAGES["out_of_range"].format(low=image.min(), high=image.max()))
    return image


def resample_matrix(n_in, n_out):
    """(n_out, n_in) float64 weights that resize a row of ``n_in`` pixels to ``n_out``.

    Shrinking averages the area each new pixel covers (anti-aliasing: a new pixel half
    on the ink is grey); enlarging interpolates linearly between pixel centres. Each row
    of weights sums to 1, so a uniform picture stays uniform.
    """
    scale = n_out / n_in
    if n_out <= n_in:  # area averaging: overlap of [i, i+1)/scale with each [j, j+1)
        edges = np.arange(n_out + 1) / scale
        left, right = edges[:-1, None], edges[1:, None]
        j = np.arange(n_in)[None, :]
        overlap = np.clip(np.minimum(right, j + 1) - np.maximum(left, j), 0, None)
    else:  # linear interpolation at the new pixels' centres, clamped at the borders
        centres = np.clip((np.arange(n_out) + 0.5) / scale - 0.5, 0, n_in - 1)
        overlap = np.clip(1 - np.abs(centres[:, None] - np.arange(n_in)[None, :]), 0, None)
    return overlap / overlap.sum(axis=1, keepdims=True)


def resize(image, height, width):
    """(H, W) -> (height, width) float64, by ``resample_matrix`` along each axis."""
    return resample_matrix(image.shape[0], height) @ image @ resample_matrix(image.shape[1], width).T


def centre_of_mass(image):
    """(row, column) of the ink's centre of mass, in pixel indices; image (H, W)."""
    image = np.asarray(image, dtype=np.float64)
    total = image.sum()
    rows, cols = np.arange(image.shape[0]), np.arange(image.shape[1])
    return float(image.sum(axis=1) @ rows / total), float(image.sum(axis=0) @ cols / total)


def bounding_box(image, threshold=INK):
    """(top, bottom, left, right), bottom and right exclusive, of the pixels > threshold."""
    rows = np.flatnonzero(np.any(image > threshold, axis=1))
    cols = np.flatnonzero(np.any(image > threshold, axis=0))
    return rows[0], rows[-1] + 1, cols[0], cols[-1] + 1


def preprocess(image):
    """A picture of one digit -> the network's input, made as MNIST's digits were.

    image: (H, W), ink 1 on background 0: float in 0..1, or uint8 0..255 (like
           MNIST's raw pixels). Any size; the pad's is 280 x 280.
    Returns (784,) float32 in 0..1, like one row of ``load_mnist(normalize=True)``:
    the ink's bounding box scaled to fit 20x20 (aspect ratio kept, anti-aliased),
    moved by whole pixels so that its centre of mass lies within half a pixel of
    (14, 14), as in MNIST. A digit so lopsided that centring would push ink out of
    the picture is moved only as far as it stays whole.
    Raises ValueError for a picture without ink ("draw a digit first").
    """
    image = _as_ink(image)
    if not has_ink(image):
        raise ValueError(MESSAGES["no_ink"])
    top, bottom, left, right = bounding_box(image)
    digit = image[top:bottom, left:right]
    scale = BOX / max(digit.shape)
    height = max(1, round(digit.shape[0] * scale))
    width = max(1, round(digit.shape[1] * scale))
    digit = np.clip(resize(digit, height, width), 0, 1)

    row, col = centre_of_mass(digit)
    top = int(np.clip(round(CENTRE - row), 0, SIZE - height))
    left = int(np.clip(round(CENTRE - col), 0, SIZE - width))
    out = np.zeros((SIZE, SIZE), dtype=np.float32)
    out[top : top + height, left : left + width] = digit
    return out.reshape(SIZE * SIZE)


def rasterize(strokes, size=CANVAS, pen_width=PEN_WIDTH):
    """Pen strokes -> the picture they draw: (size, size) float64, ink 1 on 0.

    strokes: a list of strokes, each a list of (x, y) points in pixels (x to the
             right, y down, as on a canvas), joined by straight lines drawn with a
             round pen ``pen_width`` pixels wide; a stroke of one point is a dot.
    Edges are anti-aliased: a pixel's ink falls from 1 to 0 over the pen's last pixel.
    """
    canvas = np.zeros((size, size))
    radius = pen_width / 2
    for number, stroke in enumerate(strokes):
        points = np.asarray(stroke, dtype=np.float64)
        if points.ndim != 2 or points.shape[0] == 0 or points.shape[1] != 2:
            raise ValueError(MESSAGES["bad_stroke"].format(number=number, shape=points.shape))
        if not np.all(np.isfinite(points)):
            raise ValueError(MESSAGES["stroke_not_finite"].format(number=number))
        ends = np.concatenate([points[:-1], points[1:]], axis=1) if len(points) > 1 else np.tile(points, 2)
        for x0, y0, x1, y1 in ends:
            _draw_segment(canvas, x0, y0, x1, y1, radius)
    return canvas


def _draw_segment(canvas, x0, y0, x1, y1, radius):
    """Ink every pixel of ``canvas`` near the segment (x0, y0)-(x1, y1); in place."""
    size = canvas.shape[0]
    # only the pixels the pen can reach: the segment's bounding box widened by the pen
    c0 = int(max(0, np.floor(min(x0, x1) - radius - 1)))
    c1 = int(min(size, np.ceil(max(x0, x1) + radius + 1)))
    r0 = int(max(0, np.floor(min(y0, y1) - radius - 1)))
    r1 = int(min(size, np.ceil(max(y0, y1) + radius + 1)))
    if c0 >= c1 or r0 >= r1:
        return  # off the canvas
    y, x = np.mgrid[r0:r1, c0:c1] + 0.5  # pixel centres
    dx, dy = x1 - x0, y1 - y0
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else np.clip(((x - x0) * dx + (y - y0) * dy) / length2, 0, 1)
    distance = np.hypot(x - (x0 + t * dx), y - (y0 + t * dy))
    ink = np.clip(radius + 0.5 - distance, 0, 1)
    np.maximum(canvas[r0:r1, c0:c1], ink, out=canvas[r0:r1, c0:c1])
