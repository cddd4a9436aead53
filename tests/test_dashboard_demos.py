# ruff: noqa: F811  (the fixtures data and dash come from test_dashboard)
"""The dashboard's lecture demos, the learned-stroke tiles, and what it does with its current
network (save it, show its mistakes, read a drawing), driven without a browser."""

import asyncio

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from draw_support import DIGIT_STROKES  # noqa: E402
from language_support import draw_without_missing_glyphs, figure_texts, not_japanese  # noqa: E402
from test_dashboard import dash, data, decode, run_async  # noqa: E402, F401

import nnlib  # noqa: E402
from nnlib.dashboard import Dashboard, demos, figures  # noqa: E402
from nnlib.plotting.mistakes import confusion_matrix  # noqa: E402
from nnlib.two_layer_net import TwoLayerNet  # noqa: E402

# What each demo must set up: the runs' labels, in order, and what every run trains with.
EXPECTED = {
    "lr_too_large": ["lr 0.1, batch 100, hidden 50", "lr 10, batch 100, hidden 50"],
    "lr_too_small": ["lr 0.001, batch 100, hidden 50", "lr 0.1, batch 100, hidden 50"],
    "batch_1_vs_100": ["lr 0.1, batch 1, hidden 50", "lr 0.1, batch 100, hidden 50"],
    "overfitting": ["lr 0.5, batch 100, hidden 50, 300 images"],
    "hidden_size": ["lr 0.5, batch 100, hidden 5", "lr 0.5, batch 100, hidden 50",
                    "lr 0.5, batch 100, hidden 200"],
}  # fmt: skip


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_every_demo_of_the_menu_is_tested_here(dash):
    assert set(EXPECTED) == set(demos.DEMOS)
    menu = [name for _, name in dash.controls.demo.options]
    assert menu == ["", *demos.DEMOS], "the menu: a prompt, then every demo"


@pytest.mark.parametrize("name", list(EXPECTED))
def test_a_demo_sets_up_and_trains_its_labelled_runs_side_by_side(data, name):
    dash = Dashboard(*data, pace=0, learning_rate=0.3, batch_size=7, hidden_size=11)
    try:
        dash.set(train_size=300)  # a demo sets what it needs, whatever was set before
        demo = demos.find(name)
        run_async(dash.demo(name))
        runs = dash.runs + [dash.run]
        assert [r.label for r in runs] == EXPECTED[name]
        setting, values = demo.vary
        for run, value in zip(runs, values, strict=True):
            trainer = run.trainer
            used = {"learning_rate": trainer.learning_rate, "batch_size": trainer.batch_size,
                    "hidden_size": run.hidden_size, "train_size": run.train_size or 0}  # fmt: skip
            assert used[setting] == value
            for key, wanted in demo.settings.items():
                assert used[key] == wanted, f"{name}: {key} is {used[key]}, the demo says {wanted}"
            assert trainer.network.params["W1"].shape == (784, run.hidden_size)
            assert trainer.train_size == (run.train_size or len(data[0]))
            # each run trained the demo's iterations, unless the blow-up check stopped it
            assert run.iteration == demo.iterations or (run.warned and run.iteration < demo.iterations)
        assert dash.message.endswith(demo.look) and dash.state != "playing"
        assert dash.controls.iters.value == demo.iterations
    finally:
        dash.close()


def test_the_demos_show_what_their_sentences_say(data):
    dash = Dashboard(*data, pace=0)
    try:
        run_async(dash.demo("lr_too_large"))
        good, large = dash.runs[-1], dash.run
        assert large.warned and not good.warned
        assert np.mean(good.losses[-50:]) < np.log(10) - 0.5 < np.mean(large.losses[-50:]) + 0.5
        run_async(dash.demo("overfitting"))
        last = dash.run.evaluations[-1]
        assert last.train_acc == 1.0 and last.train_acc - last.test_acc > 0.1
        assert "300 training images" in dash.status
    finally:
        dash.close()


def test_an_unknown_demo_names_the_demos():
    with pytest.raises(ValueError, match="the demos are lr_too_large, lr_too_small, batch_1_vs_100"):
        demos.find("lr_huge")


