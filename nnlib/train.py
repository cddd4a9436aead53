"""Mini-batch SGD, the slides' ``train_neuralnet.py`` as a reusable loop.

One iteration is the four steps of 確率的勾配降下法 (stochastic gradient descent):

1. ミニバッチ   pick ``batch_size`` random training images;
2. 勾配の算出   compute the gradient of the loss on them (backpropagation);
3. パラメータの更新  move every parameter a step ``learning_rate`` against it;
4. 繰り返す     repeat.

Once per epoch (each time another ``len(x_train)`` images have been drawn) the
accuracy on the whole training and test sets is measured, as in the slides. A live
display may ask for more frequent, cheaper evaluations (``eval_interval``, ``eval_size``).
An evaluation uses all cores; ``run(iters, evaluate_in_background=True)`` instead runs
it on a copy of the weights in a second thread while training goes on.

``Trainer.learning_rate`` and ``Trainer.batch_size`` are plain attributes read at
every iteration, so whoever drives the loop (a script, the CLI, the dashboard) may
change them between two steps. The Trainer knows nothing about widgets or plots.
"""

import copy
import math
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from nnlib import blas
from nnlib.i18n import catalog
from nnlib.two_layer_net import TwoLayerNet

MESSAGES = catalog("train", {
    "bad_step": ("learning_rate must be > 0 and batch_size >= 1, got {lr}, {batch_size}",
                 "learning_rate は 0 より大きく、batch_size は 1 以上にしてください"
                 "（{lr}, {batch_size} が指定されました）"),
})  # fmt: skip

EVAL_CHUNK = 1000  # images converted to float at a time when evaluating uint8 data (fits in cache)
# The cross-entropy with the book's +1e-7 never exceeds -log(1e-7) = 16.1, so a run whose
# weights blow up shows a loss stuck near that ceiling rather than inf. Chance level is
# ln 10 = 2.3; a loss above 10 (the right class gets < 5e-5 on average) over the last
# DIVERGED_WINDOW iterations means the step size was too large (on MNIST: learning rates
# of 30 and more, not 10 or less). One iteration alone is not enough: with batch size 1,
# a single confidently misread digit can cost more than 10 in a healthy run.
DIVERGED_LOSS = 10.0
DIVERGED_WINDOW = 10


@dataclass
class Step:
    """What one iteration did."""

    iteration: int  # 1 for the first update
    loss: float  # the mini-batch's loss, from the forward pass of the gradient
    epoch: float  # images drawn so far / training-set size
    learning_rate: float
    batch_size: int
    # Set on the iterations that evaluate; None when run() evaluates in the background.
    evaluation: "Evaluation | None" = None
    # The loss is not a finite number, or its mean over the last DIVERGED_WINDOW
    # iterations is above DIVERGED_LOSS: the step size was too large.
    diverged: bool = False


@dataclass
class Evaluation:
    """Accuracy on the whole training and test sets at one point of training."""

    iteration: int
    epoch: float
    train_acc: float
    test_acc: float

    def __str__(self):  # the slides' line, with 4 decimals
        # what the slides' program (train_neuralnet.py) prints, so the same in both languages:
        # a student compares it with the slides (not in the catalog for that reason)
        return f"train acc, test acc | {self.train_acc:.4f}, {self.test_acc:.4f}"


def normalized(x):
    """uint8 pixels -> float32 in [0, 1], exactly as ``load_mnist(normalize=True)``."""
    if x.dtype != np.uint8:
        return x
    x = x.astype(np.float32)
    x /= 255.0
    return x


def accuracy(network, x, t, threads=1):
    """``network.accuracy(x, t)``, computed in chunks of EVAL_CHUNK images by ``threads`` threads.

    x: (N, 784) float32, or uint8 converted a chunk at a time as ``load_mnist`` would,
    so a whole set never sits in memory as floats. numpy releases Python's lock (the
    GIL) while it computes, so several threads work on several cores at once.
    """

    errors = np.geterr()  # numpy's error settings belong to a thread: the caller's apply in all

    def correct(start):
        with np.errstate(**errors):
            xc = normalized(x[start : start + EVAL_CHUNK])
            return round(network.accuracy(xc, t[start : start + EVAL_CHUNK]) * xc.shape[0])

    starts = range(0, x.shape[0], EVAL_CHUNK)
    if min(threads, len(starts)) == 1:
        return sum(map(correct, starts)) / x.shape[0]
    with ThreadPoolExecutor(threads) as pool:
        return sum(pool.map(correct, starts)) / x.shape[0]


