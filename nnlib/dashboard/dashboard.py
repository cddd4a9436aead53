"""The live training dashboard: ``Dashboard`` drives ``nnlib.train.Trainer`` from widgets.

How it stays responsive: Play starts an asyncio task on the kernel's own event
loop. The task trains for ``SLICE`` seconds (a few mini-batch steps), redraws
what is due, and yields with ``await asyncio.sleep(...)`` (0 at full speed; at a
set pace, until the next iteration is due). While it yields, the kernel handles
slider moves, button clicks and other cells, so a new learning rate or batch size
is read by the very next ``Trainer.step()``. Nothing runs in a thread.
(``await dash.wait()``, for notebooks that run unattended, trains in its cell
instead: see its docstring.)

What it redraws, and how often (the Agg renderer, PNG bytes into Image widgets):
the status line and the curves every ``CURVES_EVERY`` seconds; the first-layer
weights and the predictions every ``PICTURES_EVERY`` seconds (and only when a
prediction changed); everything at once when training stops. Live curves are
drawn at one image pixel per CSS pixel (fast); still pictures at ``STILL_SCALE``
pixels per CSS pixel, sharp on a high-density screen too. See figures.py for why
that is cheap.

One kernel, one trainer: a new dashboard (a re-run cell) pauses the others, and
Play on one pauses any other that trains; each says why in its message line.
Closing the widgets (``dash.close()``) stops the task. Kernel -> Interrupt
(SIGINT) pauses training: while it trains, the dashboard keeps a SIGINT handler
of its own in front of the kernel's (see ``_guard_sigint``).

After a kernel restart the widgets stay on the page, but nothing answers them:
the status line then says "stopped" and to run the cell again (see controls.CSS;
the kernel renews the status at least every ``BEAT`` seconds while it is alive).
"""

import asyncio
import re
import signal
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from nnlib import blas
from nnlib.dashboard import demos
from nnlib.dashboard.controls import PACE_RATES, Controls
from nnlib.dashboard.figures import Curves, Predictions, Strokes, Weights, png
from nnlib.dashboard.session import Run, format_lr
from nnlib.i18n import catalog
from nnlib.train import EVAL_CHUNK, normalized

