"""The drawing pad in a real browser: headless Chromium draws digits with the mouse.

A throwaway notebook shows ``DigitPad`` with a network trained by the slides' recipe.
Chromium presses the mouse on the pad's canvas and draws, with mouse events, the same
strokes the unit tests rasterise in Python (tests/draw_support.py): the probabilities
must appear while the pen is still down, change with the drawing, and the network must
read at least 8 of the 10 digits. In JupyterLab 4 and in Notebook 7.
Screenshots go to test-artifacts/browser/.

Needs Debian's Chromium (``apt-get install chromium``; or set ``NNLIB_CHROMIUM``) and
the full MNIST; without Chromium the test is skipped, unless ``NNLIB_REQUIRE_BROWSER=1``.
"""

import json
import re

import numpy as np
import pytest
from browser_support import (
    JupyterServer,
    LabPage,
    wait_until,
)
from draw_support import DIGIT_STROKES, slides_network

from nnlib.digits import CANVAS

NOTEBOOK = "draw.ipynb"
CELLS = [
    "import numpy as np\n"
    "from nnlib.draw import DigitPad\n"
    "from nnlib.two_layer_net import TwoLayerNet\n"
    "network = TwoLayerNet(784, 50, 10, dtype=np.float32)\n"
    "with np.load('weights.npz', allow_pickle=False) as weights:\n"
    "    network.params = {key: weights[key] for key in weights.files}",
    "pad = DigitPad(network)\npad",
]
READS = re.compile(r"reads (\d)")


@pytest.fixture(scope="module")
def folder(tmp_path_factory, full_mnist):
    """A folder with the pad's notebook and the weights of a network trained by the slides' recipe."""
    (x_train, t_train), _ = full_mnist
    network = slides_network(x_train, t_train)
    folder = tmp_path_factory.mktemp("draw")
    np.savez(folder / "weights.npz", **network.params)
    cells = [{"cell_type": "code", "metadata": {}, "source": source, "outputs": [], "execution_count": None}
             for source in CELLS]  # fmt: skip
    notebook = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                "language": "python"}}, "nbformat": 4, "nbformat_minor": 5}  # fmt: skip
    (folder / NOTEBOOK).write_text(json.dumps(notebook))
    return folder


# Notebook 7.6 itself raises this when run-all starts, with any notebook (one holding
# only print(1) too): its keyboard-shortcuts plugin reads the settings schema of a plugin
# it does not have. Only this error, thrown from Notebook's own bundle, is let through.
NOTEBOOK7_OWN_ERROR = "Cannot read properties of undefined (reading 'schema')"
NOTEBOOK7_BUNDLE = "/static/notebook/notebook_core."


def page_errors(errors):
    """The page's uncaught errors (message, stack) less Notebook 7's own known one."""

    def notebooks_own(message, stack):
        frames = [line for line in stack.splitlines()[1:] if "http" in line]
        return message == NOTEBOOK7_OWN_ERROR and frames and all(NOTEBOOK7_BUNDLE in f for f in frames)

    return [message for message, stack in errors if not notebooks_own(message, stack)]


def open_pad(chromium, server, url):
    """A page on ``url`` with the notebook's cells run; returns (context, LabPage, the pad's locator)."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    lab = LabPage(page, server)
    lab.error_stacks = []
    page.on("pageerror", lambda error: lab.error_stacks.append((error.message, error.stack or "")))
    page.goto(url, timeout=90_000)
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=90_000)
    wait_until(lambda: (s := lab.state()) and s["path"] == NOTEBOOK and s["kernel"] == "idle", 90,
               lambda: f"{NOTEBOOK} to open with an idle kernel; seen: {lab.state_summary()}")  # fmt: skip
    lab.run_all_cells()
    pad = page.locator(".nnlib-digitpad").first
    pad.wait_for(timeout=30_000)
    return context, lab, pad


def draw(page, canvas, strokes, hold=False):
    """Draw ``strokes`` (canvas pixels) with the mouse; with ``hold`` the last stays pressed."""
    box = canvas.bounding_box()
    scale = box["width"] / CANVAS

    def at(x, y):
        return box["x"] + x * scale, box["y"] + y * scale

    for number, stroke in enumerate(strokes):
        page.mouse.move(*at(*stroke[0]))
        page.mouse.down()
        for x, y in stroke[1:]:
            page.mouse.move(*at(x, y), steps=4)
        if not (hold and number == len(strokes) - 1):
            page.mouse.up()


def draw_by_touch(page, canvas, strokes):
    """Draw ``strokes`` with a finger: real touch events, through Chromium's DevTools protocol."""
    box = canvas.bounding_box()
    scale = box["width"] / CANVAS
    cdp = page.context.new_cdp_session(page)
    try:
        for stroke in strokes:
            points = np.asarray(stroke, dtype=float)
            # four touch moves per segment, as a moving finger makes
            moves = [np.linspace(a, b, 5)[1:] for a, b in zip(points[:-1], points[1:], strict=True)]
            for number, (x, y) in enumerate(np.concatenate([points[:1], *moves])):
                point = {"x": box["x"] + x * scale, "y": box["y"] + y * scale}
                kind = "touchStart" if number == 0 else "touchMove"
                cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [point]})
            cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    finally:
        cdp.detach()


