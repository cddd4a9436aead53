"""The Trainer: it learns, it is reproducible, it obeys changes between two steps,
it evaluates once per epoch, it stops when it diverges."""

import warnings

import numpy as np
import pytest

from nnlib import train as train_module
from nnlib.train import DIVERGED_WINDOW, EVAL_CHUNK, Trainer, accuracy, train
from nnlib.two_layer_net import TwoLayerNet

SAMPLE_ITERS = 2000  # 50 epochs of the 4,000-image sample: test accuracy ~0.89-0.90


def test_learns_the_offline_sample(sample_mnist):
    (x_train, t_train), (x_test, t_test) = sample_mnist
    trainer = Trainer(x_train, t_train, x_test, t_test, seed=0)
    steps = list(trainer.run(SAMPLE_ITERS))
    assert len(steps) == SAMPLE_ITERS and not any(s.diverged for s in steps)
    assert trainer.accuracy(x_test, t_test) >= 0.85
    assert trainer.test_acc_list[-1] >= 0.85  # the last per-epoch evaluation
    losses = trainer.train_loss_list
    assert len(losses) == SAMPLE_ITERS
    assert np.mean(losses[:20]) > 2.2  # starts at chance, ln 10 = 2.30
    assert np.mean(losses[-100:]) < 0.5


def test_same_seed_same_run(sample_mnist):
    (x_train, t_train), (x_test, t_test) = sample_mnist
    runs = [Trainer(x_train, t_train, x_test, t_test, seed=seed) for seed in (3, 3, 4)]
    for trainer in runs:
        for _ in trainer.run(60):
            pass
    a, b, c = runs
    assert a.train_loss_list == b.train_loss_list
    assert a.test_acc_list == b.test_acc_list
    for key in a.network.params:
        np.testing.assert_array_equal(a.network.params[key], b.network.params[key])
    assert a.train_loss_list != c.train_loss_list


def test_uint8_images_train_as_normalized_floats(sample_mnist):
    # The CLI passes uint8 images (4x less memory): the same run as float32 images.
    (x_train, t_train), (x_test, t_test) = sample_mnist
    as_uint8 = [np.round(x * 255).astype(np.uint8) for x in (x_train, x_test)]
    a = train(x_train, t_train, x_test, t_test, iters=50, seed=1)
    b = train(as_uint8[0], t_train, as_uint8[1], t_test, iters=50, seed=1)
    assert a.train_loss_list == b.train_loss_list
    assert a.test_acc_list == b.test_acc_list


class SpyNet(TwoLayerNet):
    """A real network that remembers each mini-batch's size and gradient."""

    def __init__(self):
        super().__init__(784, 10, 10, rng=np.random.default_rng(0))
        self.batch_sizes, self.grads = [], []

    def loss_and_gradient(self, x, t):
        loss, grads = super().loss_and_gradient(x, t)
        self.batch_sizes.append(x.shape[0])
        self.grads.append(grads)
        return loss, grads


def test_learning_rate_and_batch_size_take_effect_at_the_next_step(sample_mnist):
    (x_train, t_train), (x_test, t_test) = sample_mnist
    spy = SpyNet()
    trainer = Trainer(x_train, t_train, x_test, t_test, network=spy, learning_rate=0.1, batch_size=100)
    step = trainer.step()
    assert (step.learning_rate, step.batch_size, spy.batch_sizes[-1]) == (0.1, 100, 100)

    trainer.learning_rate, trainer.batch_size = 0.5, 7
    before = {k: v.copy() for k, v in spy.params.items()}
    step = trainer.step()
    assert (step.learning_rate, step.batch_size, spy.batch_sizes[-1]) == (0.5, 7, 7)
    for key, value in spy.params.items():  # the update used the new rate
        np.testing.assert_allclose(value, before[key] - 0.5 * spy.grads[-1][key], rtol=0, atol=1e-15)
    assert trainer.samples_seen == 107

    # The same while run() is going: the dashboard changes them between two steps.
    seen = []
    for step in trainer.run(4):
        seen.append((step.learning_rate, step.batch_size, spy.batch_sizes[-1]))
        trainer.learning_rate, trainer.batch_size = 0.01, 3 + len(seen)
    assert seen == [(0.5, 7, 7), (0.01, 4, 4), (0.01, 5, 5), (0.01, 6, 6)]


class FakeNet:
    """Does nothing but count: the Trainer's bookkeeping without real training."""

    def __init__(self):
        self.params = {key: np.zeros(1) for key in ("W1", "b1", "W2", "b2")}
        self.evaluated = []  # the number of images of each accuracy() call

    def loss_and_gradient(self, x, t):
        return 1.0, {key: np.zeros(1) for key in self.params}

    def accuracy(self, x, t):
        self.evaluated.append(len(x))
        return 0.5