# What the dashboard writes (its status line, messages and errors); the widgets' own
# labels are in controls.py, the demos' in demos.py, the runs' in session.py.
MESSAGES = catalog("dashboard", {
    "mnist": ("MNIST", "MNIST"),
    "sample": ("the offline MNIST sample", "オフライン用の MNIST サンプル"),
    "title": ("TwoLayerNet on {source} ({n:,} training images)",
              "TwoLayerNet（{source}、訓練データ {n:,} 枚）"),
    "all_images": ("all {n:,} images", "全 {n:,} 枚"),
    "images": ("{n:,} images", "{n:,} 枚"),
    "newer": ("a newer dashboard was created in this kernel (a cell run again?)",
              "このカーネルで新しいダッシュボードが作られました（セルをもう一度実行しましたか？）"),
    "which": ("snapshot: which must be one of {names}, got {which!r}",
              "snapshot: which には {names} のどれかを指定してください（{which!r} が指定されました）"),
    "closed": ("this dashboard has been closed; create a new one: dash = Dashboard()",
               "このダッシュボードは閉じられています。新しく作ってください: dash = Dashboard()"),
    "diverged_play": ("This run has diverged and cannot recover. Lower the learning rate and press Reset.",
                      "この学習は発散していて、もう戻りません。学習率を下げて「リセット」を押してください。"),
    "no_loop": ("Dashboard.play() trains in the background on a running asyncio event loop, "
                "which Jupyter provides. Outside Jupyter, call it from a coroutine, e.g. "
                "asyncio.run(main()) where main() calls dash.play() and await dash.wait().",
                "Dashboard.play() は、動いている asyncio のイベントループの上で裏で学習します"
                "（Jupyter にはあります）。Jupyter の外では、コルーチンから呼んでください。例: "
                "main() の中で dash.play() と await dash.wait() を呼び、asyncio.run(main()) を実行します。"),
    "other_trains": ("another dashboard of this kernel started training",
                     "このカーネルの別のダッシュボードが学習を始めました"),
    "diverged_step": ("This run has diverged. Lower the learning rate and press Reset.",
                      "この学習は発散しています。学習率を下げて「リセット」を押してください。"),
    "unknown_setting": ("set: unknown setting {name!r}; the settings are {names}",
                        "set: {name!r} という設定はありません。設定は {names} です"),
    "train_size": ("set: train_size must be None (all {n:,} images) or one of {allowed}, got {value!r}",
                   "set: train_size は None（全 {n:,} 枚）か {allowed} のどれかにしてください"
                   "（{value!r} が指定されました）"),
    "range": ("set: {name} must be between {low:g} and {high:g} (the slider's range), got {value!r}",
              "set: {name} は {low:g} から {high:g} まで（スライダーの範囲）にしてください"
              "（{value!r} が指定されました）"),
    "error": ("Training stopped by an error: {kind}: {error}", "エラーで学習が止まりました: {kind}: {error}"),
    "compare_lists": ("compare: give exactly one setting as a list of values, "
                      "e.g. learning_rate=[0.01, 0.1, 1]; got {settings}",
                      "compare: 設定を 1 つだけ値のリストで指定してください"
                      "（例: learning_rate=[0.01, 0.1, 1]）。指定されたのは {settings} です"),
    "learning_rate": ("learning rate", "学習率"),
    "batch_size": ("batch size", "バッチサイズ"),
    "hidden_size": ("hidden size", "ニューロン数"),
    "train_size_name": ("train size", "訓練データの枚数"),
    "demo_run": ("Demo “{title}”: run {i} of {n}, {setting} {value:g}…",
                 "デモ「{title}」: {n} 回中 {i} 回目の学習、{setting} {value:g}…"),
    "demo_done": ("<b>{heading}.</b> {look}", "<b>{heading}。</b>{look}"),
    "demo_stopped": ("The demo “{title}” stopped before its last run was done; "
                     "choose it again to see it whole.",
                     "デモ「{title}」は最後の学習が終わる前に止まりました。全部見るには、"
                     "もう一度選んでください。"),
    "demo_no_loop": ("A demo from the menu trains in the background, which needs Jupyter's event loop; "
                     "in code, run await dash.demo({name!r}).",
                     "メニューのデモは裏で学習するので、Jupyter のイベントループが必要です。"
                     "コードからは await dash.demo({name!r}) を実行してください。"),
    "demo_error": ("The demo stopped with an error: {kind}: {error}",
                   "エラーでデモが止まりました: {kind}: {error}"),
    "saved": ("Saved the network of the current run ({label}, iteration {i:,}) to {path}.",
              "今の学習のネットワーク（{label}、更新回数 {i:,}）を {path} に保存しました。"),
    "lr_typed": ("The learning rate must be a number from {low} to {high}; got {typed!r}.",
                 "学習率は {low} から {high} までの数にしてください（{typed!r} が入力されました）。"),
    "paused_for": ("Paused: {why}. Only one dashboard trains at a time; Play here goes on.",
                   "一時停止しました: {why}。学習できるダッシュボードは一度に 1 つです。"
                   "ここで「開始」を押すと続きます。"),
    "finished": ("Finished {n:,} iterations. Play trains as many more.",
                 "{n:,} 回更新しました。「開始」を押すと、さらに同じ回数だけ学習します。"),
    "weights_caption": ("<b>Weights</b> W1 of {units} hidden units",
                        "<b>重み</b> W1（ニューロン {units} 個）"),
    "dash": ("–", "–"),
    "acc_none": ("train acc – · test acc –", "訓練データの認識精度 – · テストデータの認識精度 –"),
    "acc": ("train acc {train:.3f} · test acc {test:.3f}",
            "訓練データの認識精度 {train:.3f} · テストデータの認識精度 {test:.3f}"),
    "acc_before": (" (at iteration {i:,}, before it diverged)", "（発散する前、更新回数 {i:,} の値）"),
    "rate": ("{rate:,.0f} it/s", "毎秒 {rate:,.0f} 回"),
    "playing": ("playing", "学習中"),
    "diverged": ("diverged", "発散"),
    "paused": ("paused", "一時停止中"),
    "pace": (" · pace {pace} it/s", " · 速度 毎秒 {pace} 回"),
    "train_images": (" · {n:,} training images", " · 訓練データ {n:,} 枚"),
    "stopped": ("stopped", "停止"),
    "status": (" · iteration {i:,} · epoch {epoch:.2f} · loss {loss} · {acc} · lr {lr} · batch {batch}"
               " · hidden {hidden}{images}{pace}",
               " · 更新回数 {i:,} · エポック {epoch:.2f} · 損失関数の値 {loss} · {acc} · 学習率 {lr}"
               " · バッチサイズ {batch} · ニューロン数 {hidden}{images}{pace}"),
    "no_word": (" · no word from the kernel: it is busy, or it was restarted. "
                "If this stays, run the dashboard's cell again.",
                " · カーネルから応答がありません。計算中か、再起動されたのかもしれません。"
                "このままなら、ダッシュボードのセルをもう一度実行してください。"),
    "interrupted": ("Interrupted (Kernel → Interrupt): training paused. Play goes on from here.",
                    "中断しました（Kernel → Interrupt）: 学習を一時停止しています。"
                    "「開始」でここから続きます。"),
    "pace_values": ("pace must be 0 or None (full speed) or one of {allowed} iterations "
                    "per second, got {value!r}",
                    "pace は 0 か None（最高速）、または毎秒の更新回数 {allowed} のどれかにしてください"
                    "（{value!r} が指定されました）"),
    "all_four": ("Dashboard: give all four arrays (x_train, t_train, x_test, t_test), or none to load MNIST",
                 "Dashboard: 4 つの配列 (x_train, t_train, x_test, t_test) を全部渡してください。"
                 "何も渡さなければ MNIST を読み込みます"),
    "x_shape": ("Dashboard: x_{part} must be (N, 784) flattened images, got shape {shape}; "
                "load them with load_mnist(flatten=True)",
                "Dashboard: x_{part} は (N, 784) の平らにした画像にしてください（形状は {shape} でした）。"
                "load_mnist(flatten=True) で読み込めます"),
    "t_shape": ("Dashboard: t_{part} must be (N,) labels or (N, 10) one-hot for the {n} images of x_{part}, "
                "got shape {shape}",
                "Dashboard: t_{part} は x_{part} の {n} 枚の画像の (N,) のラベルか (N, 10) の one-hot 表現に"
                "してください（形状は {shape} でした）"),
    "few_test": ("Dashboard: x_test needs at least {shown} images, got {n}",
                 "Dashboard: x_test には {shown} 枚以上の画像が必要です（{n} 枚でした）"),
})  # fmt: skip

