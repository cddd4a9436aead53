"""The dashboard's widgets and their layout (plain ipywidgets, no front-end extension).

Every widget a user or a browser test needs to find carries a CSS class
(``nnlib-play``, ``nnlib-lr``, ``nnlib-status``, ...): that is the dashboard's
page contract, so keep the names.

The layout is made for a projector at 1280x720: the status line on top, the controls
in a column left of the curves, the weights and predictions under them; all of it
about 560 pixels tall, so it fits under JupyterLab's menus and toolbar.
"""

import ipywidgets as widgets

from nnlib.dashboard.session import format_lr
from nnlib.i18n import catalog

# Large font (the toggle adds the class ``nnlib-large-on`` to the dashboard), and the
# status line's "no word from the kernel" notice: every status the kernel sends
# starts a countdown (a CSS animation); the kernel sends a new one at least once a
# second, which starts it afresh. If the kernel stops (restart, shutdown) or the page
# shows a saved copy, the countdown ends: the state reads "stopped" and says what to do.
# (When JupyterLab or Notebook 7 marks the widgets as disconnected, it reads so at once.)
CSS = """<style>
.nnlib-dashboard { --nnlib-font: 14px; }
.nnlib-dashboard.nnlib-large-on { --nnlib-font: 20px; }
.nnlib-dashboard .widget-label, .nnlib-dashboard .widget-readout, .nnlib-dashboard .widget-button,
.nnlib-dashboard .widget-toggle-button, .nnlib-dashboard .jupyter-button,
.nnlib-dashboard .widget-html-content, .nnlib-dashboard select, .nnlib-dashboard input {
  font-size: var(--nnlib-font) !important; }
.nnlib-large-on .widget-label, .nnlib-large-on .widget-readout, .nnlib-large-on .jupyter-button,
.nnlib-large-on .widget-html-content, .nnlib-large-on select, .nnlib-large-on input {
  line-height: 1.35 !important; height: auto !important; }
.nnlib-dashboard .widget-html-content { line-height: 1.35; }
.nnlib-controls { width: 300px; flex: 0 0 auto; }
.nnlib-large-on .nnlib-controls { width: 420px; }
.nnlib-controls .widget-hslider, .nnlib-controls .widget-dropdown { width: 100% !important; }
.nnlib-message { min-height: 1.4em; }
.nnlib-status .nnlib-field { white-space: nowrap; }
.nnlib-stale { display: none; }
.nnlib-status .nnlib-live { animation: nnlib-hide 0s 4s forwards; }
.nnlib-status .nnlib-stale { display: inline; visibility: hidden; font-size: 0;
  animation: nnlib-show 0s 4s forwards; }
.nnlib-status.jupyter-widgets-disconnected .nnlib-live { visibility: hidden; font-size: 0; }
.nnlib-status.jupyter-widgets-disconnected .nnlib-stale { visibility: visible; font-size: 1em; }
@keyframes nnlib-hide { to { visibility: hidden; font-size: 0; } }
@keyframes nnlib-show { to { visibility: visible; font-size: 1em; } }
.nnlib-status .nnlib-stale b { color: #b00020; }
</style>"""

