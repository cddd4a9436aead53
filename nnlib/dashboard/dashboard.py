"""The live training dashboard: ``Dashboard`` drives ``nnlib.train.Trainer`` from widgets.

How it stays responsive: Play starts an asyncio task on the kernel's own event
loop. The task trains for ``SLICE`` seconds (a few mini-batch steps), redraws
what is due, and yields with ``await asyncio.sleep(0)``. While it yields, the
kernel handles slider moves, button clicks and other cells, so a new learning rate
or batch size is read by the very next ``Trainer.step()``. Nothing runs in a thread.
(``await dash.wait()``, for notebooks that run unattended, trains in its cell
instead: see its docstring.)

What it redraws, and how often (the Agg renderer, PNG bytes into Image widgets):
the status line and the curves ``1 / CURVES_EVERY`` times a second; the
first-layer weights and the predictions once every ``PICTURES_EVERY`` seconds
(and only when a prediction changed). See figures.py for why that is cheap.
"""

import asyncio
import re
import time

import numpy as np

from nnlib import blas
from nnlib.dashboard.controls import Controls
from nnlib.dashboard.figures import Curves, Predictions, weights_png
from nnlib.dashboard.session import Run
from nnlib.train import normalized

SLICE = 0.01  # seconds of training between two yields to the kernel
CURVES_EVERY = 0.2  # seconds between redraws of the status line and curves
PICTURES_EVERY = 1.0  # seconds between redraws of the weights and predictions
REDRAW_DELAY = 0.05  # seconds from a click to its redraw (a burst of clicks, one redraw)
MAX_PAST_RUNS = 8  # faded runs kept on the plot
SHOWN_DIGITS = 20  # test digits in the predictions grid
SHOWN_UNITS = 16  # hidden units in the weights picture
SETTINGS = ("learning_rate", "batch_size", "hidden_size", "iterations")

