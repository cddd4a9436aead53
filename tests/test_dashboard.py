"""The live dashboard, driven without a browser.

The widgets work without a front end, and the tests run the asyncio loop that a
Jupyter kernel would run: they press buttons and move sliders while the training
task runs, and check what the training loop (``Trainer``) saw.
"""

import asyncio
import io
import math
import os
import random
import re
import signal
import threading
import time
import warnings

import numpy as np
import pytest
from language_support import draw_without_missing_glyphs, figure_texts, not_japanese
from PIL import Image

import nnlib
from nnlib.dashboard import Dashboard, controls, dashboard, figures
from nnlib.dashboard.session import LOSS_OF_GUESSING, STUCK_WINDOW, Run
from nnlib.plotting import smooth
from nnlib.train import DIVERGED_LOSS, DIVERGED_WINDOW, Step, Trainer


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """A slice of the offline sample: 1,000 training and 200 test digits, uint8."""
    from nnlib import mnist

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NNLIB_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        mp.setenv("NNLIB_OFFLINE", "1")
        mp.delenv("NNLIB_MNIST_MIRROR", raising=False)
        arrays, source = mnist.load_raw(progressbar=False)
    assert source == "sample"
    return arrays["x_train"][:1000], arrays["t_train"][:1000], arrays["x_test"][:200], arrays["t_test"][:200]


@pytest.fixture
def dash(data):
    """A dashboard at full speed (pace 0): the tests check what it does, not how fast."""
    dash = Dashboard(*data, iterations=200, pace=0)
    yield dash
    dash.close()


def run_async(coroutine):
    return asyncio.run(coroutine)


async def turns(n=1):
    """Let the event loop run n times (the training task takes a slice each time)."""
    for _ in range(n):
        await asyncio.sleep(0)


async def until(condition, limit=100_000):
    """Yield to the loop until ``condition()`` holds."""
    for _ in range(limit):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("the condition never held")


def decode(png_bytes):
    image = Image.open(io.BytesIO(png_bytes))
    image.load()
    return image


def samples_from_settings(run):
    """Images drawn, computed from the batch size each iteration used."""
    total, marks = 0, run.settings + [(run.iteration + 1, None, None)]
    for (start, _, batch), (end, _, _) in zip(marks, marks[1:], strict=False):
        total += batch * (end - start)
    return total


# --- the page contract ----------------------------------------------------------------


def test_widgets_carry_the_css_classes_and_descriptions_of_the_contract(dash):
    c = dash.controls
    assert "nnlib-dashboard" in c.box._dom_classes
    for button, name, css in [(c.play, "Play", "nnlib-play"), (c.pause, "Pause", "nnlib-pause"),
                              (c.step, "Step", "nnlib-step"), (c.reset, "Reset", "nnlib-reset"),
                              (c.clear, "Clear runs", "nnlib-clear")]:  # fmt: skip
        assert button.description == name and css in button._dom_classes
    assert type(c.lr).__name__ == "FloatLogSlider" and "nnlib-lr" in c.lr._dom_classes
    assert (10.0**c.lr.min, 10.0**c.lr.max) == (0.001, 10.0)
    assert (c.batch.min, c.batch.max) == (1, 1000) and "nnlib-batch" in c.batch._dom_classes
    assert "nnlib-hidden" in c.hidden._dom_classes and "nnlib-iters" in c.iters._dom_classes
    for widget, css in [(c.status, "nnlib-status"), (c.message, "nnlib-message"), (c.plot, "nnlib-plot"),
                        (c.weights, "nnlib-weights"), (c.predictions, "nnlib-predictions"),
                        (c.large, "nnlib-large")]:  # fmt: skip
        assert css in widget._dom_classes
    # every widget of the contract is inside the displayed box
    inside, todo = set(), [c.box]
    while todo:
        w = todo.pop()
        inside.add(w.model_id)
        todo.extend(getattr(w, "children", ()))
    for w in (c.play, c.lr, c.status, c.message, c.plot, c.weights, c.predictions, c.large):
        assert w.model_id in inside


def test_a_new_dashboard_shows_pictures_and_a_status_line(dash):
    c = dash.controls
    for image in (c.plot, c.weights, c.predictions):
        assert decode(image.value).format == "PNG"
    assert "iteration 0" in dash.status and "lr 0.1" in dash.status and "batch 100" in dash.status
    assert dash.status.startswith("paused")


def test_its_text_form_is_a_short_summary_not_every_widget(dash):
    bundle = dash._repr_mimebundle_()
    assert bundle["text/plain"] == "Dashboard(lr 0.1, batch 100, hidden 50)"
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == dash.controls.box.model_id


# --- play, pause, step --------------------------------------------------------------


def test_play_trains_the_given_iterations_in_the_background_then_stops(dash):
    async def main():
        dash.play(iterations=150)
        assert dash.state == "playing"  # play() returned at once: training runs in a task
        assert dash.run.iteration < 150
        await dash.wait()

    run_async(main())
    assert dash.run.iteration == 150 and dash.state == "paused"
    assert "Finished 150 iterations" in dash.message
    assert "iteration 150" in dash.status
    assert dash.redraws["curves"] >= 2 and dash.redraws["weights"] >= 2
    assert len(dash.run.evaluations) >= 1  # accuracy measured on the way

    async def again():  # Play goes on with the same network
        dash.play()
        await dash.wait()

    trainer = dash.run.trainer
    run_async(again())
    assert dash.controls.iters.value == 150  # play(iterations=150) moved the slider
    assert dash.run.trainer is trainer and dash.run.iteration == 300