class Trainer:
    """Trains a network by mini-batch SGD, one ``step()`` at a time.

    x_train: (N, 784) images, float32 in [0, 1] or uint8 0..255. uint8 images are
             normalized a mini-batch at a time, exactly as ``load_mnist`` would,
             so the whole set never has to sit in memory as floats.
    t_train: (N,) labels or (N, 10) one-hot; x_test, t_test likewise.
    network: anything with ``params``, ``loss_and_gradient`` and ``accuracy``;
             default a new ``TwoLayerNet(784, hidden_size, 10, dtype=float32)``:
             float32 weights meet float32 images without a conversion, which
             makes training several times faster than the book's float64.
    seed:    makes the initial weights and the mini-batches reproducible.
    eval_interval: images drawn between two evaluations; default one epoch (the slides).
    eval_size:     evaluate on the first ``eval_size`` training and test images only;
             default all. The dashboard uses both to plot accuracy often and cheaply.

    The slides' lists are kept under their names: ``train_loss_list``
    (one per iteration), ``train_acc_list`` and ``test_acc_list`` (one per epoch).
    One difference from the slides: the loss recorded is the mini-batch's loss
    before the update, which the gradient's forward pass computes anyway. The
    slides run the network once more after the update to get it, which costs a
    third more time per iteration and draws the same curve, one step later.
    """

    def __init__(self, x_train, t_train, x_test, t_test, *, network=None, hidden_size=50,
                 learning_rate=0.1, batch_size=100, seed=None, eval_interval=None,
                 eval_size=None):  # fmt: skip
        self.x_train, self.t_train = x_train, t_train
        self.x_test, self.t_test = x_test, t_test
        self.rng = np.random.default_rng(seed)
        if network is None:
            network = TwoLayerNet(x_train.shape[1], hidden_size, 10, rng=self.rng, dtype=np.float32)
        self.network = network
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.eval_interval = eval_interval or self.train_size
        self.eval_size = eval_size  # None: all; x[:None] is the whole array
        self.iteration = 0
        self.samples_seen = 0
        self._next_eval = 0  # evaluate when samples_seen reaches this
        self.train_loss_list = []
        self.train_acc_list = []
        self.test_acc_list = []
        self.evaluations = []
        self._evaluator = None  # a thread while run(evaluate_in_background=True) runs
        self._pending = deque()  # its evaluations not yet recorded, oldest first

    @property
    def train_size(self):
        return self.x_train.shape[0]

    @property
    def epoch(self):
        return self.samples_seen / self.train_size

    def step(self):
        """One SGD iteration with the current ``learning_rate`` and ``batch_size``."""
        lr, batch_size = float(self.learning_rate), int(self.batch_size)
        if not lr > 0 or batch_size < 1:
            raise ValueError(MESSAGES["bad_step"].format(lr=lr, batch_size=batch_size))
        evaluate = self.samples_seen >= self._next_eval  # before this batch: as the slides
        # 1. mini-batch (with replacement, like the slides' np.random.choice)
        batch_mask = self.rng.integers(0, self.train_size, batch_size)
        # x_train[batch_mask], the same rows; take() gets them in half the time
        x_batch = normalized(self.x_train.take(batch_mask, axis=0))
        t_batch = self.t_train.take(batch_mask, axis=0)
        # A diverging run overflows; the Step's ``diverged`` says so once, in words,
        # instead of a RuntimeWarning per operation.
        with np.errstate(over="ignore", invalid="ignore"):
            # 2. gradient (and the loss that its forward pass computes on the way)
            loss, grad = self.network.loss_and_gradient(x_batch, t_batch)
            # 3. update
            for key in ("W1", "b1", "W2", "b2"):
                self.network.params[key] -= lr * grad[key]
        self.iteration += 1
        self.samples_seen += batch_size
        loss = float(loss)
        self.train_loss_list.append(loss)
        recent = self.train_loss_list[-DIVERGED_WINDOW:]
        diverged = not math.isfinite(loss) or (
            len(recent) == DIVERGED_WINDOW and sum(recent) / DIVERGED_WINDOW > DIVERGED_LOSS
        )
        step = Step(self.iteration, loss, self.epoch, lr, batch_size, diverged=diverged)
        if evaluate:
            self._next_eval += self.eval_interval
            if self._evaluator is None:
                step.evaluation = self.evaluate()
            else:
                self._evaluate_in_background()
        self._record_finished(wait=False)
        return step

    def accuracy(self, x, t):
        """The network's accuracy on (x, t); uint8 images are converted chunk by chunk."""
        with blas.limit(1):
            return accuracy(self.network, x, t, threads=blas.default_threads())

    def evaluate(self):
        """Accuracy on the training and test sets (the first ``eval_size`` images), recorded in the lists."""
        # One BLAS thread per chunk and as many chunks at once as BLAS would use threads:
        # whole chunks in parallel, not only their products, and no BLAS thread left
        # spinning afterwards to slow down the next training steps.
        with blas.limit(1):
            result = self._measure(self.network, self.iteration, self.epoch, blas.default_threads())
        self._record(result)
        return result

    def _measure(self, network, iteration, epoch, threads):
        n = self.eval_size  # None: all; x[:None] is the whole array
        with np.errstate(over="ignore", invalid="ignore"):
            train_acc = accuracy(network, self.x_train[:n], self.t_train[:n], threads)
            test_acc = accuracy(network, self.x_test[:n], self.t_test[:n], threads)
        return Evaluation(iteration, epoch, float(train_acc), float(test_acc))

    def _record(self, result):
        self.train_acc_list.append(result.train_acc)
        self.test_acc_list.append(result.test_acc)
        self.evaluations.append(result)

    def _evaluate_in_background(self):
        """Start measuring the accuracies of a copy of the network as it is now."""
        snapshot = copy.deepcopy(self.network)
        self._pending.append(self._evaluator.submit(self._measure, snapshot, self.iteration, self.epoch, 1))

    def _record_finished(self, wait):
        """Record the background evaluations that are done (all of them if ``wait``), in order."""
        while self._pending and (wait or self._pending[0].done()):
            self._record(self._pending.popleft().result())

    def run(self, iters, *, evaluate_in_background=False):
        """Take up to ``iters`` steps, yielding each ``Step``; stop early if it diverges.

        evaluate_in_background: measure the accuracies in a second thread, on a copy
        of the weights, while training goes on; on two cores the book's recipe takes
        about 15% less time (see benchmarks/). The numbers are the same as without it: those of
        the weights at the iteration that asked. But each is recorded in
        ``evaluations`` and the accuracy lists when it is ready, a few hundred steps
        later, and ``Step.evaluation`` stays None. All are recorded when run() ends.
        ``python -m nnlib train`` uses it.
        """
        with blas.limit(1), self._evaluator_thread(evaluate_in_background):  # small products: see blas.py
            for _ in range(iters):
                step = self.step()
                yield step
                if step.diverged:
                    return

    @contextmanager
    def _evaluator_thread(self, wanted):
        if not wanted:
            yield
            return
        self._evaluator = ThreadPoolExecutor(1, thread_name_prefix="nnlib-evaluation")
        try:
            yield
        finally:  # also when the caller leaves the loop early
            self._evaluator.shutdown(wait=True)
            self._evaluator = None
            self._record_finished(wait=True)


def train(x_train, t_train, x_test, t_test, iters=10000, **options):
    """Run the slides' recipe to the end and return the ``Trainer`` with its lists."""
    trainer = Trainer(x_train, t_train, x_test, t_test, **options)
    for _ in trainer.run(iters):
        pass
    return trainer
