"""Runs: what the dashboard remembers about each training run, and when to stop one.

A ``Run`` is a ``Trainer`` (which keeps the loss and accuracy lists) plus what the
plots need to tell runs apart: a colour and the settings it was trained with. No
widgets here, so this file can be read (and tested) on its own.
"""

import math
from dataclasses import dataclass, field

import numpy as np

from nnlib.i18n import catalog
from nnlib.train import DIVERGED_LOSS, DIVERGED_WINDOW, Trainer

MESSAGES = catalog("dashboard.session", {
    "label": ("lr {lr}, batch {batch}, hidden {hidden}{images}",
              "学習率 {lr}、バッチサイズ {batch}、ニューロン数 {hidden}{images}"),
    "label_images": (", {n:,} images", "、{n:,} 枚"),
    "diverged_average": ("the loss has averaged above {limit:g} over the last {window} iterations "
                         "(the right digit gets almost no probability)",
                         "損失関数の値が直近 {window} 回の平均で {limit:g} を超えました"
                         "（正しい数字の確率がほぼ 0 です）"),
    "diverged_nan": ("the loss is {loss} (no longer a number), so the weights are ruined",
                     "損失関数の値が {loss} です（もう数ではありません）。重みが壊れています"),
    "diverged": ("Training diverged at iteration {n:,}: {what}. The learning rate {lr} is too "
                 "large. Lower it and press Reset to start a new run.",
                 "更新回数 {n:,} で学習が発散しました: {what}。学習率 {lr} は大きすぎます。"
                 "学習率を下げ、「リセット」を押して新しく学習し直してください。"),
    "blew_up": ("Training blew up: the loss jumped to {peak:.1f}, and over the last "
                "{window} iterations it averaged {recent:.2f}, no better than guessing "
                "({guess:.2f}). The learning rate {lr} is too large: the steps "
                "overshoot and the hidden units saturate. Lower it and press Reset "
                "(or Play to go on with this run anyway).",
                "学習がうまくいきません: 損失関数の値が {peak:.1f} まで跳ね上がり、直近 {window} 回の平均は "
                "{recent:.2f} で、当てずっぽう（{guess:.2f}）と変わりません。学習率 {lr} は大きすぎます。"
                "1 回の更新で行き過ぎ、隠れ層のニューロンが飽和しています。学習率を下げて「リセット」を"
                "押してください（このまま続けるなら「開始」）。"),
})  # fmt: skip

LOSS_OF_GUESSING = math.log(10)  # 2.30: the loss of saying 1/10 for every digit
STUCK_WINDOW = 100  # iterations averaged to decide that training is stuck


def format_lr(learning_rate):
    """A learning rate as every part of the dashboard writes it: 3 significant digits,
    no trailing zeros (0.1, 0.316, 10, 0.00126)."""
    return f"{learning_rate:.3g}"


# Evaluations for live plots: every 10,000 images drawn (a sixth of an epoch of the
# full MNIST) on the first 1,000 training and test images: about 1% precision for a
# tenth of the cost of evaluating all 70,000 images once an epoch.
EVAL_INTERVAL = 10_000
EVAL_SIZE = 1_000