def test_learning_rate_and_batch_size_take_effect_at_the_next_iteration(dash):
    seen = {}

    async def main():
        dash.play(iterations=400)
        await until(lambda: dash.run.iteration >= 30)
        seen["k"] = dash.run.iteration
        dash.controls.lr.value = 0.5  # as a user moving the slider
        dash.controls.batch.value = 37
        assert "lr 0.5" in dash.status and "batch 37" in dash.status
        await dash.wait()

    trainer = dash.run.trainer
    run_async(main())
    k = seen["k"]
    assert k < 400, "the change must come while training runs"
    assert dash.run.trainer is trainer, "a learning rate or batch change must not start a new run"
    assert dash.run.settings == [(1, 0.1, 100), (k + 1, 0.5, 37)]
    assert trainer.samples_seen == 100 * k + 37 * (400 - k)
    assert dash.run.label == "lr 0.1→0.5, batch 100→37, hidden 50"


def test_pause_stops_at_once_and_step_takes_exactly_one_iteration(dash):
    async def main():
        dash.play(iterations=5000)
        await until(lambda: dash.run.iteration >= 10)
        dash.pause()
        at_pause = dash.run.iteration
        await turns(5)
        assert dash.run.iteration == at_pause and dash.state == "paused"
        dash.step()
        assert dash.run.iteration == at_pause + 1
        dash.play()  # goes on towards the same 5000
        await until(lambda: dash.run.iteration >= at_pause + 10)
        dash.step()  # Step while playing: pause, then one step
        stepped = dash.run.iteration
        await turns(5)
        assert dash.state == "paused" and dash.run.iteration == stepped
        assert dash.target == 5000  # Pause and Step keep where Play was heading

    run_async(main())


def test_play_twice_runs_one_training_task(dash):
    async def main():
        dash.play(iterations=100)
        task = dash._task
        dash.controls.play.click()
        assert dash._task is task
        dash.pause()
        dash.play()  # before the task noticed the pause: it simply goes on
        assert dash._task is task
        await dash.wait()

    run_async(main())
    assert dash.run.iteration == 100


def test_play_outside_an_event_loop_explains_what_to_do(dash):
    with pytest.raises(RuntimeError, match="asyncio"):
        dash.play()
    assert dash.state == "paused"


def test_the_iterations_slider_moves_the_end_of_a_playing_run(dash):
    async def main():
        dash.play(iterations=5000)
        await until(lambda: dash.run.iteration >= 5)
        dash.controls.iters.value = 100
        await dash.wait()
        assert dash.run.iteration == 100
        dash.play(iterations=5000)
        await until(lambda: dash.run.iteration >= 130)
        dash.controls.iters.value = 10  # fewer than already done: stop where it is
        assert dash.target == dash.run.iteration
        stopped = dash.run.iteration
        await dash.wait()
        assert (
            dash.run.iteration == stopped
            and dash.message == f"Finished {stopped - 100} iterations. Play trains as many more."
        )

    run_async(main())


# --- runs: reset, hidden size, clear ----------------------------------------------


def test_reset_while_playing_starts_a_new_run_and_keeps_the_old_one(dash):
    async def main():
        dash.play(iterations=1000)
        await until(lambda: dash.run.iteration >= 20)
        old = dash.run
        dash.controls.reset.click()
        assert dash.run is not old and dash.run.iteration == 0
        assert dash.runs == [old]
        await until(lambda: dash.run.iteration >= 5)  # the new run trains on
        dash.pause()
        await dash.wait()
        return old

    old = run_async(main())
    assert "-" not in dash.status.split("·")[0], "the speed of the new run is counted afresh"
    stopped_at = old.iteration
    assert stopped_at >= 20 and len(old.losses) == stopped_at  # the old run stands still
    assert dash.run.color != old.color
    assert any(label.startswith("now:") for label in _legend(dash))
    assert old.label in _legend(dash)


def _legend(dash):
    return [t.get_text() for t in dash.drawn_curves.legend.get_texts()]


def test_hidden_size_starts_a_new_run_with_that_many_hidden_units(dash):
    async def main():
        dash.play(iterations=50)
        await dash.wait()

    run_async(main())
    old = dash.run
    dash.set(hidden_size=7)
    assert dash.run is not old and dash.run.hidden_size == 7
    assert dash.run.trainer.network.params["W1"].shape == (784, 7)
    assert dash.runs == [old] and old.iteration == 50
    tiles = dash.weights.pixels(dash.run.trainer.network.params["W1"])
    step = (28 * 2 + figures.Weights.GAP) * dashboard.STILL_SCALE  # zoom 2, sharp
    assert np.asarray(decode(dash.controls.weights.value)).shape == tiles.shape
    assert "W1 of 7 hidden units" in dash.controls.weights_caption.value
    assert (tiles[: 28 * 4, 7 * step :] == 255).all(), "7 tiles in a row, then white (the bar is wider)"


def test_a_run_that_never_trained_is_not_kept(dash):
    dash.reset()
    dash.reset()
    assert dash.runs == []


def test_clear_runs_removes_the_faded_runs_only(dash):
    async def main():
        for lr in (0.01, 0.1, 1.0):
            dash.set(learning_rate=lr)
            dash.reset()
            dash.play(iterations=100)
            await dash.wait()

    run_async(main())
    assert [r.label for r in dash.runs] == ["lr 0.01, batch 100, hidden 50", "lr 0.1, batch 100, hidden 50"]
    current = dash.run
    dash.clear_runs()
    assert dash.runs == [] and dash.run is current and current.iteration == 100
    assert _legend(dash) == ["now: lr 1, batch 100, hidden 50"]


def test_compare_runs_each_value_on_a_cleared_plot(dash):
    run_async(dash.compare(learning_rate=[0.01, 1.0], batch_size=20, iterations=100))
    assert [r.label for r in dash.runs] == ["lr 0.01, batch 20, hidden 50"]
    assert dash.run.label == "lr 1, batch 20, hidden 50" and dash.run.iteration == 100
    with pytest.raises(ValueError, match="exactly one setting as a list"):
        run_async(dash.compare(learning_rate=0.1))