# Japanese labels: at most 6 characters of 1 em each, so that they fit the 6.5 em of
# CONTROL_STYLE as the English ones do (and the buttons' rows stay two at 300 px).
MESSAGES = catalog("dashboard.controls", {
    "play": ("Play", "開始"),
    "play_tip": ("train (the iterations slider says how many)", "学習する（回数は「更新回数」のスライダー）"),
    "pause": ("Pause", "一時停止"),
    "pause_tip": ("stop training; Play goes on from here", "学習を止めます。「開始」でここから続きます"),
    "step": ("Step", "1 回更新"),
    "step_tip": ("one iteration", "パラメータを 1 回だけ更新します"),
    "reset": ("Reset", "リセット"),
    "reset_tip": ("a new network: a new run (the old one stays, faded)",
                  "新しいネットワークで学習し直します（前の結果は薄く残ります）"),
    "clear": ("Clear runs", "履歴消去"),
    "clear_tip": ("remove the faded past runs from the plot", "薄く残った過去の結果をグラフから消します"),
    "large": ("Large font", "拡大表示"),
    "large_tip": ("bigger text and plots, for a projector", "文字とグラフを大きくします（プロジェクター用）"),
    "pace": ("pace", "速度"),
    "full_speed": ("full speed", "最高速"),
    "rate": ("{rate} it/s", "毎秒 {rate} 回"),
    "demo_prompt": ("choose a lecture demo…", "講義用のデモを選ぶ…"),
    "demo": ("demo", "デモ"),
    "train_size": ("training set", "訓練データ"),
    "learning_rate": ("learning rate", "学習率"),
    "batch_size": ("batch size", "バッチサイズ"),
    "hidden_size": ("hidden size", "ニューロン数"),
    "iterations": ("iterations", "更新回数"),
    "strokes_caption": ("<b>Learned</b>: W1 − W1 at the start", "<b>学習した変化</b>: W1 − 最初の W1"),
    "predictions_caption": ("<b>Predictions</b> on test digits (mistakes in red)",
                            "<b>テストデータの予測</b>（誤りは赤）"),
})  # fmt: skip
CONTROL_STYLE = {"description_width": "6.5em"}
PACE_RATES = (0, 200, 100, 50, 10)  # iterations per second of the pace menu; 0: full speed


def paces():
    """The pace menu: [(label, iterations per second)], in the current language."""
    label = MESSAGES["rate"]
    return [(label.format(rate=rate) if rate else MESSAGES["full_speed"], rate) for rate in PACE_RATES]


def _button(description, css_class, icon, tooltip):
    button = widgets.Button(description=description, icon=icon, tooltip=tooltip, layout={"width": "auto"})
    return button.add_class(css_class)


def _image(css_class):
    # width: set to the picture's size in CSS pixels when it is drawn (see Dashboard._show);
    # max_width: narrower on a narrow screen, never wider than drawn.
    return widgets.Image(format="png", layout={"max_width": "100%", "height": "auto"}).add_class(css_class)


