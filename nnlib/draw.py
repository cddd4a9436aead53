"""Draw your own digit: a pad on which a student draws, and the network reads it live.

    pad = DigitPad(network)   # any TwoLayerNet, or anything with predict(x)
    pad                       # shows it in the notebook

Left, a canvas to draw on with the mouse, a pen or a finger, and a Clear button; in
the middle, the 28x28 picture the network is given (the drawing made MNIST-like by
``nnlib.digits.preprocess``); right, the network's ten probabilities as bars. They
follow the pen while the student draws.

How it works: an anywidget (a small ES module in this file, no build step). The
browser records the pen's strokes as lists of (x, y) points and sends them to Python
at most every ``THROTTLE_MS`` while the pen moves, and once more when it lifts.
Python draws the strokes (``nnlib.digits.rasterize``, the same round pen the canvas
shows), preprocesses them, asks the network, and sends back the probabilities and the
28x28 picture. Python does all the numbers, so ``pad.draw(strokes)`` from code gives
exactly what the same strokes drawn by hand give.

Where the canvas cannot be shown (a viewer without Jupyter widgets, such as a
notebook rendered as a static page), the pad's text says so instead.
"""

import anywidget
import numpy as np
import traitlets

from nnlib import digits
from nnlib.i18n import catalog

THROTTLE_MS = 120  # at most one drawing sent to Python per this many ms while drawing

# Every sentence the pad shows, in English and Japanese. A pad takes them in the language
# of the moment it is made (the browser's are sent to it once, as the trait ``messages``).
MESSAGES = catalog("draw", {
    "empty": ("Draw a digit in the box, with the mouse or a finger.",
              "枠の中に数字を 1 つ、マウスか指で描いてください。"),
    "reads": ("The network reads {digit} ({percent} %).",
              "ネットワークは {digit} と読みました（{percent} %）。"),
    "clear": ("Clear",
              "消す"),
    "canvas_label": ("Draw one digit here",
                     "ここに数字を 1 つ描いてください"),
    "preview_title": ("What the network sees (28 × 28)",
                      "ネットワークへの入力 (28 × 28)"),
    "bars_title": ("The network's probabilities",
                   "ネットワークが出した確率"),
    "failed": ("The network could not read the drawing: {error}",
               "ネットワークが絵を読み取れませんでした: {error}"),
    "no_canvas": ("This browser cannot show a drawing canvas.",
                  "このブラウザでは、絵を描くためのキャンバスを表示できません。"),
    "text_only": (
        "DigitPad: a pad to draw a digit on, which the network reads live. It appears when this "
        "cell runs in a notebook that shows Jupyter widgets (JupyterLab 4, Notebook 7, VS Code, "
        "Google Colab).",
        "DigitPad: 数字を描くと、ネットワークがその場で読み取るパッドです。Jupyter のウィジェットを"
        "表示できるノートブック（JupyterLab 4、Notebook 7、VS Code、Google Colab）でこのセルを実行すると"
        "表示されます。"),
})  # fmt: skip

# Why a network is refused: raised to the code that gives it, or shown as the status "failed"
ERRORS = catalog("draw.errors", {
    "no_predict": ("DigitPad needs a network with a predict(x) method (such as TwoLayerNet), "
                   "or a function that returns one; got {kind}",
                   "DigitPad には、predict(x) メソッドを持つネットワーク（TwoLayerNet など）か、"
                   "それを返す関数を渡してください（{kind} が渡されました）"),
    "wrong": ("the network's predict should turn (1, 784) images into (1, 10) probabilities, but {problem}: "
              "is it a network for 28x28 MNIST digits (input_size=784, output_size=10)?",
              "ネットワークの predict は (1, 784) の画像を (1, 10) の確率にするはずですが、{problem}。"
              "28x28 の MNIST の数字のためのネットワーク"
              "（input_size=784, output_size=10）になっていますか？"),
    "raised": ("it raised: {error}",
               "エラーになりました: {error}"),
    "gave_shape": ("it gave shape {shape}",
                   "形状 {shape} が返りました"),
})  # fmt: skip