def test_same_seed_same_start_for_every_run(dash):
    first = dash.run.trainer.network.params["W1"].copy()
    dash.step()
    dash.reset()
    np.testing.assert_array_equal(dash.run.trainer.network.params["W1"], first)


# --- divergence ---------------------------------------------------------------------


def test_a_loss_that_is_no_number_pauses_with_a_message_and_reset_recovers(dash):
    async def main():
        dash.play(iterations=1000)
        await until(lambda: dash.run.iteration >= 10)
        # What a huge step does to float32 weights: they overflow to inf.
        dash.run.trainer.network.params["W2"][:] = np.inf
        await dash.wait()

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # not one warning, RuntimeWarning or other
        run_async(main())
        assert dash.state == "diverged" and dash.diverged
        assert not math.isfinite(dash.run.losses[-1])
        assert "diverged" in dash.message and "Reset" in dash.message
        stopped = dash.run.iteration
        dash.step()  # refused
        assert dash.run.iteration == stopped and "Reset" in dash.message
        run_async(_play_and_wait(dash, 100))  # refused too
        assert dash.run.iteration == stopped and dash.state == "diverged"
        decode(dash.controls.weights.value)  # ruined weights still make a picture
        dash.reset()
        assert dash.state == "paused" and dash.message == "" and not dash.diverged
        run_async(_play_and_wait(dash, 30))
    assert dash.run.iteration == 30 and all(math.isfinite(v) for v in dash.run.losses)


async def _play_and_wait(dash, iterations):
    dash.play(iterations=iterations)
    await dash.wait()