class Controls:
    """All widgets of one dashboard; ``box`` is the one to display."""

    def __init__(self, learning_rate, batch_size, hidden_size, iterations, pace, title, train_sizes, demos):
        """train_sizes: [(label, size)] of the training-set menu (0: all images);
        demos: [(label, name)] of the lecture demos' menu."""
        m = MESSAGES
        self.play = _button(m["play"], "nnlib-play", "play", m["play_tip"])
        self.pause = _button(m["pause"], "nnlib-pause", "pause", m["pause_tip"])
        self.step = _button(m["step"], "nnlib-step", "step-forward", m["step_tip"])
        self.reset = _button(m["reset"], "nnlib-reset", "undo", m["reset_tip"])
        self.clear = _button(m["clear"], "nnlib-clear", "trash", m["clear_tip"])
        self.large = widgets.ToggleButton(description=m["large"], icon="search-plus", value=False,
                                          tooltip=m["large_tip"], layout={"width": "auto"})  # fmt: skip
        self.large.add_class("nnlib-large")
        self.pace = widgets.Dropdown(options=paces(), value=pace, description=m["pace"], style=CONTROL_STYLE)
        self.pace.add_class("nnlib-pace")
        # The lecture demos: choosing one runs it (the menu then reads "choose..." again).
        self.demo = widgets.Dropdown(options=[(m["demo_prompt"], "")] + list(demos), value="",
                                     description=m["demo"], style=CONTROL_STYLE)  # fmt: skip
        self.demo.add_class("nnlib-demo")
        self.train_size = widgets.Dropdown(options=train_sizes, value=0, description=m["train_size"],
                                           style=CONTROL_STYLE)  # fmt: skip
        self.train_size.add_class("nnlib-train-size")

        # continuous_update=False: a slider sends its value when released (or on a key
        # press), not while dragging. With True, a slider that the kernel moves (as
        # dash.set() does) sends back its own rounding of the value (0.501 for 0.5 on
        # the log scale), which can arrive after the kernel has moved on, and undo it.
        slider = dict(style=CONTROL_STYLE, continuous_update=False)
        # The learning rate's readout is a text box of ours: the slider's own (d3-format)
        # writes 0.100 where the status and the legend write 0.1 (format_lr).
        self.lr = widgets.FloatLogSlider(
            value=learning_rate, base=10, min=-3, max=1, step=0.1, readout=False,
            description=m["learning_rate"], layout={"width": "auto", "flex": "1 1 auto"}, **slider,
        )  # fmt: skip
        self.lr_value = widgets.Text(value=format_lr(learning_rate), continuous_update=False,
                                     layout={"width": "4.2em"})  # fmt: skip
        self.batch = widgets.IntSlider(value=batch_size, min=1, max=1000, description=m["batch_size"],
                                       **slider)  # fmt: skip
        self.hidden = widgets.IntSlider(value=hidden_size, min=1, max=200, description=m["hidden_size"],
                                        **slider)  # fmt: skip
        self.iters = widgets.IntSlider(value=iterations, min=10, max=20000, step=10,
                                       description=m["iterations"], **slider)  # fmt: skip
        self.lr.add_class("nnlib-lr")
        self.lr_value.add_class("nnlib-lr-value")
        self.batch.add_class("nnlib-batch")
        self.hidden.add_class("nnlib-hidden")
        self.iters.add_class("nnlib-iters")

        self.status = widgets.HTML().add_class("nnlib-status")
        self.message = widgets.HTML().add_class("nnlib-message")
        self.plot = _image("nnlib-plot")
        self.weights = _image("nnlib-weights")
        self.strokes = _image("nnlib-strokes")
        self.predictions = _image("nnlib-predictions")

        caption = widgets.HTML
        row = {"flex_flow": "row wrap", "align_items": "center"}
        self.panel = widgets.VBox([
            widgets.HBox([self.play, self.pause, self.step], layout=row),
            widgets.HBox([self.reset, self.clear, self.large], layout=row),
            widgets.HBox([self.lr, self.lr_value], layout={"width": "100%"}),
            self.batch, self.hidden, self.iters, self.pace, self.train_size, self.demo,
        ]).add_class("nnlib-controls")  # fmt: skip
        self.weights_caption = caption().add_class("nnlib-weights-caption")
        self.strokes_caption = caption(m["strokes_caption"]).add_class("nnlib-strokes-caption")
        self.predictions_caption = caption(m["predictions_caption"])
        pictures = widgets.HBox([
            widgets.VBox([self.weights_caption, self.weights]),
            widgets.VBox([self.strokes_caption, self.strokes]),
            widgets.VBox([self.predictions_caption, self.predictions]),
        ], layout={"flex_flow": "row wrap", "grid_gap": "0 6px"})  # fmt: skip
        self.box = widgets.VBox([
            widgets.HTML(CSS + f"<b>{title}</b>"),
            self.status,
            self.message,
            widgets.HBox([self.panel, self.plot], layout={"flex_flow": "row wrap", "grid_gap": "0 8px"}),
            pictures,
        ])  # fmt: skip
        self.box.add_class("nnlib-dashboard")

    def show_large(self, on):
        """Switch the large-font CSS on or off."""
        if on:
            self.box.add_class("nnlib-large-on")
        else:
            self.box.remove_class("nnlib-large-on")

    def all_widgets(self):
        """The box and every widget inside it."""
        found, todo = [], [self.box]
        while todo:
            widget = todo.pop()
            found.append(widget)
            todo.extend(getattr(widget, "children", ()))
        return found
