"""The dashboard's widgets and their layout (plain ipywidgets, no front-end extension).

Every widget a user or a browser test needs to find carries a CSS class
(``nnlib-play``, ``nnlib-lr``, ``nnlib-status``, ...): that is the dashboard's
page contract, so keep the names.
"""

import ipywidgets as widgets

# Bigger text for a projector, switched on by the "Large font" toggle: the toggle
# adds the class ``nnlib-large-on`` to the dashboard and these rules apply to it.
LARGE_FONT_CSS = """<style>
.nnlib-large-on .widget-label, .nnlib-large-on .widget-readout,
.nnlib-large-on .widget-button, .nnlib-large-on .widget-toggle-button,
.nnlib-large-on .jupyter-button, .nnlib-large-on .widget-html-content {
  font-size: 20px !important; line-height: 1.4 !important; height: auto !important; }
.nnlib-large-on .widget-readout { min-width: 5em; }
.nnlib-large-on .widget-hslider { width: 36em !important; }
</style>"""

SLIDER_STYLE = {"description_width": "7.5em"}
SLIDER_LAYOUT = {"width": "26em"}


def _button(description, css_class, icon, tooltip):
    button = widgets.Button(description=description, icon=icon, tooltip=tooltip, layout={"width": "auto"})
    return button.add_class(css_class)


class Controls:
    """All widgets of one dashboard; ``box`` is the one to display."""

    def __init__(self, learning_rate, batch_size, hidden_size, iterations, title):
        self.play = _button("Play", "nnlib-play", "play", "train (the iterations slider says how many)")
        self.pause = _button("Pause", "nnlib-pause", "pause", "stop training; Play goes on from here")
        self.step = _button("Step", "nnlib-step", "step-forward", "one iteration")
        self.reset = _button(
            "Reset", "nnlib-reset", "undo", "a new network: a new run (the old one stays, faded)"
        )
        self.clear = _button("Clear runs", "nnlib-clear", "trash", "remove the faded past runs from the plot")
        self.large = widgets.ToggleButton(description="Large font", icon="search-plus", value=False,
                                          tooltip="bigger text and plots, for a projector")  # fmt: skip
        self.large.add_class("nnlib-large")

        # continuous_update=False: a slider sends its value when released (or on a key
        # press), not while dragging. With True, a slider that the kernel moves (as
        # dash.set() does) sends back its own rounding of the value (0.501 for 0.5 on
        # the log scale), which can arrive after the kernel has moved on, and undo it.
        slider = dict(style=SLIDER_STYLE, layout=SLIDER_LAYOUT, continuous_update=False)
        self.lr = widgets.FloatLogSlider(
            value=learning_rate, base=10, min=-3, max=1, step=0.1, readout_format=".3g",
            description="learning rate", **slider,
        )  # fmt: skip
        self.batch = widgets.IntSlider(value=batch_size, min=1, max=1000, description="batch size", **slider)
        self.hidden = widgets.IntSlider(
            value=hidden_size, min=1, max=200, description="hidden size", **slider
        )
        self.iters = widgets.IntSlider(
            value=iterations, min=10, max=20000, step=10, description="iterations", **slider
        )
        self.lr.add_class("nnlib-lr")
        self.batch.add_class("nnlib-batch")
        self.hidden.add_class("nnlib-hidden")
        self.iters.add_class("nnlib-iters")

        self.status = widgets.HTML().add_class("nnlib-status")
        self.message = widgets.HTML().add_class("nnlib-message")
        shrink = {"max_width": "100%", "height": "auto"}  # narrower on a narrow screen, never wider
        self.plot = widgets.Image(format="png", layout=shrink).add_class("nnlib-plot")
        self.weights = widgets.Image(format="png", layout=shrink).add_class("nnlib-weights")
        self.predictions = widgets.Image(format="png", layout=shrink).add_class("nnlib-predictions")

        caption = widgets.HTML
        pictures = widgets.HBox([
            widgets.VBox([caption("<b>First-layer weights</b> W1, one tile per hidden unit "
                                  "(red +, blue −)"), self.weights]),
            widgets.VBox([caption("<b>Predictions</b> on test digits (mistakes in red)"), self.predictions]),
        ], layout={"flex_flow": "row wrap", "grid_gap": "2em"})  # fmt: skip
        self.box = widgets.VBox([
            widgets.HTML(LARGE_FONT_CSS + f"<b>{title}</b>"),
            widgets.HBox([self.play, self.pause, self.step, self.reset, self.clear, self.large],
                         layout={"flex_flow": "row wrap"}),
            widgets.HBox([self.lr, self.batch], layout={"flex_flow": "row wrap"}),
            widgets.HBox([self.hidden, self.iters], layout={"flex_flow": "row wrap"}),
            self.status,
            self.message,
            self.plot,
            pictures,
        ])  # fmt: skip
        self.box.add_class("nnlib-dashboard")

    def show_large(self, on):
        """Switch the large-font CSS on or off."""
        if on:
            self.box.add_class("nnlib-large-on")
        else:
            self.box.remove_class("nnlib-large-on")