def test_a_learning_rate_of_10_blows_training_up_and_the_dashboard_says_so(data):
    dash = Dashboard(*data, learning_rate=10, iterations=1000, pace=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run_async(_play_and_wait(dash, 1000))
    assert dash.state == "paused" and dash.diverged
    assert dash.run.iteration == STUCK_WINDOW, "checked as soon as there are enough iterations"
    assert "blew up" in dash.message and "learning rate 10 is too large" in dash.message
    run_async(_play_and_wait(dash, 100))  # Play goes on anyway, without stopping again
    assert dash.run.iteration == STUCK_WINDOW + 100 and dash.state == "paused"
    dash.set(learning_rate=0.1)
    dash.reset()
    run_async(_play_and_wait(dash, 300))
    assert not dash.diverged and dash.run.iteration == 300


def _run_with(losses, diverged=False):
    """A Run that took steps with these losses (a stand-in Trainer); and its last Step."""
    run = Run(trainer=None, hidden_size=50, color="C0")
    run.trainer = type("T", (), {"train_loss_list": [], "learning_rate": 10.0})()
    for i, loss in enumerate(losses):
        step = Step(i + 1, loss, 0.0, 10.0, 100, diverged=diverged and i == len(losses) - 1)
        run.trainer.train_loss_list.append(step.loss)
        run.record(step)
    return run, step


@pytest.mark.parametrize(
    ("losses", "stops"),
    [
        ([2.3, 6.0] + [2.35] * 98, True),  # jumped, then no better than guessing
        ([2.3, 6.0] + [2.35] * 97, False),  # not yet enough iterations to tell
        ([2.3, 6.0] + [2.0] * 98, False),  # jumped, but learns
        ([2.3026] * 100, False),  # a tiny learning rate: slow, not broken
        ([2.31, 2.32] * 50, False),  # a little above guessing, but never jumped
        ([2.3, 16.1] * 50, True),  # batch 1 at a huge learning rate
    ],
)
def test_the_blow_up_check(losses, stops):
    run, last = _run_with(losses)
    message = run.trouble(last)
    assert (message is not None) == stops
    if stops:
        assert message.startswith("Training blew up") and "learning rate 10 is too large" in message
        assert run.trouble(last) is None, "it says so once; Play goes on"
    assert max(losses) == run.peak_loss and 2 * LOSS_OF_GUESSING > 4.6


def test_trainers_divergence_is_named_in_plain_words():
    run, last = _run_with([2.3] + [12.0] * 10, diverged=True)  # what Trainer calls diverged
    assert "averaged above 10 over the last 10 iterations" in run.trouble(last)
    run, last = _run_with([2.3, float("nan")], diverged=True)
    assert "the loss is nan (no longer a number)" in run.trouble(last)
    assert "Reset" in run.trouble(last), "said every time: this run cannot go on"


# --- settings and input --------------------------------------------------------------


def test_set_rejects_values_outside_the_sliders_and_unknown_names(dash):
    with pytest.raises(ValueError, match=r"learning_rate must be between 0.001 and 10"):
        dash.set(learning_rate=100)
    with pytest.raises(ValueError, match=r"batch_size must be between 1 and 1000"):
        dash.set(batch_size=0)
    with pytest.raises(TypeError, match="unknown setting 'lr'"):
        dash.set(lr=0.1)
    assert dash.controls.lr.value == 0.1 and dash.controls.batch.value == 100


def test_arrays_of_the_wrong_shape_are_refused_with_the_fix(data):
    x_train, t_train, x_test, t_test = data
    with pytest.raises(ValueError, match=r"x_train must be \(N, 784\).*flatten=True"):
        Dashboard(x_train.reshape(-1, 28, 28), t_train, x_test, t_test)
    with pytest.raises(ValueError, match="t_test must be"):
        Dashboard(x_train, t_train, x_test, t_test[:10])
    with pytest.raises(TypeError, match="all four arrays"):
        Dashboard(x_train, t_train)


def test_float_images_and_one_hot_labels_work_too(data):
    x_train, t_train, x_test, t_test = data
    one_hot = np.eye(10, dtype=np.float32)
    dash = Dashboard(x_train / np.float32(255), one_hot[t_train], x_test / np.float32(255), one_hot[t_test],
                     pace=0)  # fmt: skip
    run_async(_play_and_wait(dash, 100))
    assert dash.run.iteration == 100 and dash.run.losses[-1] < dash.run.losses[0]


def test_an_error_in_training_is_shown_and_raised_by_wait(dash, monkeypatch):
    def broken():
        raise ValueError("batch_size must be >= 1")

    monkeypatch.setattr(dash.run.trainer, "step", broken)
    with pytest.raises(ValueError, match="batch_size"):
        run_async(_play_and_wait(dash, 100))
    assert dash.state == "paused" and "Training stopped by an error" in dash.message


def test_large_font_makes_all_text_bigger_and_never_smaller(dash):
    c = dash.controls
    small = decode(c.plot.value).size
    small_font, small_width = dash.curves.font, int(c.plot.layout.width.removesuffix("px"))
    small_digits = decode(c.predictions.value).size
    c.large.value = True
    assert "nnlib-large-on" in c.box._dom_classes
    big = decode(c.plot.value).size
    big_font, big_width = dash.curves.font, int(c.plot.layout.width.removesuffix("px"))
    assert big[0] > small[0] and big_font > small_font
    # Squeezed into the same width, the large plot's text is still larger than the small one's.
    assert big_font / big_width > small_font / small_width
    assert decode(c.predictions.value).size[0] > small_digits[0], "the predicted labels grow too"
    c.large.value = False
    assert "nnlib-large-on" not in c.box._dom_classes


def test_pictures_are_drawn_for_their_size_on_the_page_at_twice_the_pixels(dash):
    """Each Image is shown at a fixed CSS width; the still pictures have twice as many pixels
    (sharp at a device pixel ratio of 2, never blown up at 1)."""
    c = dash.controls
    for image in (c.plot, c.weights, c.predictions):
        css = int(image.layout.width.removesuffix("px"))
        assert decode(image.value).size[0] == dashboard.STILL_SCALE * css
        assert image.layout.max_width == "100%"
    assert c.plot.layout.width == f"{dashboard.PLOT_SIZE[False][0]}px"


def test_snapshot_keeps_a_picture_for_the_notebook(dash):
    snapshot = dash.snapshot()
    assert snapshot.data == dash.controls.plot.value
    assert snapshot.width == dashboard.PLOT_SIZE[False][0], "shown at the dashboard's size, not blown up"
    assert dash.snapshot("weights").data == dash.controls.weights.value
    with pytest.raises(ValueError, match="which must be one of"):
        dash.snapshot("loss")


# --- pictures -----------------------------------------------------------------------


def test_png_writes_exactly_the_pixels():
    rng = np.random.default_rng(0)
    for channels in (3, 4):
        pixels = rng.integers(0, 256, (7, 5, channels), dtype=np.uint8)
        image = decode(figures.png(pixels))
        assert image.size == (5, 7)
        np.testing.assert_array_equal(np.asarray(image), pixels)


def test_band_spans_each_bins_lowest_and_highest_loss_and_skips_nan():
    y = np.array([1.0, 3.0, 2.0, 5.0, np.nan, np.nan])
    outline = figures.band(y, 3)
    np.testing.assert_array_equal(outline, [[1.5, 3.0], [3.5, 5.0], [3.5, 2.0], [1.5, 1.0]])
    x, s = figures.thin(np.arange(1000.0), 10)
    assert len(x) == 20 and x[0] == 1 and s[0] == 0.0  # two points per pixel


def test_nice_ceil_rounds_up_to_round_numbers():
    assert [figures.nice_ceil(v) for v in (0, 0.7, 1, 1.2, 2.2, 3, 7, 130, 2600)] == [
        1,
        1,
        1,
        2,
        2.5,
        5,
        10,
        200,
        5000,
    ]


def test_weights_picture_has_one_tile_per_unit_and_survives_nan():
    W1 = np.random.default_rng(0).standard_normal((784, 5)).astype(np.float32)
    W1[:, 2] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        image = figures.Weights(zoom=1, scale=1).pixels(W1)
    assert image.shape[1] == 8 * 29 - 1 and image.shape[0] > 28  # the colour bar is 8 tiles wide
    nan_tile = image[:28, 58:86]
    assert (nan_tile == nan_tile[0, 0]).all() and nan_tile[0, 0, 0] == nan_tile[0, 0, 2]  # plain grey


def test_predictions_mark_mistakes_in_red(data):
    _, _, x_test, t_test = data
    grid = figures.Predictions(x_test[:4], t_test[:4], columns=4)
    wrong = (t_test[:4] + np.array([0, 1, 0, 0])) % 10
    image = np.asarray(decode(grid.png(wrong)))
    cell = grid.cell_w
    pink = np.array(figures.Predictions.WRONG)
    assert (image[:, cell : 2 * cell] == pink).all(axis=-1).mean() > 0.3  # the mistake
    assert not (image[:, :cell] == pink).all(axis=-1).any()  # a right answer


# --- the Trainer hook the dashboard uses ---------------------------------------------


def test_trainer_evaluates_every_eval_interval_images_on_eval_size_images(data):
    trainer = Trainer(*data, batch_size=50, seed=0, eval_interval=500, eval_size=100)
    steps = [trainer.step() for _ in range(25)]
    assert [s.iteration for s in steps if s.evaluation] == [1, 11, 21]
    direct = trainer.network.accuracy(data[2][:100] / np.float32(255), data[3][:100])
    assert trainer.evaluate().test_acc == pytest.approx(direct)
    default = Trainer(*data, seed=0)
    assert default.eval_interval == len(data[0]) and default.eval_size is None


# --- 1,000 random events --------------------------------------------------------------


def check_invariants(dash):
    run, trainer, c = dash.run, dash.run.trainer, dash.controls
    assert dash.state in ("paused", "playing", "diverged")
    task_alive = dash._task is not None and not dash._task.done()
    if dash.state == "playing":
        assert task_alive and dash.target is not None and run.iteration <= dash.target
    assert dash._error is None, dash._error
    # the sliders are what the next step will use
    assert trainer.learning_rate == c.lr.value and trainer.batch_size == c.batch.value
    assert run.hidden_size == c.hidden.value == trainer.network.params["W1"].shape[1]
    # the run's records agree with each other
    assert run.iteration == len(run.losses) == len(trainer.train_loss_list)
    marks = [s[0] for s in run.settings]
    assert marks == sorted(set(marks)) and (not marks or (marks[0] == 1 and marks[-1] <= run.iteration))
    assert trainer.samples_seen == (samples_from_settings(run) if run.settings else 0)
    if dash.state == "diverged":  # Trainer's Step.diverged
        recent = run.losses[-DIVERGED_WINDOW:]
        assert not math.isfinite(recent[-1]) or sum(recent) / len(recent) > DIVERGED_LOSS
    else:
        assert all(math.isfinite(v) for v in run.losses)
    # past runs
    assert len(dash.runs) <= dashboard.MAX_PAST_RUNS
    assert all(r.iteration > 0 for r in dash.runs)
    colors = [r.color for r in dash.runs] + [run.color]
    assert len(colors) == len(set(colors))


def test_a_thousand_random_events_keep_the_dashboard_consistent(data, monkeypatch):
    monkeypatch.setattr(dashboard, "SLICE", 0.001)  # a step or two per turn: more interleavings
    # Redraws every second rather than 5 times: the events, not the drawing, are under test here.
    monkeypatch.setattr(dashboard, "CURVES_EVERY", 1.0)
    monkeypatch.setattr(dashboard, "PICTURES_EVERY", 2.0)
    monkeypatch.setattr(dashboard, "REDRAW_DELAY", 0.5)
    monkeypatch.setattr(dashboard, "STILL_SCALE", 1)  # quicker still pictures: here they only need to exist
    rng = random.Random(20240605)
    x_train, t_train, x_test, t_test = data
    dash = Dashboard(x_train[:300], t_train[:300], x_test[:50], t_test[:50], iterations=100, pace=0)
    c = dash.controls
    events = {
        "play": lambda: c.play.click(),
        "pause": lambda: c.pause.click(),
        "step": lambda: c.step.click(),
        "reset": lambda: c.reset.click(),
        "clear": lambda: c.clear.click(),
        "large": lambda: setattr(c.large, "value", not c.large.value),
        "lr": lambda: setattr(c.lr, "value", 10 ** rng.uniform(-3, 1)),
        "batch": lambda: setattr(c.batch, "value", rng.choice([1, 2, 10, 50, 100, 300, 1000])),
        "hidden": lambda: setattr(c.hidden, "value", rng.choice([1, 5, 16, 50, 120, 200])),
        "iters": lambda: setattr(c.iters, "value", rng.choice([10, 100, 200, 1000, 20000])),
        "play twice": lambda: (c.play.click(), c.play.click()),
        "ruin the weights": lambda: dash.run.trainer.network.params["W2"].fill(np.nan),
    }
    weights = {"ruin the weights": 0.2, "large": 0.1, "play": 3}
    names = list(events)
    seen, recent = set(), []

    async def main():
        for i in range(1000):
            name = rng.choices(names, [weights.get(n, 1) for n in names])[0]
            seen.add(name)
            recent.append(f"{i}:{name}")
            events[name]()
            await turns(rng.randint(0, 3))
            try:
                check_invariants(dash)
            except AssertionError as error:
                raise AssertionError(
                    f"after the events {recent[-8:]} (state {dash.state}): {error}"
                ) from None
        dash.pause()
        await dash.wait()
        await asyncio.sleep(2 * dashboard.REDRAW_DELAY)  # the redraw that follows the last event

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run_async(main())
    assert seen == set(names)
    check_invariants(dash)
    assert dash.state in ("paused", "diverged") and dash._task.done()
    status = dash.status
    assert f"iteration {dash.run.iteration:,}" in status
    assert f"lr {c.lr.value:.3g}" in status and f"batch {c.batch.value}" in status
    for image in (c.plot, c.weights, c.predictions):
        decode(image.value)


# --- one trainer per kernel, close, Interrupt, restart ---------------------------------


def test_a_new_dashboard_pauses_the_one_that_trains_and_it_says_why(data):
    old = Dashboard(*data, pace=0)
    new = None

    async def main():
        nonlocal new
        old.play(iterations=5000)
        await until(lambda: old.run.iteration >= 10)
        new = Dashboard(*data, pace=0)  # what running the cell again does
        assert old.state == "paused" and "newer dashboard" in old.message
        stopped = old.run.iteration
        await turns(10)
        assert old.run.iteration == stopped and old._task.done()
        new.play(iterations=50)
        await until(lambda: new.run.iteration >= 5)
        old.play()  # Play on the old one: it trains, the new one pauses
        assert new.state == "paused" and "another dashboard" in new.message
        await until(lambda: old.run.iteration >= stopped + 5)
        old.pause()
        await old.wait()

    try:
        run_async(main())
    finally:
        old.close()
        new.close()


def test_closing_the_widgets_stops_the_training_task(dash):
    async def main():
        dash.play(iterations=5000)
        await until(lambda: dash.run.iteration >= 10)
        for widget in dash.controls.all_widgets():  # as Widget.close_all() or a cleared output would
            widget.close()
        await until(lambda: dash._task.done(), limit=100)
        stopped = dash.run.iteration
        await turns(5)
        assert dash.run.iteration == stopped and dash.state == "paused" and dash.closed

    run_async(main())
    with pytest.raises(RuntimeError, match="closed"):
        run_async(_play_and_wait(dash, 10))


@pytest.fixture
def sigint_ignored():
    """SIGINT handling as in an idle Jupyter kernel: ignored (restored afterwards)."""
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    yield
    signal.signal(signal.SIGINT, before)


def test_interrupt_pauses_training_with_a_message_and_the_loop_goes_on(dash, sigint_ignored):
    ticks = []

    async def ticker():  # the rest of the kernel: still running after the interrupt
        for _ in range(20):
            ticks.append(dash.state)
            await asyncio.sleep(0.01)

    async def main():
        dash.play(iterations=20000)
        await until(lambda: dash.run.iteration >= 10)
        os.kill(os.getpid(), signal.SIGINT)  # what Kernel -> Interrupt sends
        await until(lambda: dash.state == "paused", limit=1000)
        await until(lambda: dash._task.done(), limit=100)
        await ticker()

    run_async(main())
    assert "Interrupted" in dash.message and "Play goes on" in dash.message
    assert len(ticks) == 20 and set(ticks) == {"paused"}
    assert dash.status.startswith("paused")
    assert dash._shown["curves"][2] == dash.run.iteration, "the pictures show where it stopped"


def test_interrupt_is_passed_on_to_the_handler_it_replaced(dash):
    seen = []
    before = signal.signal(signal.SIGINT, lambda signum, frame: seen.append(signum))
    try:

        async def main():
            dash.play(iterations=20000)
            await until(lambda: dash.run.iteration >= 5)
            os.kill(os.getpid(), signal.SIGINT)
            await until(lambda: dash.state == "paused", limit=1000)

        run_async(main())
    finally:
        signal.signal(signal.SIGINT, before)
    assert seen == [signal.SIGINT] and "Interrupted" in dash.message


def test_interrupt_while_a_cell_waits_interrupts_the_cell_too(dash):
    """In a running cell Python's own handler raises KeyboardInterrupt: wait() pauses and lets it out."""

    async def main():
        # as while a kernel runs a cell (asyncio.run has put its own handler there)
        before = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            dash.play(iterations=20000)
            # wait() trains without yielding to the loop: the signal comes from another thread
            threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT)).start()
            with pytest.raises(KeyboardInterrupt):
                await dash.wait()  # trains here, in the "cell"
        finally:
            signal.signal(signal.SIGINT, before)

    run_async(main())
    assert dash.state == "paused" and "Interrupted" in dash.message
    assert 0 < dash.run.iteration < 20000