def bars(pad):
    """The ten percentages the bars show, as text ('' before anything is drawn)."""
    return pad.locator(".nnlib-pad-value").all_inner_texts()


def settled(page, pad):
    """The bars' texts once all ten show a value and they stay the same for half a second
    (the drawing sent when the pen lifts is the last one answered)."""
    wait_until(lambda: all(bars(pad)), 10, lambda: f"ten percentages; seen {bars(pad)}")
    shown, before = bars(pad), None
    while shown != before:
        page.wait_for_timeout(500)
        before, shown = shown, bars(pad)
    return shown


def preview_ink(pad):
    """How many of the preview's 784 pixels are darker than white."""
    return pad.locator(".nnlib-pad-preview").evaluate(
        """c => { const d = c.getContext('2d').getImageData(0, 0, 28, 28).data;
                  let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 255) n++; return n; }"""
    )


def check_pad(chromium, server, url, name):
    context, lab, pad = open_pad(chromium, server, url)
    page = lab.page
    try:
        canvas = pad.locator("canvas.nnlib-pad-canvas")
        status = page.locator(".nnlib-pad-status").first
        assert "Draw a digit" in status.inner_text(), status.inner_text()
        assert bars(pad) == [""] * 10 and preview_ink(pad) == 0

        # A "1", the pen still down: the probabilities come while drawing (throttled), and
        # already for the whole line: lifting the pen changes nothing.
        draw(page, canvas, DIGIT_STROKES[1], hold=True)
        held = settled(page, pad)
        page.mouse.up()
        after_one = settled(page, pad)
        assert held == after_one, f"pen down the bars showed {held}, lifted {after_one}"
        one = READS.search(status.inner_text()).group(1)
        assert preview_ink(pad) > 20, "the 28x28 preview stays blank after drawing a 1"
        lab.screenshot(pad, f"draw-{name}-1")

        # Each digit in turn, after Clear: the bars change, the network reads the digits.
        read = {}
        for digit, strokes in DIGIT_STROKES.items():
            pad.locator(".nnlib-pad-clear").click()
            wait_until(lambda: "Draw a digit" in status.inner_text(), 10, "Clear to empty the pad")
            draw(page, canvas, strokes)
            shown = settled(page, pad)
            read[digit] = int(READS.search(status.inner_text()).group(1))
            if digit == 7:
                lab.screenshot(pad, f"draw-{name}-7")
            if digit != 1:
                assert shown != after_one, f"the bars did not change from the 1 to a {digit}: {shown}"
        score = sum(read[d] == d for d in read)
        print(f"{name}: the network read {score} of 10 mouse-drawn digits: {read} (the first 1: {one})")
        assert score >= 8, f"the network read only {score} of 10 drawn digits: {read}"

        # With a finger: touch events are pointer events too, and the page does not scroll.
        pad.locator(".nnlib-pad-clear").click()
        wait_until(lambda: "Draw a digit" in status.inner_text(), 10, "Clear to empty the pad")
        top = canvas.bounding_box()["y"]
        draw_by_touch(page, canvas, DIGIT_STROKES[7])
        settled(page, pad)
        assert READS.search(status.inner_text()).group(1) == "7", f"a 7 by touch: {status.inner_text()!r}"
        assert canvas.bounding_box()["y"] == top, "drawing with a finger scrolled the page"
        lab.screenshot(pad, f"draw-{name}-touch-7")

        # Python saw the same drawing: the kernel's pad holds the 7's strokes.
        output = lab.run_new_cell("print('pad reads', pad.prediction, 'from', len(pad.strokes), 'strokes')")
        wait_until(lambda: f"pad reads 7 from {len(DIGIT_STROKES[7])} strokes" in output.inner_text(),
                   20, lambda: f"the kernel's reading; seen {output.inner_text()!r}")  # fmt: skip
        assert not lab.errors(), lab.errors()
        assert not page_errors(lab.error_stacks), f"JavaScript errors in the page: {lab.error_stacks}"
    finally:
        context.close()


@pytest.mark.parametrize(("app", "label"), [("lab", "lab"), ("notebook", "notebook7")])
def test_draw_digits(chromium, folder, app, label):
    """In JupyterLab 4 and in Notebook 7 (a test tool: `notebook` is in the test extra)."""
    with JupyterServer(folder, app) as server:
        check_pad(chromium, server, server.notebook_url(NOTEBOOK), label)