class Dashboard:
    """Train the book's TwoLayerNet on MNIST live, with sliders, buttons and plots.

        dash = Dashboard()       # loads MNIST with nnlib.mnist.load_raw()
        dash                     # as the last line of a cell: shows it

    Or ``Dashboard(x_train, t_train, x_test, t_test)`` with your own arrays:
    images (N, 784) uint8 0..255 or float in [0, 1]; labels (N,) or one-hot (N, 10).

    The buttons have methods of the same names, for cells and tests:
    ``play(iterations=None)``, ``pause()``, ``step()``, ``reset()``, ``clear_runs()``;
    ``set(learning_rate=..., ...)`` moves sliders; ``await dash.wait()`` waits until
    training stops. Every run starts from the same ``seed``: the same initial
    weights, so runs differ only by their settings.
    """

    def __init__(self, x_train=None, t_train=None, x_test=None, t_test=None, *, learning_rate=0.1,
                 batch_size=100, hidden_size=50, iterations=1000, seed=0, large_font=False):  # fmt: skip
        self.data, source = _data(x_train, t_train, x_test, t_test)
        self.seed = seed
        title = f"TwoLayerNet on {source} ({len(self.data[0]):,} training images)"
        self.controls = c = Controls(learning_rate, batch_size, hidden_size, iterations, title)
        self.runs = []  # past runs, oldest first: drawn faded
        self.run = self._new_run()
        self.state = "paused"  # or "playing", or "diverged" (Step.diverged: only Reset helps)
        self.target = None  # the iteration at which Play stops
        self.leg_start = 0  # the iteration at which Play was pressed
        self._task = None  # the training task while playing
        self._error = None  # an exception that stopped the task, for wait()
        self._redraw_due_on = None  # the event loop that will run a redraw soon
        self._rate = (time.perf_counter(), 0, 0.0)  # (time, iteration, iterations per second)
        self._drawn = {"curves": -np.inf, "pictures": -np.inf}  # when each was last redrawn
        self._shown = {"curves": None, "pictures": None}  # what each showed then
        self._version = {"figures": 0, "runs": 0}  # counts new figures, and new or cleared runs
        self.redraws = {"curves": 0, "weights": 0, "predictions": 0}
        self._make_figures(large_font)

        c.play.on_click(lambda _: self.play())
        c.pause.on_click(lambda _: self.pause())
        c.step.on_click(lambda _: self.step())
        c.reset.on_click(lambda _: self.reset())
        c.clear.on_click(lambda _: self.clear_runs())
        c.lr.observe(self._on_learning_rate, "value")
        c.batch.observe(self._on_batch_size, "value")
        c.hidden.observe(lambda change: self._start_new_run(), "value")
        c.iters.observe(self._on_iterations, "value")
        c.large.value = large_font
        c.large.observe(self._on_large_font, "value")
        self._redraw(everything=True)

    # --- what a notebook shows -----------------------------------------------------

    def _repr_mimebundle_(self, **kwargs):
        """Show the widgets; as text, a short summary instead of every widget's state."""
        view = {"version_major": 2, "version_minor": 0, "model_id": self.controls.box.model_id}
        return {"text/plain": f"Dashboard({self.run.label})",
                "application/vnd.jupyter.widget-view+json": view}  # fmt: skip

    def snapshot(self, which="plot"):
        """The current picture as an IPython Image, to keep in the notebook's output.

        which: "plot" (loss and accuracy), "weights" or "predictions".
        """
        from IPython.display import Image

        images = {"plot": self.controls.plot, "weights": self.controls.weights,
                  "predictions": self.controls.predictions}  # fmt: skip
        if which not in images:
            raise ValueError(f"snapshot: which must be one of {sorted(images)}, got {which!r}")
        return Image(data=images[which].value, format="png")

    @property
    def message(self):
        """The text of the message area (divergence and notices), without HTML."""
        return _strip_tags(self.controls.message.value)

    @property
    def diverged(self):
        """True if the divergence check stopped the current run."""
        return self.run.warned or self.state == "diverged"

    # --- the buttons ---------------------------------------------------------------

    def play(self, iterations=None):
        """Train in the background; return at once (training goes on while other cells run).

        With ``iterations``: that many more (the slider moves to it). Without: a
        paused run goes on to where the last Play was heading, else the slider's count.
        """
        if self.state == "diverged":
            self._say("This run has diverged and cannot recover. "
                      "Lower the learning rate and press Reset.", warning=True)  # fmt: skip
            return
        if iterations is not None:
            self.set(iterations=iterations)
            self._begin_leg()
        if self.state == "playing":
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError(
                "Dashboard.play() trains in the background on a running asyncio event loop, "
                "which Jupyter provides. Outside Jupyter, call it from a coroutine, e.g. "
                "asyncio.run(main()) where main() calls dash.play() and await dash.wait()."
            ) from None
        if self.target is None:
            self._begin_leg()
        self._say("")
        self.state = "playing"
        self._rate = (time.perf_counter(), self.run.iteration, self._rate[2])
        if self._task is None or self._task.done():  # else the running task simply goes on
            self._error = None
            self._task = loop.create_task(self._train())

    def pause(self):
        """Stop training after the current slice; Play goes on from here."""
        if self.state == "playing":
            self.state = "paused"
            self._redraw_soon()

    def step(self):
        """One iteration (pauses first if training)."""
        if self.state == "diverged":
            self._say("This run has diverged. Lower the learning rate and press Reset.", warning=True)
            return
        self.pause()
        with blas.limit(1):  # responsive: the other core stays free for the kernel
            self._step()
        self._redraw_soon()

    def reset(self):
        """A new network (a new run) with the current settings; the old run stays, faded."""
        self._start_new_run()

    def clear_runs(self):
        """Remove the faded past runs from the plot."""
        self.runs.clear()
        self._version["runs"] += 1
        self._redraw_soon()

    def set(self, **settings):
        """Move sliders as a user would: learning_rate, batch_size, hidden_size, iterations."""
        c = self.controls
        sliders = {
            "learning_rate": c.lr,
            "batch_size": c.batch,
            "hidden_size": c.hidden,
            "iterations": c.iters,
        }
        for name, value in settings.items():
            if name not in sliders:
                raise TypeError(f"set: unknown setting {name!r}; the settings are {', '.join(SETTINGS)}")
            slider = sliders[name]
            low, high = (10.0**slider.min, 10.0**slider.max) if slider is c.lr else (slider.min, slider.max)
            if not low <= value <= high:
                raise ValueError(f"set: {name} must be between {low:g} and {high:g} (the slider's range), "
                                 f"got {value!r}")  # fmt: skip
        for name, value in settings.items():
            sliders[name].value = value

    async def wait(self):
        """Wait until training stops: finished, paused, or stopped by the divergence check.

        The rest of the run trains right here, and the pictures keep updating, but the
        cell does not yield to the event loop until it is done. The reason is a bug of
        ipykernel 7.4: a widget message handled while a cell awaits gets no "idle"
        status, and the widget then never sends a change again. So clicks and slider
        moves made during a waiting cell are handled when it ends. (Play from the
        dashboard needs no waiting cell: then they act at once.)
        """
        try:
            while self.state == "playing":
                self._slice()
        except BaseException as error:  # an error, or the kernel interrupted (Ctrl-C)
            self.state = "paused"
            if isinstance(error, Exception):
                self._say(f"Training stopped by an error: {type(error).__name__}: {error}", warning=True)
            raise
        self._show_status()
        self._redraw(everything=True)  # what is shown is where training stopped
        if self._error is not None:  # the background task stopped with an error
            error, self._error = self._error, None
            raise error

    async def compare(self, iterations=300, **settings):
        """One new run per value of the one setting given as a list, on a cleared plot.

            await dash.compare(learning_rate=[0.01, 0.1, 1])
            await dash.compare(batch_size=[1, 100, 1000], learning_rate=0.1, iterations=200)

        Settings given as single values are set first and stay for all runs.
        """
        lists = {k: v for k, v in settings.items() if isinstance(v, (list, tuple))}
        if len(lists) != 1:
            raise ValueError("compare: give exactly one setting as a list of values, "
                             f"e.g. learning_rate=[0.01, 0.1, 1]; got {settings}")  # fmt: skip
        ((name, values),) = lists.items()
        self.pause()
        self.set(**{k: v for k, v in settings.items() if k != name}, iterations=iterations)
        self.reset()
        self.clear_runs()
        for value in values:
            self.set(**{name: value})
            self.reset()
            self.play()
            await self.wait()

    # --- the sliders -----------------------------------------------------------------

    def _on_learning_rate(self, change):
        self.run.trainer.learning_rate = change.new  # read by the next step()
        self._show_status()

    def _on_batch_size(self, change):
        self.run.trainer.batch_size = change.new  # read by the next step()
        self._show_status()

    def _on_large_font(self, change):
        self._make_figures(change.new)
        self._redraw_soon()

    def _on_iterations(self, change):
        if self.target is not None:  # the run on its way: stop at the new count, or now
            self.target = max(self.leg_start + change.new, self.run.iteration)

    # --- runs ------------------------------------------------------------------------

    def _new_run(self):
        used = {r.color for r in self.runs}
        color = next((f"C{i}" for i in range(10) if f"C{i}" not in used), "C0")
        c = self.controls
        return Run.start(self.data, hidden_size=c.hidden.value, learning_rate=c.lr.value,
                         batch_size=c.batch.value, seed=self.seed, color=color)  # fmt: skip

    def _start_new_run(self):
        """Keep the current run (faded) if it trained at all, and start a new one."""
        old = self.run
        if old.iteration > 0:
            self.runs.append(old)
            del self.runs[:-MAX_PAST_RUNS]
        self.run = self._new_run()
        self._version["runs"] += 1
        self._rate = (time.perf_counter(), 0, 0.0)  # iterations per second: count afresh
        self.target = None
        if self.state == "playing":
            self._begin_leg()
        else:
            self.state = "paused"  # also after "diverged": the new run is fine
        self._say("")
        self._redraw_soon()

    def _begin_leg(self):
        self.leg_start = self.run.iteration
        self.target = self.leg_start + self.controls.iters.value

    # --- training --------------------------------------------------------------------

    async def _train(self):
        """The background task of Play: train in slices until paused, finished or stopped."""
        try:
            while self.state == "playing":
                self._slice()
                await asyncio.sleep(0)  # let the kernel handle clicks, sliders, cells
            self._show_status()
            self._redraw_soon()  # the last pictures; wait() draws them at once
        except Exception as error:  # show it where the user looks; wait() raises it
            self.state = "paused"
            self._error = error
            self._say(f"Training stopped by an error: {type(error).__name__}: {error}", warning=True)

    def _slice(self):
        """Train for SLICE seconds, then redraw what is due."""
        self._train_for(SLICE)
        self._redraw()

    def _train_for(self, seconds):
        with blas.limit(1):  # responsive: the other core stays free for the kernel
            self._train_until(time.perf_counter() + seconds)

    def _train_until(self, end):
        while self.state == "playing":
            if self.run.iteration >= self.target:
                self.state = "paused"
                self._say(f"Finished {self.target - self.leg_start:,} iterations. "
                          "Play trains as many more.")  # fmt: skip
                self.target = None  # the next Play starts a new count
                return
            self._step()
            if time.perf_counter() >= end:
                return

    def _step(self):
        """One Trainer.step(), noted in the run; stop if training blew up."""
        step = self.run.trainer.step()
        self.run.record(step)
        trouble = self.run.trouble(step)
        if trouble:
            self.state = "diverged" if step.diverged else "paused"
            self._say(trouble, warning=True)

    # --- drawing ---------------------------------------------------------------------

    def _make_figures(self, large):
        self._version["figures"] += 1
        data = self.data
        self.curves = Curves(large=large)
        self.digits = normalized(data[2][:SHOWN_DIGITS])
        self.predictions = Predictions(self.digits, _labels(data[3][:SHOWN_DIGITS]), large=large)
        self._zoom = 3 if large else 2
        self.controls.show_large(large)

    def _redraw_soon(self):
        """Redraw everything shortly after a click (a burst of clicks, one redraw).

        While training, the task redraws anyway; without an event loop, redraw now.
        """
        if self.state == "playing":
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._redraw(everything=True)
            return
        if self._redraw_due_on is not loop:  # (a loop that closed never ran its redraw)
            self._redraw_due_on = loop
            loop.call_later(REDRAW_DELAY, self._redraw, True)

    def _redraw(self, everything=False):
        """Redraw what is due and has changed: status and curves, then weights and predictions.

        everything: now, without waiting for the next due time (after a click, or
        when training stops); still only the pictures whose content changed.
        """
        self._redraw_due_on = None
        now = time.perf_counter()
        run, trainer = self.run, self.run.trainer
        if everything or now - self._drawn["curves"] >= CURVES_EVERY:
            self._drawn["curves"] = now
            self._show_status()
            content = (self._version["figures"], self._version["runs"], run.iteration)
            if content != self._shown["curves"]:
                self._shown["curves"] = content
                self.controls.plot.value = self.curves.png(run, self.runs)
                self.redraws["curves"] += 1
        if everything or now - self._drawn["pictures"] >= PICTURES_EVERY:
            self._drawn["pictures"] = now
            content = (self._version["figures"], self._version["runs"], run.iteration)
            if content != self._shown["pictures"]:
                self._shown["pictures"] = content
                network = trainer.network
                self.controls.weights.value = weights_png(network.params["W1"], SHOWN_UNITS, zoom=self._zoom)
                self.redraws["weights"] += 1
                with np.errstate(all="ignore"):  # ruined weights give nan: drawn, not warned about
                    predicted = network.predict(self.digits).argmax(axis=1)
                shown = self.predictions.shown
                if shown is None or not np.array_equal(predicted, shown):
                    self.controls.predictions.value = self.predictions.png(predicted)
                    self.redraws["predictions"] += 1

    def _show_status(self):
        run, trainer = self.run, self.run.trainer
        now = time.perf_counter()
        then, iteration, rate = self._rate
        if self.state == "playing" and now - then >= 0.5:  # iterations per second, smoothed
            new = (run.iteration - iteration) / (now - then)
            rate = new if rate == 0 else 0.5 * rate + 0.5 * new
            self._rate = (now, run.iteration, rate)
        losses = run.losses[-50:]
        loss = f"{sum(losses) / len(losses):.3f}" if losses else "–"
        last = run.evaluations[-1] if run.evaluations else None
        acc = (
            f"train acc {last.train_acc:.3f} · test acc {last.test_acc:.3f}"
            if last
            else "train acc – · test acc –"
        )
        speed = f"{rate:,.0f} it/s" if self.state == "playing" and rate else self.state
        self.controls.status.value = (
            f"<b>{speed}</b> · iteration {run.iteration:,} · epoch {trainer.epoch:.2f} · loss {loss} · {acc}"
            f" · lr {trainer.learning_rate:.3g} · batch {trainer.batch_size} · hidden {run.hidden_size}"
        )

    def _say(self, text, warning=False):
        style = "color:#b00020;font-weight:bold" if warning else "color:#333"
        self.controls.message.value = f'<span style="{style}">{text}</span>' if text else ""