_ESM = """
function el(tag, className, parent) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (parent) parent.appendChild(node);
  return node;
}

function render({ model, el: root }) {
  const messages = model.get("messages");
  const size = model.get("canvas_size");
  const pad = el("div", "nnlib-digitpad", root);
  const row = el("div", "nnlib-pad-row", pad);

  const left = el("div", "nnlib-pad-left", row);
  const canvas = el("canvas", "nnlib-pad-canvas", left);
  canvas.width = size;
  canvas.height = size;
  canvas.setAttribute("aria-label", messages.canvas_label);
  const ctx = canvas.getContext && canvas.getContext("2d");
  if (!ctx) {
    pad.textContent = messages.no_canvas;
    return;
  }
  const clear = el("button", "nnlib-pad-clear jupyter-button", left);
  clear.textContent = messages.clear;

  const middle = el("div", "nnlib-pad-middle", row);
  el("div", "nnlib-pad-title", middle).textContent = messages.preview_title;
  const preview = el("canvas", "nnlib-pad-preview", middle);
  preview.width = 28;
  preview.height = 28;
  const previewCtx = preview.getContext("2d");

  const right = el("div", "nnlib-pad-right", row);
  el("div", "nnlib-pad-title", right).textContent = messages.bars_title;
  const bars = [];
  for (let digit = 0; digit < 10; digit++) {
    const bar = el("div", "nnlib-pad-bar", right);
    el("span", "nnlib-pad-digit", bar).textContent = digit;
    const track = el("span", "nnlib-pad-track", bar);
    const fill = el("span", "nnlib-pad-fill", track);
    const value = el("span", "nnlib-pad-value", bar);
    bars.push({ row: bar, fill, value });
  }
  const status = el("div", "nnlib-pad-status", pad);

  // --- drawing: the strokes are the truth; the canvas is redrawn from them ---
  let strokes = model.get("strokes").map(s => s.slice());
  let drawing = false;
  let timer = null;
  let lastSent = 0;

  function pen() {
    ctx.lineWidth = model.get("pen_width");
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#000";
    ctx.fillStyle = "#000";
  }
  function drawStroke(points) {
    pen();
    ctx.beginPath();
    ctx.moveTo(points[0][0], points[0][1]);
    if (points.length === 1) ctx.lineTo(points[0][0] + 0.01, points[0][1]);
    for (const [x, y] of points.slice(1)) ctx.lineTo(x, y);
    ctx.stroke();
  }
  function redraw() {
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, size, size);
    for (const points of strokes) if (points.length) drawStroke(points);
  }
  function send() {
    clearTimeout(timer);
    timer = null;
    lastSent = Date.now();
    model.set("strokes", strokes.map(s => s.slice()));
    model.save_changes();
  }
  function sendSoon() {  // throttled: at most one message per throttle_ms
    if (timer !== null) return;
    const wait = Math.max(0, model.get("throttle_ms") - (Date.now() - lastSent));
    timer = setTimeout(send, wait);
  }
  function point(event) {  // canvas pixels, whatever size the canvas is shown at
    const box = canvas.getBoundingClientRect();
    const x = (event.clientX - box.left) * size / box.width;
    const y = (event.clientY - box.top) * size / box.height;
    return [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
  }

  canvas.addEventListener("pointerdown", event => {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    drawing = true;
    strokes.push([point(event)]);
    redraw();
    sendSoon();
  });
  canvas.addEventListener("pointermove", event => {
    if (!drawing) return;
    const points = strokes[strokes.length - 1];
    const [x, y] = point(event);
    const [px, py] = points[points.length - 1];
    if (Math.hypot(x - px, y - py) < 2) return;  // fewer points, same line
    points.push([x, y]);
    pen();
    ctx.beginPath();
    ctx.moveTo(px, py);
    ctx.lineTo(x, y);
    ctx.stroke();
    sendSoon();
  });
  function lift() {
    if (!drawing) return;
    drawing = false;
    send();
  }
  canvas.addEventListener("pointerup", lift);
  canvas.addEventListener("pointercancel", lift);
  clear.addEventListener("click", () => {
    strokes = [];
    redraw();
    send();
  });

  // --- what Python sends back ---
  function showStrokes() {
    if (drawing) return;  // the pen's own strokes are newer
    strokes = model.get("strokes").map(s => s.slice());
    redraw();
  }
  function showPreview() {
    const values = model.get("preview");
    const image = previewCtx.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const shade = values.length ? 255 - values[i] : 255;  // ink dark, as in the notebooks
      image.data.set([shade, shade, shade, 255], 4 * i);
    }
    previewCtx.putImageData(image, 0, 0);
  }
  function showBars() {
    const p = model.get("probabilities");
    const best = p.length ? p.indexOf(Math.max(...p)) : -1;
    bars.forEach((bar, digit) => {
      const value = p.length ? p[digit] : 0;
      bar.fill.style.width = (100 * value).toFixed(1) + "%";
      bar.value.textContent = p.length ? (100 * value).toFixed(1) + " %" : "";
      bar.row.classList.toggle("nnlib-pad-best", digit === best);
    });
    status.textContent = model.get("status");
  }
  model.on("change:strokes", showStrokes);
  model.on("change:preview", showPreview);
  model.on("change:probabilities", showBars);
  model.on("change:status", showBars);
  redraw();
  showPreview();
  showBars();
  return () => clearTimeout(timer);
}

export default { render };
"""