SLICE = 0.01  # seconds of training between two yields to the kernel
CURVES_EVERY = 0.08  # seconds between redraws of the status line and curves (12.5 a second)
PICTURES_EVERY = 1.0  # seconds between redraws of the weights and predictions
REDRAW_DELAY = 0.05  # seconds from a click to its redraw (a burst of clicks, one redraw)
BEAT = 1.0  # seconds between two renewals of the status line while the kernel is alive
MAX_PACE_LAG = 0.25  # seconds a paced run may fall behind before its clock starts afresh
MAX_PAST_RUNS = 8  # faded runs kept on the plot
SHOWN_DIGITS = 20  # test digits in the predictions grid
SHOWN_UNITS = 8  # hidden units in the weights picture, and in the learned-strokes picture beside it
UNIT_COLUMNS = 4  # tiles per row in each
TRAIN_SIZES = (10_000, 1_000, 300)  # the training-set menu, after "all"
STILL_SCALE = 2  # image pixels per CSS pixel of the pictures shown while nothing moves
DEFAULT_PACE = 100  # iterations per second: Play with the default 1,000 iterations lasts 10 s
# The pictures' sizes on the page, in CSS pixels, and their text in points.
PLOT_SIZE = {False: (780, 300), True: (1000, 420)}  # (width, height) by large font
FONT = {False: 13, True: 17}
DIGIT_ZOOM = {False: 2, True: 3}
SETTINGS = ("learning_rate", "batch_size", "hidden_size", "iterations", "pace", "train_size")

_dashboards = weakref.WeakSet()  # every dashboard of this kernel (one trains at a time)
_in_task = False  # True while the training task of a dashboard is taking a slice


