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
    vary: (setting, [value per run]); iterations: per run; look: the sentence shown after."""

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
             "Look at the loss: with η = 10 it jumps up, then stays at the level of guessing (2.3) "
             "and the run is stopped, while η = 0.1 falls steadily."),
        Demo("lr_too_small", "learning rate too small (0.001)",
             dict(batch_size=100, hidden_size=50, train_size=0), ("learning_rate", [0.001, 0.1]), 500,
             "Look at the loss: with η = 0.001 it never leaves the plateau of guessing (2.3) in 500 "
             "iterations, while η = 0.1, a hundred times larger steps, is well on its way down."),
        Demo("batch_1_vs_100", "batch size 1 vs 100",
             dict(learning_rate=0.1, hidden_size=50, train_size=0), ("batch_size", [1, 100]), 1000,
             "Look at the light band around each loss: batch 1 jumps around far more than batch 100, "
             "and after as many iterations it is further behind."),
        Demo("overfitting", "over-fitting (300 training images)",
             dict(learning_rate=0.5, batch_size=100, hidden_size=50), ("train_size", [300]), 1500,
             "Look at the accuracy: on its 300 training images (─) the network soon gets every one "
             "right, but on the test images (- -) it stays far lower: it has learned those 300 "
             "images, not digits (過学習, over-fitting)."),
        Demo("hidden_size", "hidden size 5 vs 50 vs 200",
             dict(learning_rate=0.5, batch_size=100, train_size=0), ("hidden_size", [5, 50, 200]), 600,
             "Look at the test accuracy (- -): 5 hidden units fall behind, while 200 do about as well "
             "as 50 and cost about four times the computation per iteration."),
    ]
}  # fmt: skip


def find(name):
    """The demo called ``name``; a ValueError listing the names for an unknown one."""
    if name not in DEMOS:
        raise ValueError(f"demo: unknown demo {name!r}; the demos are {', '.join(DEMOS)}")
    return DEMOS[name]