def test_the_menu_runs_a_demo_in_the_background_and_reads_choose_again(dash):
    async def main():
        dash.controls.demo.value = "lr_too_small"
        assert dash.controls.demo.value == "", "the menu reads 'choose...' again at once"
        await asyncio.sleep(0)  # the demo's task starts
        assert dash.state == "playing" and "run 1 of 2" in dash.message
        ticks = 0
        while not dash._demo_task.done():  # the event loop is free while it trains
            ticks += 1
            await asyncio.sleep(0)
        assert ticks > 10
        return [r.label for r in dash.runs + [dash.run]]

    assert run_async(main()) == EXPECTED["lr_too_small"]
    assert dash.message.endswith(demos.DEMOS["lr_too_small"].look)


def test_pause_during_a_demo_from_the_menu_ends_the_demo_and_says_so(dash):
    async def main():
        dash.controls.demo.value = "hidden_size"
        while dash.run.iteration < 20:
            await asyncio.sleep(0)
        dash.pause()
        await dash._demo_task
        return len(dash.runs) + 1

    assert run_async(main()) == 1, "no further run after Pause"
    assert "stopped before its last run" in dash.message and dash.state == "paused"


def test_the_menu_outside_jupyter_says_how_to_run_a_demo_from_code(dash):
    dash.controls.demo.value = "overfitting"
    assert "await dash.demo('overfitting')" in dash.message and dash.run.iteration == 0


def test_the_training_set_menu_starts_a_new_run_on_that_many_images(dash, data):
    dash.step()
    dash.set(train_size=300)
    assert dash.run.iteration == 0 and dash.run.trainer.train_size == 300 and len(dash.runs) == 1
    assert dash.run.label.endswith("hidden 50, 300 images") and "300 training images" in dash.status
    dash.set(train_size=None)
    assert dash.run.trainer.train_size == len(data[0]) and "training images" not in dash.status
    with pytest.raises(ValueError, match=r"train_size must be None \(all 1,000 images\) or one of \[300\]"):
        dash.set(train_size=500)


# --- what the hidden units learned --------------------------------------------------


def test_the_learned_tiles_are_W1_minus_W1_at_the_start(dash):
    start = dash.network.params["W1"].copy()
    np.testing.assert_array_equal(dash.run.W1_start, start)
    for _ in range(30):
        dash.step()
    W1 = dash.network.params["W1"]
    np.testing.assert_allclose(dash.run.learned, W1 - start)
    dash._redraw(everything=True)
    shown = np.asarray(decode(dash.controls.strokes.value).convert("RGB"))
    np.testing.assert_array_equal(shown, dash.strokes.pixels(W1 - start))
    # and they are not the raw weights
    assert not np.array_equal(shown, dash.weights.pixels(W1 - start))


def test_the_learned_tiles_share_one_scale_symmetric_around_zero():
    change = np.zeros((784, 2))
    change[:392, 0] = 0.04  # unit 0: +0.04 on the top half, -0.04 on the bottom half
    change[392:, 0] = -0.04
    change[:, 1] = 0.01  # unit 1: +0.01 everywhere
    strokes = figures.Strokes(units=2, columns=2, zoom=1, scale=1)
    scaled, limit = strokes._scaled(change.T.reshape(2, 28, 28))
    assert limit == figures.nice_ceil(0.04) == 0.05
    np.testing.assert_allclose(scaled[0, :14], 0.5 + 0.5 * 0.04 / 0.05)
    np.testing.assert_allclose(scaled[0, 14:], 0.5 - 0.5 * 0.04 / 0.05)  # same distance below white
    np.testing.assert_allclose(scaled[1], 0.5 + 0.5 * 0.01 / 0.05)  # the same scale for every tile
    tiles = strokes.pixels(change)
    red, blue = tiles[2, 2], tiles[20, 2]
    assert red[0] > red[2] and blue[2] > blue[0], "red +, blue -"
    assert abs(int(red[0]) - int(blue[2])) <= 30 and abs(int(red[2]) - int(blue[0])) <= 30  # mirror colours
    before = strokes._scaled(np.zeros((2, 28, 28)))[0]
    np.testing.assert_array_equal(before, 0.5)  # before any training: all white