class Dashboard:
    """Train the book's TwoLayerNet on MNIST live, with sliders, buttons and plots.

        dash = Dashboard()       # loads MNIST with nnlib.mnist.load_raw()
        dash                     # as the last line of a cell: shows it

    Or ``Dashboard(x_train, t_train, x_test, t_test)`` with your own arrays:
    images (N, 784) uint8 0..255 or float in [0, 1]; labels (N,) or one-hot (N, 10).

    The buttons have methods of the same names, for cells and tests:
    ``play(iterations=None)``, ``pause()``, ``step()``, ``reset()``, ``clear_runs()``;
    ``set(learning_rate=..., pace=..., ...)`` moves sliders; ``await dash.wait()`` waits
    until training stops; ``close()`` removes the widgets and stops training. Every run
    starts from the same ``seed``: the same initial weights, so runs differ only by
    their settings. pace: iterations per second (one of 200, 100, 50, 10), or 0 for
    full speed; the default 100 makes the default Play of 1,000 iterations last 10 s.
    """

    def __init__(self, x_train=None, t_train=None, x_test=None, t_test=None, *, learning_rate=0.1,
                 batch_size=100, hidden_size=50, iterations=1000, pace=DEFAULT_PACE, seed=0,
                 large_font=False):  # fmt: skip
        self.data, source = _data(x_train, t_train, x_test, t_test)
        self.seed = seed
        n = len(self.data[0])
        title = MESSAGES["title"].format(source=MESSAGES[source], n=n)
        train_sizes = [(MESSAGES["all_images"].format(n=n), 0)]
        train_sizes += [(MESSAGES["images"].format(n=k), k) for k in TRAIN_SIZES if k < n]
        menu = [(d.title, d.name) for d in demos.DEMOS.values()]
        self.controls = c = Controls(learning_rate, batch_size, hidden_size, iterations, _pace(pace), title,
                                     train_sizes, menu)  # fmt: skip
        self._demo_task = None  # a demo started from the menu, while it runs
        self.runs = []  # past runs, oldest first: drawn faded
        self.run = self._new_run()
        self.state = "paused"  # or "playing", or "diverged" (Step.diverged: only Reset helps)
        self.target = None  # the iteration at which Play stops
        self.leg_start = 0  # the iteration at which Play was pressed
        self._task = None  # the training task while playing
        self._error = None  # an exception that stopped the task, for wait()
        self._redraw_due_on = None  # the event loop that will run a redraw soon
        self._encoding = None  # a live frame being turned into PNG bytes (a Future)
        self._beat_on = None  # the event loop that will renew the status line
        self._beats = 0
        self._rate = (time.perf_counter(), 0, 0.0)  # (time, iteration, iterations per second)
        self._clock = (time.perf_counter(), 0)  # a paced run: (time, iteration) it counts from
        self._drawn = {"curves": -np.inf, "pictures": -np.inf}  # when each was last redrawn
        self._shown = {"curves": None, "pictures": None}  # what each showed then
        self._version = {"figures": 0, "runs": 0}  # counts new figures, and new or cleared runs
        self.redraws = {"curves": 0, "weights": 0, "strokes": 0, "predictions": 0}
        self._make_figures(large_font)

        c.play.on_click(lambda _: self.play())
        c.pause.on_click(lambda _: self.pause())
        c.step.on_click(lambda _: self.step())
        c.reset.on_click(lambda _: self.reset())
        c.clear.on_click(lambda _: self.clear_runs())
        c.lr.observe(self._on_learning_rate, "value")
        c.lr_value.observe(self._on_learning_rate_typed, "value")
        c.batch.observe(self._on_batch_size, "value")
        c.hidden.observe(lambda change: self._start_new_run(), "value")
        c.iters.observe(self._on_iterations, "value")
        c.pace.observe(self._on_pace, "value")
        c.train_size.observe(lambda change: self._start_new_run(), "value")
        c.demo.observe(self._on_demo, "value")
        c.large.value = large_font
        c.large.observe(self._on_large_font, "value")
        for other in list(_dashboards):  # one trainer per kernel: the newest
            other._make_way(MESSAGES["newer"])
        _dashboards.add(self)
        self._redraw(everything=True)
        self._keep_beating()

    # --- what a notebook shows -----------------------------------------------------

    def _repr_mimebundle_(self, **kwargs):
        """Show the widgets; as text, a short summary instead of every widget's state."""
        view = {"version_major": 2, "version_minor": 0, "model_id": self.controls.box.model_id}
        return {"text/plain": f"Dashboard({self.run.label})",
                "application/vnd.jupyter.widget-view+json": view}  # fmt: skip

    def snapshot(self, which="plot"):
        """The current picture as an IPython Image, to keep in the notebook's output.

        which: "plot" (loss and accuracy), "weights", "strokes" (W1 - W1 at the start) or
        "predictions". Shown at the dashboard's size, sharp on high-density screens.
        """
        from IPython.display import Image

        images = {"plot": self.controls.plot, "weights": self.controls.weights,
                  "strokes": self.controls.strokes, "predictions": self.controls.predictions}  # fmt: skip
        if which not in images:
            raise ValueError(MESSAGES["which"].format(names=sorted(images), which=which))
        if self.state != "playing":
            self._redraw(everything=True)
        image = images[which]
        return Image(data=image.value, format="png", width=int(image.layout.width.removesuffix("px")))

    @property
    def message(self):
        """The text of the message area (divergence and notices), without HTML."""
        return _strip_tags(self.controls.message.value)

    @property
    def status(self):
        """The text of the status line as the page shows it while the kernel runs, without HTML."""
        live = re.sub(r'<span class="nnlib-stale">.*?</span>', "", self.controls.status.value)
        return _strip_tags(live)

    @property
    def diverged(self):
        """True if the divergence check stopped the current run."""
        return self.run.warned or self.state == "diverged"

    @property
    def pace(self):
        """Iterations per second that Play trains at; 0: full speed."""
        return self.controls.pace.value

    # --- the buttons ---------------------------------------------------------------

    def play(self, iterations=None):
        """Train in the background; return at once (training goes on while other cells run).

        With ``iterations``: that many more (the slider moves to it). Without: a
        paused run goes on to where the last Play was heading, else the slider's count.
        Any other dashboard of this kernel that trains is paused first.
        """
        if self.closed:
            raise RuntimeError(MESSAGES["closed"])
        if self.state == "diverged":
            self._say(MESSAGES["diverged_play"], warning=True)
            return
        if iterations is not None:
            self.set(iterations=iterations)
            self._begin_leg()
        if self.state == "playing":
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError(MESSAGES["no_loop"]) from None
        for other in list(_dashboards):
            if other is not self:
                other._make_way(MESSAGES["other_trains"])
        if self.target is None or self.run.iteration >= self.target:  # (Step may have got there)
            self._begin_leg()
        self._say("")
        self.state = "playing"
        self._rate = (time.perf_counter(), self.run.iteration, self._rate[2])
        self._restart_clock()
        _guard_sigint()
        self._keep_beating()
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
            self._say(MESSAGES["diverged_step"], warning=True)
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

    def close(self):
        """Stop training and remove the dashboard's widgets from the page."""
        self.state = "paused" if self.state == "playing" else self.state
        _dashboards.discard(self)
        for widget in self.controls.all_widgets():
            widget.close()

    @property
    def closed(self):
        """True once the widgets have been closed (``close()``, or ``Widget.close_all()``)."""
        return self.controls.box.comm is None

    def set(self, **settings):
        """Move controls as a user would: learning_rate, batch_size, hidden_size, iterations, pace,
        train_size (train on the first that many images: one of the menu's sizes, or 0 or None for all;
        a new size starts a new run)."""
        c = self.controls
        sliders = {
            "learning_rate": c.lr,
            "batch_size": c.batch,
            "hidden_size": c.hidden,
            "iterations": c.iters,
            "pace": c.pace,
            "train_size": c.train_size,
        }
        for name, value in settings.items():
            if name not in sliders:
                raise TypeError(MESSAGES["unknown_setting"].format(name=name, names=", ".join(SETTINGS)))
            if name == "pace":
                settings[name] = _pace(value)
                continue
            if name == "train_size":
                settings[name] = value = 0 if value is None or value >= len(self.data[0]) else value
                allowed = [size for _, size in c.train_size.options]
                if value not in allowed:
                    raise ValueError(MESSAGES["train_size"].format(n=len(self.data[0]), allowed=allowed[1:],
                                                                   value=value))  # fmt: skip
                continue
            slider = sliders[name]
            low, high = (10.0**slider.min, 10.0**slider.max) if slider is c.lr else (slider.min, slider.max)
            if not low <= value <= high:
                raise ValueError(MESSAGES["range"].format(name=name, low=low, high=high, value=value))
        for name, value in settings.items():
            sliders[name].value = value

    async def wait(self):
        """Wait until training stops: finished, paused, or stopped by the divergence check.

        The rest of the run trains right here (at the set pace), and the pictures keep
        updating, but the cell does not yield to the event loop until it is done. The
        reason is a bug of ipykernel 7.4: a widget message handled while a cell awaits
        gets no "idle" status, and the widget then never sends a change again. So
        clicks and slider moves made during a waiting cell are handled when it ends.
        (Play from the dashboard needs no waiting cell: then they act at once.)
        """
        try:
            while self.state == "playing":
                delay = self._slice()
                if delay:
                    time.sleep(delay)
        except BaseException as error:  # an error, or the kernel interrupted (Ctrl-C)
            self.state = "paused"
            if isinstance(error, Exception):
                self._say(MESSAGES["error"].format(kind=type(error).__name__, error=error), warning=True)
            else:
                self._say(MESSAGES["interrupted"])
            self._redraw(everything=True)
            raise
        self._redraw(everything=True)  # what is shown is where training stopped
        if self._error is not None:  # the background task stopped with an error
            error, self._error = self._error, None
            raise error

    async def compare(self, iterations=300, **settings):
        """One new run per value of the one setting given as a list, on a cleared plot.

            await dash.compare(learning_rate=[0.01, 0.1, 1])
            await dash.compare(batch_size=[1, 100, 1000], learning_rate=0.1, iterations=200)

        Settings given as single values are set first and stay for all runs. If a run
        stops before its end (Pause, Interrupt, or another dashboard), the comparison
        stops there; a run stopped by the divergence check counts as done.
        """
        await self._compare(self.wait, iterations, settings)

    async def _compare(self, wait, iterations, settings, say=None):
        """compare(), waiting for each run with ``wait`` (an async function); True if every run
        finished. say(i, n): a message for the i-th of n runs, shown while it trains."""
        lists = {k: v for k, v in settings.items() if isinstance(v, (list, tuple))}
        if len(lists) != 1:
            raise ValueError(MESSAGES["compare_lists"].format(settings=settings))
        ((name, values),) = lists.items()
        self.pause()
        self.set(**{k: v for k, v in settings.items() if k != name}, iterations=iterations)
        self.reset()
        self.clear_runs()
        for i, value in enumerate(values):
            if name not in ("hidden_size", "train_size"):  # (a new one of these starts a new run by itself)
                self.reset()  # first: a slider moved now acts on the new run, not the last one
            self.set(**{name: value})
            run = self.run
            self.play()
            if say is not None:
                self._say(say(i, len(values)))
            await wait()
            if self.run is not run or (run.iteration < iterations and not self.diverged):
                return False
        return True

    async def demo(self, name):
        """Run one of the lecture demos (the dashboard's demo menu), here in the cell:

            await dash.demo("lr_too_large")

        It sets the dashboard up, trains its runs one after the other on a cleared plot,
        each labelled with its settings, and then says in the message line what to look
        at. The names: lr_too_large, lr_too_small, batch_1_vs_100, overfitting,
        hidden_size (``nnlib.dashboard.demos.DEMOS``). The pace stays as set.
        """
        await self._run_demo(demos.find(name), self.wait)

    async def _run_demo(self, demo, wait):
        setting, values = demo.vary

        name = MESSAGES["train_size_name" if setting == "train_size" else setting]

        def say(i, n):
            return MESSAGES["demo_run"].format(title=demo.title, i=i + 1, n=n, setting=name, value=values[i])

        done = await self._compare(wait, demo.iterations, {**demo.settings, setting: values}, say)
        if done:
            self._say(MESSAGES["demo_done"].format(heading=demo.heading, look=demo.look))
        else:
            self._say(MESSAGES["demo_stopped"].format(title=demo.title), warning=True)

    async def _stopped(self):
        """Wait until training stops, yielding to the event loop (for a demo from the menu)."""
        while self.state == "playing":
            await asyncio.sleep(0.05)

    def _on_demo(self, change):
        if not change.new:
            return
        self.controls.demo.value = ""  # the menu reads "choose..." again: the same demo can be chosen again
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._say(MESSAGES["demo_no_loop"].format(name=change.new), warning=True)
            return
        if self._demo_task is not None and not self._demo_task.done():
            self._demo_task.cancel()
        self._demo_task = loop.create_task(self._demo_from_menu(demos.find(change.new)))

    async def _demo_from_menu(self, demo):
        try:
            await self._run_demo(demo, self._stopped)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # show it where the user looks
            self.pause()
            self._say(MESSAGES["demo_error"].format(kind=type(error).__name__, error=error), warning=True)

    # --- the current network ------------------------------------------------------

    @property
    def network(self):
        """The current run's network (a ``TwoLayerNet``; Reset replaces it)."""
        return self.run.trainer.network

    def save_params(self, file_name="params.npz"):
        """Save the current run's network with ``TwoLayerNet.save_params`` (an .npz of plain arrays).

        Load it into a network of the same hidden size:
        ``TwoLayerNet(784, hidden, 10, dtype=np.float32).load_params(file_name)``.
        Returns the path written, and says so in the message line.
        """
        path = self.network.save_params(file_name)
        self._say(MESSAGES["saved"].format(label=self.run.label, i=self.run.iteration, path=path))
        return path

    def test_predictions(self):
        """The current network's probabilities for every test image: (N, 10), and the labels (N,)."""
        x, t = self.data[2], _labels(self.data[3])
        with np.errstate(all="ignore"):  # ruined weights give nan, drawn as such
            y = np.concatenate([self.network.predict(normalized(x[i : i + EVAL_CHUNK]))
                                for i in range(0, len(x), EVAL_CHUNK)])  # fmt: skip
        return y, t

    def show_mistakes(self, n=12):
        """What the current network gets wrong on the test set: the confusion matrix (counts
        and a normalised view) and the ``n`` most confident mistakes. Returns both figures' axes."""
        from nnlib.plotting.mistakes import plot_confusion_matrix, show_confident_mistakes

        y, t = self.test_predictions()
        return plot_confusion_matrix(t, y.argmax(axis=1)), show_confident_mistakes(self.data[2], t, y, n)

    def learned_strokes(self, units=8):
        """A figure of what the first ``units`` hidden units of the current run have learned:
        their W1, and W1 - W1 at the start of the run, as 28x28 tiles (nnlib.plotting.strokes).
        Returns its (2, units) axes."""
        from nnlib.plotting.strokes import plot_learned_strokes

        return plot_learned_strokes(self.network.params["W1"], self.run.W1_start, units=units)

    def digit_pad(self):
        """A ``DigitPad`` that reads your drawings with the dashboard's current network
        (it follows Reset; after more training, ``pad.refresh()`` reads the drawing again)."""
        from nnlib.draw import DigitPad

        return DigitPad(lambda: self.network)

    # --- the controls ----------------------------------------------------------------

    def _on_learning_rate(self, change):
        self.run.trainer.learning_rate = change.new  # read by the next step()
        self.controls.lr_value.value = format_lr(change.new)
        self._show_status()

    def _on_learning_rate_typed(self, change):
        c = self.controls
        try:
            value = float(change.new)
        except ValueError:
            value = None
        low, high = 10.0**c.lr.min, 10.0**c.lr.max
        if value is None or not low <= value <= high:
            self._say(MESSAGES["lr_typed"].format(low=format_lr(low), high=format_lr(high), typed=change.new),
                      warning=True)  # fmt: skip
            c.lr_value.value = format_lr(c.lr.value)
        elif format_lr(value) != format_lr(c.lr.value):
            c.lr.value = value

    def _on_batch_size(self, change):
        self.run.trainer.batch_size = change.new  # read by the next step()
        self._show_status()

    def _on_pace(self, change):
        self._restart_clock()
        self._show_status()

    def _on_large_font(self, change):
        self._make_figures(change.new)
        self._redraw_soon()

    def _on_iterations(self, change):
        if self.target is not None:  # the run on its way: stop at the new count, or now
            self.target = max(self.leg_start + change.new, self.run.iteration)

    # --- one trainer per kernel, Interrupt, restart --------------------------------------

    def _make_way(self, why):
        """Pause for another dashboard of this kernel, and say so."""
        if self.state == "playing":
            self.state = "paused"
            self._say(MESSAGES["paused_for"].format(why=why), warning=True)
            self._redraw_soon()

    def _keep_beating(self):
        """Renew the status line every BEAT seconds on this event loop, while the widgets live."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if self._beat_on is loop and not loop.is_closed():
            return
        self._beat_on = loop
        loop.call_later(BEAT, self._beat, loop)

    def _beat(self, loop):
        if self._beat_on is not loop or self.closed:
            return
        self._beats += 1
        self._show_status()
        loop.call_later(BEAT, self._beat, loop)

    # --- runs ------------------------------------------------------------------------

    def _new_run(self):
        used = {r.color for r in self.runs}
        color = next((f"C{i}" for i in range(10) if f"C{i}" not in used), "C0")
        c = self.controls
        return Run.start(self.data, hidden_size=c.hidden.value, learning_rate=c.lr.value,
                         batch_size=c.batch.value, seed=self.seed, color=color,
                         train_size=c.train_size.value or None)  # fmt: skip

    def _start_new_run(self):
        """Keep the current run (faded) if it trained at all, and start a new one."""
        old = self.run
        if old.iteration > 0:
            self.runs.append(old)
            del self.runs[:-MAX_PAST_RUNS]
        self.run = self._new_run()
        self._version["runs"] += 1
        self._rate = (time.perf_counter(), 0, 0.0)  # iterations per second: count afresh
        self._restart_clock()
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
        global _in_task
        try:
            while self.state == "playing":
                _in_task = True
                try:
                    delay = self._slice()
                finally:
                    _in_task = False
                await asyncio.sleep(delay)  # let the kernel handle clicks, sliders, cells
        except Exception as error:  # show it where the user looks; wait() raises it
            self.state = "paused"
            self._error = error
            self._say(MESSAGES["error"].format(kind=type(error).__name__, error=error), warning=True)
        if not self.closed:
            self._redraw(everything=True)  # training stopped: show where, at once

    def _slice(self):
        """Train for SLICE seconds, redraw what is due; the seconds until the next step is due."""
        if self.closed:
            self.state = "paused" if self.state == "playing" else self.state
            return 0
        _guard_sigint()
        self._publish_encoded()
        now = time.perf_counter()
        curves_due = self._drawn["curves"] + CURVES_EVERY  # end the slice then: redraws on time
        self._train_for(min(SLICE, max(curves_due - now, 0.0)))
        self._redraw()
        pace = self.pace
        if self.state != "playing" or not pace:
            return 0
        return max(0.0, min(self._due() - time.perf_counter(), 1 / pace))

    def _train_for(self, seconds):
        with blas.limit(1):  # responsive: the other core stays free for the kernel
            self._train_until(time.perf_counter() + seconds)

    def _train_until(self, end):
        paced = bool(self.pace)  # (read once a slice: a widget's value is slow to read)
        while self.state == "playing":
            if self.run.iteration >= self.target:
                self.state = "paused"
                self._say(MESSAGES["finished"].format(n=self.target - self.leg_start))
                self.target = None  # the next Play starts a new count
                return
            if paced:
                now = time.perf_counter()
                due = self._due()
                if now < due:
                    return
                if now - due > MAX_PACE_LAG:  # fell behind (a busy machine): keep the pace from now
                    self._restart_clock()
            self._step()
            if time.perf_counter() >= end:
                return

    def _restart_clock(self):
        """A paced run counts its iterations from here and now."""
        self._clock = (time.perf_counter(), self.run.iteration)

    def _due(self):
        """When the next iteration of a paced run is due (perf_counter seconds)."""
        start, iteration = self._clock
        return start + (self.run.iteration - iteration) / self.pace

    def _step(self):
        """One Trainer.step(), noted in the run; stop if training blew up."""
        step = self.run.trainer.step()
        self.run.record(step)
        trouble = self.run.trouble(step)
        if trouble:
            self.state = "diverged" if step.diverged else "paused"
            self.run.diverged_at = self.run.diverged_at or step.iteration
            self._say(trouble, warning=True)

    # --- drawing ---------------------------------------------------------------------

    def _make_figures(self, large):
        self._version["figures"] += 1
        data = self.data
        width, height = PLOT_SIZE[large]
        self.curves = Curves(width, height, FONT[large], scale=1)  # live: fast
        self._still_curves = Curves(width, height, FONT[large], scale=STILL_SCALE)  # stopped: sharp
        self.drawn_curves = self.curves  # the one that drew the picture shown now
        self.digits = normalized(data[2][:SHOWN_DIGITS])
        zoom = DIGIT_ZOOM[large]
        self.predictions = Predictions(self.digits, _labels(data[3][:SHOWN_DIGITS]), zoom=zoom,
                                       scale=STILL_SCALE)  # fmt: skip
        tiles = dict(columns=UNIT_COLUMNS, zoom=zoom, scale=STILL_SCALE, font=FONT[large])
        self.weights = Weights(SHOWN_UNITS, **tiles)
        self.strokes = Strokes(SHOWN_UNITS, **tiles)
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
        when training stops); still only the pictures whose content changed. While
        nothing moves, the curves are drawn sharp (STILL_SCALE).
        """
        self._redraw_due_on = None
        if self.closed:
            return
        self._publish_encoded()
        now = time.perf_counter()
        run, trainer = self.run, self.run.trainer
        still = self.state != "playing"
        if everything or now - self._drawn["curves"] >= CURVES_EVERY:
            self._drawn["curves"] = now
            self._show_status()
            content = (self._version["figures"], self._version["runs"], run.iteration, still)
            if content != self._shown["curves"]:
                self._shown["curves"] = content
                if still:
                    self._publish_encoded(wait=True)  # a live frame still on its way must not come after
                    self.drawn_curves = self._still_curves
                    self._show(self.controls.plot, self._still_curves.png(run, self.runs), STILL_SCALE)
                else:
                    self.drawn_curves = self.curves
                    self._encode_later(self.curves.pixels(run, self.runs))
                self.redraws["curves"] += 1
        if everything or now - self._drawn["pictures"] >= PICTURES_EVERY:
            self._drawn["pictures"] = now
            content = (self._version["figures"], self._version["runs"], run.iteration)
            if content != self._shown["pictures"]:
                self._shown["pictures"] = content
                network = trainer.network
                units = min(SHOWN_UNITS, run.hidden_size)
                self.controls.weights_caption.value = MESSAGES["weights_caption"].format(units=units)
                self._show(self.controls.weights, self.weights.png(network.params["W1"]), STILL_SCALE)
                self.redraws["weights"] += 1
                self._show(self.controls.strokes, self.strokes.png(run.learned), STILL_SCALE)
                self.redraws["strokes"] += 1
                with np.errstate(all="ignore"):  # ruined weights give nan: drawn, not warned about
                    predicted = network.predict(self.digits).argmax(axis=1)
                shown = self.predictions.shown
                if shown is None or not np.array_equal(predicted, shown):
                    self._show(self.controls.predictions, self.predictions.png(predicted), STILL_SCALE)
                    self.redraws["predictions"] += 1

    def _encode_later(self, pixels):
        """Turn a live frame into PNG bytes in the encoder thread (zlib runs outside Python's lock,
        on the other core, while training goes on); _publish_encoded shows it."""
        self._publish_encoded(wait=True)  # at most one frame on its way
        self._encoding = _encoder().submit(png, pixels)

    def _publish_encoded(self, wait=False):
        """Show the live frame from the encoder thread, if one is ready (or ``wait`` for it)."""
        encoding = self._encoding
        if encoding is not None and (wait or encoding.done()):
            self._encoding = None
            self._show(self.controls.plot, encoding.result(), 1)

    @staticmethod
    def _show(image, png_bytes, scale):
        """Put a picture into an Image widget, shown at its size in CSS pixels (width / scale)."""
        width = f"{int.from_bytes(png_bytes[16:20], 'big') // scale}px"  # the PNG header's width
        if image.layout.width != width:
            image.layout.width = width
        image.value = png_bytes

    def _show_status(self):
        run, trainer = self.run, self.run.trainer
        now = time.perf_counter()
        then, iteration, rate = self._rate
        if self.state == "playing" and now - then >= 0.5:  # iterations per second, smoothed
            new = (run.iteration - iteration) / (now - then)
            rate = new if rate == 0 else 0.5 * rate + 0.5 * new
            self._rate = (now, run.iteration, rate)
        m = MESSAGES
        losses = run.losses[-50:]
        loss = f"{sum(losses) / len(losses):.3f}" if losses else m["dash"]
        last = run.evaluations[-1] if run.evaluations else None
        if last is None:
            acc = m["acc_none"]
        else:
            acc = m["acc"].format(train=last.train_acc, test=last.test_acc)
            if run.diverged_at and last.iteration <= run.diverged_at:
                acc += m["acc_before"].format(i=last.iteration)
        if self.state == "playing":
            state = m["rate"].format(rate=rate) if rate else m["playing"]
        elif self.diverged:
            state = f'<span style="color:#b00020">{m["diverged"]}</span>'
        else:
            state = m["paused"]
        pace = m["pace"].format(pace=self.pace) if self.pace else ""
        images = m["train_images"].format(n=run.train_size) if run.train_size else ""
        line = m["status"].format(i=run.iteration, epoch=trainer.epoch, loss=loss, acc=acc,
                                  lr=format_lr(trainer.learning_rate), batch=trainer.batch_size,
                                  hidden=run.hidden_size, images=images, pace=pace)  # fmt: skip
        # Each field unbroken (nnlib-field): a line too long for the page (Japanese, or Large
        # font) wraps between two fields, never inside one.
        line = " · ".join(f'<span class="nnlib-field">{field}</span>' if field else ""
                          for field in line.split(" · "))  # fmt: skip
        self.controls.status.value = (
            f'<span class="nnlib-live" data-beat="{self._beats}"><b>{state}</b></span>'
            f'<span class="nnlib-stale"><b>{m["stopped"]}</b></span>'
            f'{line}<span class="nnlib-stale">{m["no_word"]}</span>'
        )

    def _say(self, text, warning=False):
        style = "color:#b00020;font-weight:bold" if warning else "color:#333"
        self.controls.message.value = f'<span style="{style}">{text}</span>' if text else ""