@dataclass
class Run:
    """One training run: a fresh network trained from iteration 0 with one hidden size.

    settings: ``(iteration, learning_rate, batch_size)`` each time one of them
              changed, first at iteration 1. The learning rate and the batch size
              may change while a run trains; the hidden size may not.
    """

    trainer: Trainer
    hidden_size: int
    color: str
    W1_start: "np.ndarray | None" = None  # (784, hidden) float32: the first-layer weights at iteration 0
    train_size: "int | None" = None  # training images used, if fewer than all (a demo of over-fitting)
    settings: list = field(default_factory=list)
    peak_loss: float = 0.0
    warned: bool = False  # the "training blew up" check has stopped this run once
    diverged_at: int = 0  # the iteration at which a divergence check first stopped it (0: never)
    loss_top: float = 0.0  # the loss axis this run needs (see figures.Curves._layout)

    @classmethod
    def start(cls, data, *, hidden_size, learning_rate, batch_size, seed, color, train_size=None):
        """A new run on ``data`` = (x_train, t_train, x_test, t_test).

        train_size: train on the first ``train_size`` training images only (None: all).
        A small set is evaluated more often (every 10 epochs at most), so that its
        accuracy curve has points while it climbs.
        """
        x_train, t_train, x_test, t_test = data
        if train_size is not None and train_size >= len(x_train):
            train_size = None
        if train_size is not None:
            x_train, t_train = x_train[:train_size], t_train[:train_size]
        trainer = Trainer(x_train, t_train, x_test, t_test, hidden_size=hidden_size,
                          learning_rate=learning_rate, batch_size=batch_size, seed=seed,
                          eval_interval=min(EVAL_INTERVAL, 10 * len(x_train)),
                          eval_size=EVAL_SIZE)  # fmt: skip
        W1_start = trainer.network.params["W1"].copy()
        return cls(trainer, hidden_size, color, W1_start=W1_start, train_size=train_size)

    @property
    def learned(self):
        """W1 - W1_start: (784, hidden) float32, what training has added to the first-layer weights."""
        return self.trainer.network.params["W1"] - self.W1_start

    @property
    def iteration(self):
        return self.trainer.iteration

    @property
    def losses(self):
        return self.trainer.train_loss_list

    @property
    def evaluations(self):
        return self.trainer.evaluations

    def record(self, step):
        """Note what one ``Trainer.step()`` used; called after every step."""
        used = (step.learning_rate, step.batch_size)
        if not self.settings or self.settings[-1][1:] != used:
            self.settings.append((step.iteration, *used))
        if step.loss > self.peak_loss:  # False for nan
            self.peak_loss = step.loss

    @property
    def label(self):
        """The run's settings for the legend, e.g. ``lr 0.1, batch 100, hidden 50``.

        A value that changed during the run shows as first→last (``lr 0.1→1``); a run on
        part of the training set says how many images (``..., hidden 50, 300 images``).
        """
        images = MESSAGES["label_images"].format(n=self.train_size) if self.train_size else ""
        if not self.settings:
            lrs, batches = format_lr(self.trainer.learning_rate), self.trainer.batch_size
        else:
            lrs = _changes([format_lr(lr) for _, lr, _ in self.settings])
            batches = _changes([str(b) for _, _, b in self.settings])
        return MESSAGES["label"].format(lr=lrs, batch=batches, hidden=self.hidden_size, images=images)

    def trouble(self, step):
        """Why training should stop after ``step``, in plain words, or None if all is well.

        Two ways a too-large learning rate ruins training:
        - diverged (Trainer's ``Step.diverged``): the loss is no longer a number, or
          it has averaged above ``DIVERGED_LOSS`` over the last iterations. This run
          cannot recover.
        - blown up: the loss jumped to more than twice the loss of guessing, and
          over the last ``STUCK_WINDOW`` iterations it is still no better than
          guessing. With the book's network this is what a learning rate of 10 does:
          the sigmoid and the ``1e-7`` in the cross-entropy keep the loss finite
          (at most 16.1), but the hidden units saturate and the network stops learning.
        """
        losses, lr = self.losses, self.trainer.learning_rate
        n = len(losses)
        if step.diverged:
            if math.isfinite(step.loss):
                what = MESSAGES["diverged_average"].format(limit=DIVERGED_LOSS, window=DIVERGED_WINDOW)
            else:
                what = MESSAGES["diverged_nan"].format(loss=step.loss)
            return MESSAGES["diverged"].format(n=n, what=what, lr=format_lr(lr))
        if self.warned or n < STUCK_WINDOW or self.peak_loss < 2 * LOSS_OF_GUESSING:
            return None
        recent = sum(losses[-STUCK_WINDOW:]) / STUCK_WINDOW
        if recent < LOSS_OF_GUESSING:
            return None
        self.warned = True
        return MESSAGES["blew_up"].format(peak=self.peak_loss, window=STUCK_WINDOW, recent=recent,
                                          guess=LOSS_OF_GUESSING, lr=format_lr(lr))  # fmt: skip


def _changes(values):
    """'0.1' if all equal, '0.1→1' if it changed once, '0.1→…→1' if more often."""
    distinct = [v for i, v in enumerate(values) if i == 0 or v != values[i - 1]]
    if len(distinct) == 1:
        return distinct[0]
    if len(distinct) == 2:
        return "→".join(distinct)
    return f"{distinct[0]}→…→{distinct[-1]}"