def test_learned_strokes_draws_the_current_runs_tiles(dash):
    for _ in range(10):
        dash.step()
    axes = dash.learned_strokes(units=4)
    np.testing.assert_allclose(axes[1, 3].images[0].get_array(), dash.run.learned[:, 3].reshape(28, 28))


# --- the current network --------------------------------------------------------------


def test_save_from_the_dashboard_round_trips(dash, tmp_path):
    for _ in range(20):
        dash.step()
    path = dash.save_params(tmp_path / "dashboard.npz")
    assert "Saved the network of the current run" in dash.message and str(path) in dash.message
    loaded = TwoLayerNet(784, 50, 10, dtype=np.float32)
    loaded.load_params(path)
    for key, value in dash.network.params.items():
        np.testing.assert_array_equal(loaded.params[key], value)
    x = dash.digits
    np.testing.assert_array_equal(loaded.predict(x), dash.network.predict(x))
    with pytest.raises(ValueError, match=r"W1: the file has shape \(784, 50\), this network \(784, 20\)"):
        TwoLayerNet(784, 20, 10, dtype=np.float32).load_params(path)


def test_show_mistakes_draws_the_test_sets_confusion_matrix_and_mistakes(dash, data):
    for _ in range(30):
        dash.step()
    (counts_ax, _), gallery = dash.show_mistakes(n=6)
    y = dash.network.predict(data[2].astype(np.float32) / 255)
    counts = confusion_matrix(data[3], y.argmax(axis=1))
    assert counts.sum() == len(data[2])
    assert counts_ax.get_title() == f"counts ({counts.trace():,} of {counts.sum():,} right)"
    wrong = int((y.argmax(axis=1) != data[3]).sum())
    assert sum(bool(ax.images) for ax in gallery.flat) == min(6, wrong)


def test_the_digit_pad_reads_drawings_with_the_current_network(dash):
    pad = dash.digit_pad()
    pad.draw(DIGIT_STROKES[1])
    first = dash.network
    np.testing.assert_allclose(pad.probabilities, first.predict(pad.image[None])[0], rtol=1e-6)
    dash.set(hidden_size=20)  # a new network
    for _ in range(30):
        dash.step()
    pad.refresh()
    assert dash.network is not first
    np.testing.assert_allclose(pad.probabilities, dash.network.predict(pad.image[None])[0], rtol=1e-6)


# --- in Japanese -----------------------------------------------------------------------


def test_a_japanese_demo_says_in_japanese_what_it_does_and_what_to_look_at(data, monkeypatch):
    nnlib.set_language("ja")
    dash = Dashboard(*data, pace=0)
    try:
        menu = [label for label, _ in dash.controls.demo.options]
        assert menu[0] == "講義用のデモを選ぶ…" and not_japanese(menu) == []
        said = []
        say = dash._say
        monkeypatch.setattr(dash, "_say", lambda text, warning=False: said.append(text) or say(text, warning))
        run_async(dash.demo("lr_too_small"))
        demo = demos.DEMOS["lr_too_small"]
        assert "デモ「学習率が小さすぎる例 (0.001)」: 2 回中 1 回目の学習、学習率 0.001…" in said
        assert dash.message == f"{demo.heading}。{demo.look}" and demo.look.startswith("損失関数の値を見て")
        assert not_japanese([dash.message, *[s for s in said if s]]) == []
        (counts_ax, _), gallery = dash.show_mistakes()
        for fig in (dash.learned_strokes(units=4)[0, 0].figure, counts_ax.figure, gallery.flat[0].figure):
            draw_without_missing_glyphs(fig)
            assert not_japanese(figure_texts(fig), ("W1",)) == []
    finally:
        dash.close()
        nnlib.set_language("en")
    assert demos.DEMOS["lr_too_small"].title == "learning rate too small (0.001)"