_png_thread = None


def _encoder():
    """The one thread that encodes live frames, for every dashboard of the kernel."""
    global _png_thread
    if _png_thread is None:
        _png_thread = ThreadPoolExecutor(1, thread_name_prefix="nnlib-png")
    return _png_thread


def _guard_sigint():
    """Put the dashboard's SIGINT handler in front of whatever handler is there now.

    The kernel ignores SIGINT between cells, and sets Python's own handler while it
    runs one (ipykernel swaps them around every message), so this is checked at every
    slice of training. The handler pauses every dashboard that trains, then passes the
    signal on to the handler it replaced: a cell that runs is interrupted as usual.
    Only in the main thread (Python delivers signals there).
    """
    if threading.current_thread() is not threading.main_thread():
        return
    current = signal.getsignal(signal.SIGINT)
    if getattr(current, "nnlib_passes_on_to", None) is None and current is not None:
        signal.signal(signal.SIGINT, _pausing_handler(current))


def _pausing_handler(previous):
    def on_sigint(signum, frame):
        for dash in list(_dashboards):
            if dash.state == "playing":
                dash.state = "paused"
                dash._say(MESSAGES["interrupted"], warning=True)
        # Python's handler raises KeyboardInterrupt where the program is now: in the
        # training task, that would end the task (and leave the event loop), not a cell.
        if _in_task and previous is signal.default_int_handler:
            return
        if callable(previous):
            previous(signum, frame)

    on_sigint.nnlib_passes_on_to = previous
    return on_sigint