def test_the_status_line_reads_stopped_once_the_kernel_stops_renewing_it(dash, monkeypatch):
    """The page hides the live state after a few seconds without a new status (a CSS
    countdown, restarted by every new value), and shows "stopped" and what to do."""
    c = dash.controls
    html = c.status.value
    live = re.search(r'<span class="nnlib-live"[^>]*>(.*?)</span>', html).group(1)
    stale = re.findall(r'<span class="nnlib-stale">(.*?)</span>', html)
    assert _strip(live) == "paused" and _strip(stale[0]) == "stopped"
    assert "run the dashboard's cell again" in stale[1]
    css = c.box.children[0].value
    assert "nnlib-hide 0s 4s forwards" in css and "nnlib-show 0s 4s forwards" in css
    # While the kernel lives, it sends a new status every BEAT seconds, even when idle.
    monkeypatch.setattr(dashboard, "BEAT", 0.05)
    values = []
    c.status.observe(lambda change: values.append(change.new), "value")

    async def idle():
        dash._keep_beating()
        await asyncio.sleep(0.5)

    run_async(idle())
    assert len(values) >= 5 and len(set(values)) == len(values)
    assert all(_strip(v.split('class="nnlib-stale"')[0]).startswith("paused") for v in values)


def _strip(html):
    return re.sub(r"<[^>]+>", "", html).strip()