@pytest.mark.parametrize("iters, batch_size, evaluated_at", [
    (10000, 100, [1 + 600 * k for k in range(17)]),  # the slides: 17 lines of output
    (1000, 250, [1, 241, 481, 721, 961]),
    (5, 60000, [1, 2, 3, 4, 5]),  # a whole epoch per step
])  # fmt: skip
def test_evaluates_once_per_epoch_of_images_drawn(iters, batch_size, evaluated_at):
    x_train, t_train = np.zeros((60000, 1), np.float32), np.zeros(60000, np.uint8)
    x_test, t_test = np.zeros((10000, 1), np.float32), np.zeros(10000, np.uint8)
    fake = FakeNet()
    trainer = Trainer(x_train, t_train, x_test, t_test, network=fake, batch_size=batch_size, seed=0)
    steps = list(trainer.run(iters))
    assert [s.iteration for s in steps if s.evaluation] == evaluated_at
    assert [e.iteration for e in trainer.evaluations] == evaluated_at
    # whole train and test sets, in chunks of at most EVAL_CHUNK images
    assert sum(fake.evaluated) == 70000 * len(evaluated_at)
    assert max(fake.evaluated) == EVAL_CHUNK
    assert trainer.train_acc_list == trainer.test_acc_list == [0.5] * len(evaluated_at)
    assert len(trainer.train_loss_list) == iters
    assert str(trainer.evaluations[0]) == "train acc, test acc | 0.5000, 0.5000"


def test_evaluating_in_the_background_gives_the_same_numbers(sample_mnist):
    (x_train, t_train), (x_test, t_test) = sample_mnist
    options = dict(seed=5, eval_interval=1000)  # an evaluation every 10 steps of 100
    here = Trainer(x_train, t_train, x_test, t_test, **options)
    steps_here = list(here.run(95))
    there = Trainer(x_train, t_train, x_test, t_test, **options)
    steps_there = list(there.run(95, evaluate_in_background=True))
    assert [s.evaluation for s in steps_here if s.evaluation] == here.evaluations
    assert all(s.evaluation is None for s in steps_there)
    # the weights at iterations 1, 11, ..., 91, though training went on meanwhile
    assert [e.iteration for e in there.evaluations] == list(range(1, 96, 10))
    assert there.evaluations == here.evaluations
    assert there.train_acc_list == here.train_acc_list and there.test_acc_list == here.test_acc_list
    assert there.train_loss_list == here.train_loss_list
    assert len(set(there.test_acc_list)) > 3  # the weights did change between evaluations


def test_background_evaluations_are_all_recorded_when_the_loop_is_left_early(sample_mnist):
    (x_train, t_train), (x_test, t_test) = sample_mnist
    trainer = Trainer(x_train, t_train, x_test, t_test, seed=0, eval_interval=100)
    for step in trainer.run(1000, evaluate_in_background=True):
        if step.iteration == 30:
            break
    # the generator is closed when the loop is left: it waits for its evaluations
    assert [e.iteration for e in trainer.evaluations] == list(range(1, 31))
    assert trainer._evaluator is None
    steps = list(trainer.run(5))  # and the Trainer goes on, evaluating in the foreground
    assert steps[-1].evaluation is not None and steps[-1].evaluation.iteration == 35


def test_a_failing_background_evaluation_is_an_error_in_the_loop(sample_mnist):
    (x_train, t_train), (x_test, t_test) = sample_mnist

    class BrokenAccuracy(TwoLayerNet):
        def accuracy(self, x, t):
            raise RuntimeError("accuracy is broken")

    network = BrokenAccuracy(784, 10, 10, rng=np.random.default_rng(0), dtype=np.float32)
    trainer = Trainer(x_train, t_train, x_test, t_test, network=network, eval_interval=1000)
    with pytest.raises(RuntimeError, match="accuracy is broken"):
        for _ in trainer.run(50, evaluate_in_background=True):
            pass


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_accuracy_in_chunks_and_threads_is_the_networks_accuracy(sample_mnist, threads, monkeypatch):
    (x_train, t_train), _ = sample_mnist
    net = train(x_train, t_train, x_train[:10], t_train[:10], iters=50, seed=0).network
    monkeypatch.setattr(train_module, "EVAL_CHUNK", 300)  # 4000 images: 13 chunks, the last short
    assert accuracy(net, x_train, t_train, threads) == net.accuracy(x_train, t_train)
    as_uint8 = np.round(x_train * 255).astype(np.uint8)
    assert accuracy(net, as_uint8, t_train, threads) == net.accuracy(x_train, t_train)
    assert accuracy(net, x_train, np.eye(10)[t_train], threads) == net.accuracy(x_train, t_train)


def test_threads_keep_the_callers_floating_point_error_settings():
    # numpy's error settings belong to a thread; those of the caller must hold in the workers
    net = TwoLayerNet(784, 10, 10, rng=np.random.default_rng(0), dtype=np.float32)
    net.params["W2"].fill(np.inf)  # inf - inf in softmax: "invalid value"
    x, t = np.ones((2500, 784), np.float32), np.zeros(2500, np.uint8)
    with np.errstate(invalid="ignore"):
        assert accuracy(net, x, t, threads=2) == accuracy(net, x, t, threads=1)
    with np.errstate(invalid="raise"), pytest.raises(FloatingPointError):
        accuracy(net, x, t, threads=2)