_CSS = """
.nnlib-digitpad { font-size: 16px; color: var(--jp-ui-font-color1, #222); padding: 4px; }
.nnlib-pad-row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.nnlib-pad-left { display: flex; flex-direction: column; gap: 8px; align-items: flex-start; }
.nnlib-pad-canvas { width: 280px; max-width: 80vw; aspect-ratio: 1; border: 2px solid #888;
  border-radius: 4px; background: #fff; touch-action: none; cursor: crosshair; }
.nnlib-pad-clear { font-size: 16px; padding: 4px 16px; }
.nnlib-pad-middle { width: 172px; }
.nnlib-pad-title { font-weight: 600; margin-bottom: 8px; min-height: 2.6em; }
.nnlib-pad-preview { width: 168px; height: 168px; image-rendering: pixelated; border: 1px solid #888; }
.nnlib-pad-bar { display: flex; align-items: center; gap: 8px; height: 24px; }
.nnlib-pad-digit { width: 1em; text-align: right; font-variant-numeric: tabular-nums; }
.nnlib-pad-track { width: 200px; height: 16px; background: #eee; border-radius: 2px; overflow: hidden; }
.nnlib-pad-fill { display: block; height: 100%; width: 0; background: #9aa7b4; }
.nnlib-pad-best .nnlib-pad-fill { background: #1f77b4; }
.nnlib-pad-best { font-weight: 700; }
.nnlib-pad-value { width: 5em; font-variant-numeric: tabular-nums; }
.nnlib-pad-status { margin-top: 12px; font-size: 18px; }
"""


def _checked(network):
    """``network`` if its predict reads one (1, 784) image as (1, 10) probabilities."""
    if not callable(getattr(network, "predict", None)):
        raise TypeError(ERRORS["no_predict"].format(kind=type(network).__name__))
    try:
        y = np.asarray(network.predict(np.zeros((1, digits.SIZE**2), dtype=np.float32)))
    except ValueError as error:  # numpy's "shapes not aligned"
        problem = ERRORS["raised"].format(error=error)
        raise ValueError(ERRORS["wrong"].format(problem=problem)) from error
    if y.shape != (1, 10):
        raise ValueError(ERRORS["wrong"].format(problem=ERRORS["gave_shape"].format(shape=y.shape)))
    return network