# --- input ---------------------------------------------------------------------------


def _data(x_train, t_train, x_test, t_test):
    """(x_train, t_train, x_test, t_test) checked, loading MNIST if none given; and a name."""
    given = [a is not None for a in (x_train, t_train, x_test, t_test)]
    if not any(given):
        from nnlib.mnist import load_raw

        arrays, source = load_raw()
        name = "MNIST" if source == "full" else "the offline MNIST sample"
        return (arrays["x_train"], arrays["t_train"], arrays["x_test"], arrays["t_test"]), name
    if not all(given):
        raise TypeError(
            "Dashboard: give all four arrays (x_train, t_train, x_test, t_test), or none to load MNIST"
        )
    x_train, t_train, x_test, t_test = (np.asarray(a) for a in (x_train, t_train, x_test, t_test))
    for x, t, part in ((x_train, t_train, "train"), (x_test, t_test, "test")):
        if x.ndim != 2 or x.shape[1] != 784:
            raise ValueError(f"Dashboard: x_{part} must be (N, 784) flattened images, got shape {x.shape}; "
                             "load them with load_mnist(flatten=True)")  # fmt: skip
        if len(t) != len(x) or not (t.ndim == 1 or (t.ndim == 2 and t.shape[1] == 10)):
            raise ValueError(f"Dashboard: t_{part} must be (N,) labels or (N, 10) one-hot for the "
                             f"{len(x)} images of x_{part}, got shape {t.shape}")  # fmt: skip
    if len(x_test) < SHOWN_DIGITS:
        raise ValueError(f"Dashboard: x_test needs at least {SHOWN_DIGITS} images, got {len(x_test)}")
    return (x_train, t_train, x_test, t_test), "MNIST"


def _labels(t):
    t = np.asarray(t)
    return t.argmax(axis=1) if t.ndim == 2 else t


def _strip_tags(html):
    return re.sub(r"<[^>]+>", "", html)
