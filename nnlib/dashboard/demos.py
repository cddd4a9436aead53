"""The lecture demos: one click sets the dashboard up and trains labelled runs side by side.

Each demo is a few runs that differ in one setting, trained one after the other on a
cleared plot (as ``Dashboard.compare``), and one sentence that says what to look at,
shown in the dashboard's message line when the runs are done. No widgets here.

    await dash.demo("lr_too_large")     # from code; or the dashboard's "demo" menu
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Demo:
    """name: what ``dash.demo(name)`` takes; title: its line in the menu;
    settings: what every run uses (learning_rate, batch_size, hidden_size, train_size);
    vary: (setting, [value per run]); iterations: per run; look: the sentence shown after
    (short: with the title, one line of the message area at 1280 px)."""

    @property
    def heading(self):
        """The title without its parenthesis, capitalised: "Over-fitting"."""
        short = self.title.split(" (")[0]
        return short[0].upper() + short[1:]

    name: str
    title: str
    settings: dict
    vary: tuple
    iterations: int
    look: str


DEMOS = {
    demo.name: demo
    for demo in [
        Demo("lr_too_large", "learning rate too large (10)",
             dict(batch_size=100, hidden_size=50, train_size=0), ("learning_rate", [0.1, 10.0]), 500,
             "Look at the loss: with η = 10 it jumps up, then stays at guessing (2.3) and the run is "
             "stopped; η = 0.1 falls."),
        Demo("lr_too_small", "learning rate too small (0.001)",
             dict(batch_size=100, hidden_size=50, train_size=0), ("learning_rate", [0.001, 0.1]), 500,
             "Look at the loss: η = 0.001 stays on the plateau at 2.3 for 500 iterations; η = 0.1, "
             "100× larger steps, falls."),
        Demo("batch_1_vs_100", "batch size 1 vs 100",
             dict(learning_rate=0.1, hidden_size=50, train_size=0), ("batch_size", [1, 100]), 1000,
             "Look at the light band around the loss: batch 1 jumps around far more than batch 100, "
             "and is further behind."),
        Demo("overfitting", "over-fitting (300 training images)",
             dict(learning_rate=0.5, batch_size=100, hidden_size=50), ("train_size", [300]), 1500,
             "Look at the accuracy: the 300 training images (─) are soon all right, the test images "
             "(- -) stay far lower."),
        Demo("hidden_size", "hidden size 5 vs 50 vs 200",
             dict(learning_rate=0.5, batch_size=100, train_size=0), ("hidden_size", [5, 50, 200]), 600,
             "Look at the test accuracy (- -): 5 hidden units fall behind; 200 do about as well as 50, "
             "at 4× the computation."),
    ]
}  # fmt: skip


def find(name):
    """The demo called ``name``; a ValueError listing the names for an unknown one."""
    if name not in DEMOS:
        raise ValueError(f"demo: unknown demo {name!r}; the demos are {', '.join(DEMOS)}")
    return DEMOS[name]