class DigitPad(anywidget.AnyWidget):
    """A canvas to draw a digit on, the picture the network sees, and its probabilities.

    network: a ``TwoLayerNet`` (784 inputs, 10 outputs) or anything whose
             ``predict(x)`` turns x: (N, 784) float32 into (N, 10) probabilities; or
             a function of no arguments that returns such a network, asked at every
             drawing: ``DigitPad(lambda: dash.run.trainer.network)`` follows the
             dashboard's network, which Reset replaces. ``pad.network = other``
             switches. The pad reads the drawing again when it changes, or on
             ``pad.refresh()`` (say, after more training).

    What the browser and Python exchange (synchronised traits):
        strokes:       list of strokes, each a list of [x, y] canvas pixels (from the pen,
                       or from ``draw``); the canvas is ``canvas_size`` pixels square.
        probabilities: [] before anything is drawn, else 10 floats summing to 1.
        preview:       [] or 784 ints 0..255, the 28x28 input row by row (255 = ink).
        status:        the sentence under the pad.
    """

    _esm = _ESM
    _css = _CSS

    strokes = traitlets.List().tag(sync=True)
    probabilities = traitlets.List().tag(sync=True)
    preview = traitlets.List().tag(sync=True)
    status = traitlets.Unicode().tag(sync=True)
    messages = traitlets.Dict().tag(sync=True)  # the browser's texts (MESSAGES), in the pad's language
    canvas_size = traitlets.Int(digits.CANVAS).tag(sync=True)
    pen_width = traitlets.Float(digits.PEN_WIDTH).tag(sync=True)
    throttle_ms = traitlets.Int(THROTTLE_MS).tag(sync=True)

    @traitlets.default("status")
    def _status_default(self):  # made with the pad, so in the language chosen when it is made
        return MESSAGES["empty"]

    @traitlets.default("messages")
    def _messages_default(self):
        return dict(MESSAGES)

    def __init__(self, network, **kwargs):
        super().__init__(**kwargs)
        self.network = network
        self.observe(lambda _: self.refresh(), names="strokes")

    def __repr__(self):
        # the text a viewer without widgets shows in place of the pad
        return MESSAGES["text_only"]

    @property
    def network(self):
        """The network that reads the drawings (as given: a network or a function)."""
        return self._network

    @network.setter
    def network(self, network):
        if not hasattr(network, "predict") and callable(network):
            _checked(network())
        else:
            _checked(network)
        self._network = network
        self.refresh()

    def _current_network(self):
        network = self._network
        return network if hasattr(network, "predict") else _checked(network())

    @property
    def image(self):
        """The network's input for the current drawing: (784,) float32 in 0..1; None if blank."""
        picture = digits.rasterize(self.strokes, self.canvas_size, self.pen_width)
        return digits.preprocess(picture) if digits.has_ink(picture) else None

    @property
    def prediction(self):
        """The digit the network reads (the most probable), or None before drawing."""
        return int(np.argmax(self.probabilities)) if self.probabilities else None

    def draw(self, strokes):
        """Draw ``strokes`` (as the pen would: a list of lists of (x, y) canvas pixels)
        after what is drawn already; the canvas, picture and probabilities follow."""
        digits.rasterize(strokes, self.canvas_size, self.pen_width)  # refuse bad strokes here, clearly
        self.strokes = [*self.strokes, *([[float(x), float(y)] for x, y in s] for s in strokes)]

    def clear(self):
        """Wipe the canvas, as the Clear button does."""
        self.strokes = []

    def refresh(self):
        """Read the drawing again (after the network has trained on, say)."""
        try:
            x = self.image
            if x is None:
                self.probabilities, self.preview, self.status = [], [], MESSAGES["empty"]
                return
            y = np.asarray(self._current_network().predict(x[None, :]), dtype=np.float64)[0]
        except (TypeError, ValueError) as error:  # strokes the browser garbled, or a broken network
            self.probabilities, self.preview = [], []
            self.status = MESSAGES["failed"].format(error=error)
            return
        self.preview = np.round(x * 255).astype(int).tolist()
        self.probabilities = y.tolist()
        self.status = MESSAGES["reads"].format(digit=int(np.argmax(y)), percent=f"{100 * y.max():.0f}")