# --- divergence where people look ----------------------------------------------------


def test_a_divergence_shows_in_the_loss_axis_the_status_and_at_once(data):
    dash = Dashboard(*data, learning_rate=0.5, iterations=300, pace=0)
    try:
        run_async(_play_and_wait(dash, 300))
        before = dash.run.evaluations[-1]
        assert dash.drawn_curves.ax_loss.get_ylim()[1] <= 3
        dash.set(learning_rate=10, iterations=1000)

        async def main():
            dash.play()
            await until(lambda: dash._task.done())  # no wait(): the task itself redraws when it stops

        with warnings.catch_warnings():
            warnings.simplefilter("error")
            run_async(main())
        assert dash.diverged and dash.run.diverged_at > 300
        # at once: the picture shows the iteration where it stopped, drawn sharp
        assert dash._shown["curves"] == (dash._version["figures"], dash._version["runs"],
                                         dash.run.iteration, True)  # fmt: skip
        top = dash.drawn_curves.ax_loss.get_ylim()[1]
        assert top > 3 and top >= max(dash.run.losses), "the blow-up is inside the loss axis"
        status = dash.status
        assert status.startswith(("diverged", "paused")) and "it/s" not in status
        last = dash.run.evaluations[-1]
        assert last.iteration <= dash.run.diverged_at and last.iteration >= before.iteration
        assert f"test acc {last.test_acc:.3f} (at iteration {last.iteration:,}, before it diverged)" in status
    finally:
        dash.close()


def test_losses_above_the_axis_are_marked_at_its_top_edge(data):
    curves = figures.Curves(780, 300, 12)
    run = Run.start(data, hidden_size=50, learning_rate=0.1, batch_size=100, seed=0, color="C0")
    for loss in [2.3] * 200 + [14.0] + [2.2] * 200:  # one wild mini-batch in a healthy run
        run.trainer.train_loss_list.append(loss)
        run.trainer.iteration += 1
    curves.png(run, [])
    assert curves.ax_loss.get_ylim()[1] < 14, "a healthy run keeps an axis that fits its average"
    assert curves.clipped.get_text() == "▲ 14.0"


# --- the pace ----------------------------------------------------------------------