def _pace(value):
    """A pace as the dropdown holds it: 0 (full speed) or one of its rates."""
    value = 0 if value in (None, "full", "full speed") else value
    allowed = list(PACE_RATES)
    if value not in allowed:
        raise ValueError(MESSAGES["pace_values"].format(allowed=allowed[1:], value=value))
    return value


# --- input ---------------------------------------------------------------------------


def _data(x_train, t_train, x_test, t_test):
    """(x_train, t_train, x_test, t_test) checked, loading MNIST if none given; and a name."""
    given = [a is not None for a in (x_train, t_train, x_test, t_test)]
    if not any(given):
        from nnlib.mnist import load_raw

        arrays, source = load_raw()
        name = "mnist" if source == "full" else "sample"
        return (arrays["x_train"], arrays["t_train"], arrays["x_test"], arrays["t_test"]), name
    if not all(given):
        raise TypeError(MESSAGES["all_four"])
    x_train, t_train, x_test, t_test = (np.asarray(a) for a in (x_train, t_train, x_test, t_test))
    for x, t, part in ((x_train, t_train, "train"), (x_test, t_test, "test")):
        if x.ndim != 2 or x.shape[1] != 784:
            raise ValueError(MESSAGES["x_shape"].format(part=part, shape=x.shape))
        if len(t) != len(x) or not (t.ndim == 1 or (t.ndim == 2 and t.shape[1] == 10)):
            raise ValueError(MESSAGES["t_shape"].format(part=part, n=len(x), shape=t.shape))
    if len(x_test) < SHOWN_DIGITS:
        raise ValueError(MESSAGES["few_test"].format(shown=SHOWN_DIGITS, n=len(x_test)))
    return (x_train, t_train, x_test, t_test), "mnist"


def _labels(t):
    t = np.asarray(t)
    return t.argmax(axis=1) if t.ndim == 2 else t


def _strip_tags(html):
    return re.sub(r"<[^>]+>", "", html)