def test_a_too_large_learning_rate_stops_the_run(sample_mnist):
    (x_train, t_train), (x_test, t_test) = sample_mnist
    trainer = Trainer(x_train, t_train, x_test, t_test, learning_rate=1e4, seed=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        steps = list(trainer.run(1000))
    assert [w for w in caught if issubclass(w.category, RuntimeWarning)] == []
    assert len(steps) < 1000
    assert steps[-1].diverged and not any(s.diverged for s in steps[:-1])


class ScriptedLossNet(FakeNet):
    """Returns the losses it is given, one per step."""

    def __init__(self, losses):
        super().__init__()
        self.losses = iter(losses)

    def loss_and_gradient(self, x, t):
        return next(self.losses), {key: np.zeros(1) for key in self.params}


def test_one_costly_mini_batch_is_not_divergence():
    # With batch size 1, one confidently misread digit can cost more than 10 in a
    # healthy run; only a mean above 10 over DIVERGED_WINDOW steps counts.
    x, t = np.zeros((50, 784), np.float32), np.zeros(50, np.uint8)
    healthy = [0.3] * 9 + [15.0] + [0.3] * 20
    trainer = Trainer(x, t, x, t, network=ScriptedLossNet(healthy), batch_size=1)
    assert not any(s.diverged for s in trainer.run(30))
    ruined = [0.3] * 5 + [16.1] * 20
    trainer = Trainer(x, t, x, t, network=ScriptedLossNet(ruined), batch_size=1)
    steps = list(trainer.run(25))
    assert steps[-1].diverged and 5 < len(steps) <= 5 + DIVERGED_WINDOW
    trainer = Trainer(x, t, x, t, network=ScriptedLossNet([0.3, float("nan")]), batch_size=1)
    assert [s.diverged for s in trainer.run(2)] == [False, True]


@pytest.mark.parametrize("learning_rate", [1.0, 3.0])
def test_large_but_workable_learning_rates_do_not_count_as_diverged(sample_mnist, learning_rate):
    # Their loss jumps above chance level for a few steps at the start (to ~3.5), then falls.
    (x_train, t_train), (x_test, t_test) = sample_mnist
    trainer = Trainer(x_train, t_train, x_test, t_test, learning_rate=learning_rate, seed=0)
    steps = list(trainer.run(100))
    assert len(steps) == 100 and not any(s.diverged for s in steps)
    assert np.mean(trainer.train_loss_list[-10:]) < 1.0


@pytest.mark.parametrize("attribute, value", [
    ("learning_rate", 0), ("learning_rate", -0.1), ("learning_rate", float("nan")),
    ("batch_size", 0), ("batch_size", -5),
])  # fmt: skip
def test_bad_settings_are_errors(sample_mnist, attribute, value):
    (x_train, t_train), (x_test, t_test) = sample_mnist
    trainer = Trainer(x_train, t_train, x_test, t_test, seed=0)
    trainer.step()
    setattr(trainer, attribute, value)
    with pytest.raises(ValueError, match=attribute):
        trainer.step()
    assert trainer.iteration == 1 and len(trainer.train_loss_list) == 1  # nothing half done


def test_the_book_recipe_on_full_mnist(full_mnist):
    """The slides' run: 10,000 iterations, batch 100, lr 0.1, hidden 50 -> test acc ~0.95."""
    (x_train, t_train), (x_test, t_test) = full_mnist
    trainer = train(x_train, t_train, x_test, t_test, iters=10000, hidden_size=50,
                    learning_rate=0.1, batch_size=100, seed=0)  # fmt: skip
    assert len(trainer.test_acc_list) == 17
    assert trainer.test_acc_list[-1] >= 0.94
    assert trainer.accuracy(x_test, t_test) >= 0.94
    # the two curves overlap (2本の線が重なっている): no overfitting
    assert abs(trainer.train_acc_list[-1] - trainer.test_acc_list[-1]) < 0.02


# --- in Japanese ---------------------------------------------------------------------


def test_in_japanese_errors_are_japanese_and_the_slides_line_is_the_slides(sample_mnist, japanese):
    (x_train, t_train), (x_test, t_test) = sample_mnist
    trainer = Trainer(x_train[:100], t_train[:100], x_test[:100], t_test[:100], seed=0)
    trainer.learning_rate = 0
    with pytest.raises(ValueError, match=r"^learning_rate は 0 より大きく、batch_size は 1 以上に"):
        trainer.step()
    trainer.learning_rate = 0.1
    evaluation = trainer.step().evaluation
    # the line train_neuralnet.py prints, as in the slides, whichever the language
    assert str(evaluation) == f"train acc, test acc | {evaluation.train_acc:.4f}, {evaluation.test_acc:.4f}"