@pytest.mark.parametrize("pace", [50, 200])
def test_the_pace_trains_the_set_iterations_per_second(data, pace):
    dash = Dashboard(*data, pace=pace, iterations=20000)
    marks = []

    async def main():
        dash.play()
        await asyncio.sleep(0.3)  # the first pictures drawn
        marks.append((time.perf_counter(), dash.run.iteration))
        await asyncio.sleep(1.5)
        marks.append((time.perf_counter(), dash.run.iteration))
        dash.pause()
        await dash.wait()

    try:
        run_async(main())
    finally:
        dash.close()
    (t0, i0), (t1, i1) = marks
    rate = (i1 - i0) / (t1 - t0)
    # A busy machine may make it fall behind, never run ahead.
    assert rate <= 1.05 * pace + 1 / (t1 - t0), f"{rate:.0f} it/s at pace {pace}"
    assert rate > 0.7 * pace, f"{rate:.0f} it/s at pace {pace}"
    assert f"pace {pace} it/s" in dash.status


def test_the_default_play_lasts_about_ten_seconds():
    assert dashboard.DEFAULT_PACE * 10 == Dashboard.__init__.__kwdefaults__["iterations"]
    assert Dashboard.__init__.__kwdefaults__["pace"] == dashboard.DEFAULT_PACE


def test_set_pace_accepts_the_dropdowns_values_only(dash):
    dash.set(pace=10)
    assert dash.pace == 10 and dash.controls.pace.label == "10 it/s"
    dash.set(pace=None)
    assert dash.pace == 0 and dash.controls.pace.label == "full speed"
    with pytest.raises(ValueError, match="pace must be"):
        dash.set(pace=30)


# --- one formatting of learning rates ------------------------------------------------


@pytest.mark.parametrize(("lr", "text"), [(0.1, "0.1"), (10, "10"), (0.001, "0.001"),
                                          (10**-2.9, "0.00126"), (10**-0.5, "0.316")])  # fmt: skip
def test_a_learning_rate_reads_the_same_in_readout_status_and_legend(dash, lr, text):
    dash.set(learning_rate=lr)
    dash.reset()
    assert dash.controls.lr_value.value == text
    assert f"lr {text} ·" in dash.status
    assert _legend(dash) == [f"now: lr {text}, batch 100, hidden 50"]


def test_typing_a_learning_rate_moves_the_slider_and_nonsense_is_refused(dash):
    c = dash.controls
    c.lr_value.value = "0.5"
    assert c.lr.value == 0.5 and dash.run.trainer.learning_rate == 0.5
    c.lr_value.value = "fast"
    assert c.lr.value == 0.5 and c.lr_value.value == "0.5"
    assert "must be a number from 0.001 to 10" in dash.message


@pytest.fixture(params=["en", "ja"])
def either_language(request):
    """The test once in English, once in Japanese (longer labels, another font)."""
    nnlib.set_language(request.param)
    yield request.param
    nnlib.set_language("en")


@pytest.mark.parametrize("large", [False, True])
def test_the_legend_fits_inside_the_picture_with_the_most_runs(either_language, data, large):
    width, height = dashboard.PLOT_SIZE[large]
    curves = figures.Curves(width, height, dashboard.FONT[large])
    past = []
    for lr in (0.001, 0.00126, 0.0316, 0.1, 0.316, 1, 3.16, 10, 0.5)[: dashboard.MAX_PAST_RUNS + 1]:
        run = Run.start(data, hidden_size=200, learning_rate=lr, batch_size=1000, seed=0, color="C1")
        run.record(run.trainer.step())
        run.trainer.learning_rate = 0.00158  # changed while it trained: the longest labels
        run.record(run.trainer.step())
        past.append(run)
    curves.png(past[-1], past[:-1])
    renderer = curves.fig.canvas.get_renderer()
    box, figure = curves.legend.get_window_extent(renderer), curves.fig.bbox
    assert len(curves.legend.get_texts()) == dashboard.MAX_PAST_RUNS + 1
    assert figure.x0 <= box.x0 and box.x1 <= figure.x1 and figure.y0 <= box.y0
    assert box.y1 < curves.ax_loss.get_window_extent(renderer).y0, "under the axes, covering no data"
    assert curves.ax_loss.get_window_extent(renderer).height > 0.4 * curves.height_px


@pytest.mark.parametrize("large", [False, True])
def test_the_plot_keeps_the_projects_figure_style(either_language, dash, large):
    """Text of at least 12 pt, axis limits that fit, no legend on the data (nnlib.plotting's
    rules; the width rule is for the notebooks' figures, the dashboard has its own)."""
    from nnlib.plotting import style_problems

    run_async(_play_and_wait(dash, 150))
    dash.controls.large.value = large
    dash.reset()  # a faded run in the legend too
    run_async(_play_and_wait(dash, 50))
    for curves in (dash.curves, dash.drawn_curves):
        curves.png(dash.run, dash.runs)
        problems = [p for p in style_problems(curves.fig) if "px wide" not in p]
        assert problems == []


def test_compare_leaves_each_run_with_its_own_settings(dash):
    run_async(dash.compare(batch_size=[1, 20], iterations=30))
    (first,), last = dash.runs, dash.run
    assert first.trainer.batch_size == 1 and first.trainer.samples_seen == 30
    assert last.trainer.batch_size == 20 and last.trainer.samples_seen == 600


