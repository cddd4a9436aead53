"""The Trainer: it learns, it is reproducible, it obeys changes between two steps,
it evaluates once per epoch, it stops when it diverges."""

import warnings

import numpy as np
import pytest

from nnlib.train import DIVERGED_WINDOW, Trainer, train
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
    assert fake.evaluated == [60000, 10000] * len(evaluated_at)  # whole train and test sets
    assert trainer.train_acc_list == trainer.test_acc_list == [0.5] * len(evaluated_at)
    assert len(trainer.train_loss_list) == iters
    assert str(trainer.evaluations[0]) == "train acc, test acc | 0.5000, 0.5000"


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