def test_the_loss_curve_grows_by_the_new_iterations_and_equals_the_whole_computation():
    rng = np.random.default_rng(0)
    run = Run(trainer=None, hidden_size=50, color="C0")
    run.trainer = type("T", (), {"train_loss_list": []})()
    for size in (1, 30, 49, 50, 51, 400, 3):
        run.trainer.train_loss_list.extend(rng.uniform(0, 3, size).tolist())
        loss, smoothed = figures._loss_curve(run)
        np.testing.assert_allclose(smoothed, smooth(run.losses, figures.SMOOTH_WINDOW), rtol=1e-12)
        np.testing.assert_array_equal(loss, run.losses)


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("iterations", [900, 15000, 20000])
def test_tick_labels_never_run_together(either_language, data, large, iterations):
    width, height = dashboard.PLOT_SIZE[large]
    curves = figures.Curves(width, height, dashboard.FONT[large])
    run = Run.start(data, hidden_size=50, learning_rate=0.1, batch_size=100, seed=0, color="C0")
    run.trainer.train_loss_list.extend([2.0] * iterations)
    run.trainer.iteration = iterations
    run.trainer.samples_seen = 100 * iterations
    curves.png(run, [])
    renderer = curves.fig.canvas.get_renderer()
    labels = [t for ax in (curves.ax_loss, curves.ax_acc) for t in ax.get_xticklabels()
              if t.get_text() and ax.get_xlim()[0] <= t.get_position()[0] <= ax.get_xlim()[1]]  # fmt: skip
    boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: b.x0)
    gaps = [b.x0 - a.x1 for a, b in zip(boxes, boxes[1:], strict=False)]
    assert min(gaps) > 0.3 * dashboard.FONT[large], f"tick labels touch: {[t.get_text() for t in labels]}"
    assert all(b.x1 <= curves.fig.bbox.x1 for b in boxes), "a tick label is cut at the right edge"


# --- in Japanese -----------------------------------------------------------------------

# Names that stay as they are in the Japanese dashboard: the class, the data set, the
# weights' symbol, the kernel's menu (JupyterLab's menus are English), and code.
JAPANESE_KEEPS = ("TwoLayerNet", "MNIST", "W1", "Kernel → Interrupt", "dash.demo", "await", "Dashboard()")


def widget_texts(dash):
    """Every text a user reads on the dashboard's widgets: descriptions, tooltips, menu
    entries, button labels, and the HTML of captions, status and messages (without tags)."""
    texts = []
    for widget in dash.controls.all_widgets():
        for name in ("description", "tooltip"):
            texts.append(getattr(widget, name, None) or "")
        if hasattr(widget, "options") and type(widget).__name__ == "Dropdown":
            texts += [label for label, _ in widget.options]
        if type(widget).__name__ == "HTML":
            texts.append(_strip(re.sub(r"<style>.*?</style>", "", widget.value, flags=re.S)))
    return [t for t in texts if t.strip()]


def curves_texts(dash):
    """The texts of the loss and accuracy figure (both the live and the still one), drawn
    with a "Glyph ... missing" warning raised as an error."""
    texts = []
    for curves in (dash.curves, dash._still_curves):
        curves.png(dash.run, dash.runs)
        draw_without_missing_glyphs(curves.fig)
        texts += figure_texts(curves.fig)
    return texts


@pytest.mark.parametrize("large", [False, True])
def test_a_japanese_dashboard_speaks_japanese_everywhere(data, japanese, large):
    dash = Dashboard(*data, pace=0, iterations=30, large_font=large)
    try:
        dash.set(train_size=300, pace=100)
        run_async(_play_and_wait(dash, 30))
        dash.reset()  # a faded past run in the legend too
        run_async(_play_and_wait(dash, 30))
        assert "更新しました" in dash.message  # "Finished 30 iterations."
        texts = widget_texts(dash)
        assert "開始" in texts and "学習率" in texts and "一時停止中" in dash.status
        assert not_japanese(texts, JAPANESE_KEEPS) == []
        figure = curves_texts(dash)
        assert "更新回数" in figure and "エポック" in figure
        assert any(t.startswith("現在: 学習率 0.1、バッチサイズ 100、ニューロン数 50") for t in figure)
        assert not_japanese(figure, JAPANESE_KEEPS) == []
        assert [p for p in style_problems_of(dash) if "px wide" not in p] == []
        # what the status says once the kernel stops renewing it ("stopped ... run the cell again")
        stale = " ".join(re.findall(r'<span class="nnlib-stale">(.*?)</span>', dash.controls.status.value))
        assert "停止" in stale and "もう一度実行" in stale and not_japanese([_strip(stale)]) == []
    finally:
        dash.close()


def style_problems_of(dash):
    from nnlib.plotting import style_problems

    return style_problems(dash.drawn_curves.fig)


def test_the_japanese_dashboards_messages_are_japanese(data, japanese, tmp_path, monkeypatch):
    dash = Dashboard(*data, pace=0, iterations=20)
    try:
        said = []
        monkeypatch.setattr(dash, "_say", lambda text, warning=False: said.append(text))
        dash.controls.lr_value.value = "fast"  # nonsense typed into the learning rate box
        dash.save_params(tmp_path / "net.npz")
        with pytest.raises(RuntimeError, match="Jupyter の外では"):  # Play outside an event loop
            dash.play()
        with pytest.raises(ValueError, match="スライダーの範囲"):
            dash.set(batch_size=0)
    finally:
        dash.close()
    run, last = _run_with([2.3, 6.0] + [2.35] * 98)
    said.append(run.trouble(last))
    for losses in ([2.3] + [12.0] * 10, [2.3, float("nan")]):
        run, last = _run_with(losses, diverged=True)
        said.append(run.trouble(last))
    said.append(dashboard.MESSAGES["interrupted"])
    assert len(said) == 6 and all(said)
    assert not_japanese([_strip(text) for text in said], JAPANESE_KEEPS + ("npz", "nan")) == []
    assert "「リセット」" in said[-2], "the buttons are named as the page shows them"


def test_a_dashboard_made_after_set_language_speaks_it_and_english_comes_back(data):
    nnlib.set_language("ja")
    try:
        japanese = Dashboard(*data, pace=0)
        assert japanese.controls.play.description == "開始"
        assert [label for label, _ in japanese.controls.pace.options][0] == "最高速"
        japanese.close()
    finally:
        nnlib.set_language("en")
    english = Dashboard(*data, pace=0)
    try:
        assert english.controls.play.description == "Play" and english.status.startswith("paused")
        assert controls.paces()[1] == ("200 it/s", 200)
        assert "loss: each mini-batch, and average" in figure_texts(english.curves.fig)
    finally:
        english.close()
