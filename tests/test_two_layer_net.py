"""TwoLayerNet: the book's shapes and initialization, label and one-hot targets, the
float32 option, and backpropagation checked against the numerical gradient on real digits."""

import inspect
import re

import numpy as np
import pytest
from test_slides_code import TwoLayerNet as SlidesTwoLayerNet

from nnlib import two_layer_net
from nnlib.functions import cross_entropy_error
from nnlib.gradient import gradient_check
from nnlib.two_layer_net import TwoLayerNet, one_hot

KEYS = ("W1", "b1", "W2", "b2")


@pytest.fixture
def batch(sample_mnist):
    """20 real digits: x (20, 784) float32, labels (20,) uint8, one-hot (20, 10) float64."""
    (x_train, t_train), _ = sample_mnist
    x, labels = x_train[:20], t_train[:20]
    return x, labels, np.eye(10)[labels]


def trained_a_little(x, t, **options):
    """A net after a few SGD steps, so its predictions are not all ~0.1."""
    net = TwoLayerNet(784, 30, 10, rng=np.random.default_rng(0), **options)
    for _ in range(30):
        grads = net.gradient(x, t)
        for key in KEYS:
            net.params[key] -= 0.5 * grads[key]
    return net


def test_shapes():
    net = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
    assert {k: v.shape for k, v in net.params.items()} == {
        "W1": (784, 50), "b1": (50,), "W2": (50, 10), "b2": (10,)
    }  # fmt: skip
    assert all(v.dtype == np.float64 for v in net.params.values())
    y = net.predict(np.zeros((7, 784)))
    assert y.shape == (7, 10)
    grads = net.gradient(np.zeros((7, 784)), np.arange(7))
    assert {k: v.shape for k, v in grads.items()} == {k: v.shape for k, v in net.params.items()}


def test_initialization_as_the_book():
    np.random.seed(0)
    net = TwoLayerNet(784, 50, 10)
    np.testing.assert_array_equal(net.params["b1"], 0)
    np.testing.assert_array_equal(net.params["b2"], 0)
    assert net.params["W1"].std() == pytest.approx(0.01, rel=0.05)
    assert net.params["W1"].mean() == pytest.approx(0, abs=0.001)
    # the very draws of the book's code: np.random.randn, W1 first, then W2
    np.random.seed(0)
    W1 = 0.01 * np.random.randn(784, 50)
    W2 = 0.01 * np.random.randn(50, 10)
    np.testing.assert_array_equal(net.params["W1"], W1)
    np.testing.assert_array_equal(net.params["W2"], W2)

    wide = TwoLayerNet(784, 50, 10, weight_init_std=0.1)
    assert wide.params["W1"].std() == pytest.approx(0.1, rel=0.05)


def test_rng_option_is_reproducible_and_leaves_np_random_alone():
    np.random.seed(1)
    expected_next = np.random.rand()
    np.random.seed(1)
    a = TwoLayerNet(784, 20, 10, rng=np.random.default_rng(5))
    b = TwoLayerNet(784, 20, 10, rng=np.random.default_rng(5))
    c = TwoLayerNet(784, 20, 10, rng=np.random.default_rng(6))
    assert np.random.rand() == expected_next  # the global generator was not used
    for key in KEYS:
        np.testing.assert_array_equal(a.params[key], b.params[key])
    assert not np.array_equal(a.params["W1"], c.params["W1"])
    assert a.params["W1"].std() == pytest.approx(0.01, rel=0.1)


def test_predict_rows_are_probabilities(batch):
    x, labels, t = batch
    net = trained_a_little(x, labels)
    y = net.predict(x)
    assert np.all(y >= 0)
    np.testing.assert_allclose(y.sum(axis=1), 1, rtol=1e-12)
    assert y.std() > 0.01  # not the untrained ~0.1 everywhere


def test_accuracy_with_labels_and_one_hot(batch, monkeypatch):
    x, labels, t = batch
    net = trained_a_little(x[:10], labels[:10])
    expected = np.mean(np.argmax(net.predict(x), axis=1) == labels)
    assert 0 < expected < 1  # a case where the count matters
    assert net.accuracy(x, labels) == expected
    assert net.accuracy(x, t) == expected
    monkeypatch.setattr(two_layer_net, "EVAL_CHUNK", 7)  # chunks, a short last one
    assert net.accuracy(x, labels) == expected


def test_labels_and_one_hot_give_the_same_loss_and_gradient(batch):
    x, labels, t = batch
    net = TwoLayerNet(784, 30, 10, rng=np.random.default_rng(0))
    assert net.loss(x, labels) == net.loss(x, t)
    g_labels, g_one_hot = net.gradient(x, labels), net.gradient(x, t)
    for key in KEYS:
        np.testing.assert_array_equal(g_labels[key], g_one_hot[key])


def test_loss_and_gradient_is_loss_and_gradient(batch):
    x, labels, _ = batch
    net = trained_a_little(x, labels)
    loss, grads = net.loss_and_gradient(x, labels)
    assert loss == pytest.approx(net.loss(x, labels), rel=1e-12)
    assert loss == pytest.approx(cross_entropy_error(net.predict(x), labels), rel=1e-12)
    gradient = net.gradient(x, labels)
    for key in KEYS:
        np.testing.assert_array_equal(grads[key], gradient[key])


def test_one_hot():
    t = one_hot(np.array([2, 0]), 4)
    np.testing.assert_array_equal(t, [[0, 0, 1, 0], [1, 0, 0, 0]])
    assert t.dtype == np.float32
    assert one_hot(t, 4) is t  # already one-hot


@pytest.mark.parametrize("targets", ["labels", "one-hot"])
def test_float32_stays_float32(batch, targets):
    x, labels, t = batch
    assert x.dtype == np.float32
    tt = labels if targets == "labels" else t  # t: float64, as load_mnist(one_hot_label=True)
    net = TwoLayerNet(784, 30, 10, rng=np.random.default_rng(0), dtype=np.float32)
    assert all(v.dtype == np.float32 for v in net.params.values())
    assert net.predict(x).dtype == np.float32
    loss, grads = net.loss_and_gradient(x, tt)
    assert np.asarray(loss).dtype == np.float32
    assert {k: v.dtype for k, v in grads.items()} == dict.fromkeys(KEYS, np.float32)
    # and the same numbers as in float64, to float32's precision
    net64 = TwoLayerNet(784, 30, 10, rng=np.random.default_rng(0))
    loss64, grads64 = net64.loss_and_gradient(x.astype(np.float64), tt)
    assert loss == pytest.approx(loss64, rel=1e-5)
    for key in KEYS:
        np.testing.assert_allclose(grads[key], grads64[key], rtol=1e-3, atol=1e-6)


def test_backpropagation_matches_the_numerical_gradient_on_real_digits(sample_mnist):
    """The book's gradient check (ch04/gradient_check.py): 3 images, all 39,760 parameters.

    In float64 the norm-based relative error is ~5e-7 for every parameter, and that
    is not a flaw of backpropagation: the loss has the book's +1e-7 inside its log,
    -log(y + 1e-7), whose derivative is 1/(y + 1e-7), while backpropagation's
    (y - t) is the derivative of -log(y). At initialization y ~ 0.1, a relative
    difference of 1e-7 / 0.1 = 1e-6, i.e. 5e-7 in ||a - n|| / (||a|| + ||n||).
    Element by element the relative error reaches ~1e-4 where a gradient is close
    to 0: there the central difference's own error (~1e-10) is not small next to it.
    """
    (x_train, t_train), _ = sample_mnist
    x, t = x_train[:3].astype(np.float64), t_train[:3]
    np.random.seed(0)
    net = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
    params_before = {k: v.copy() for k, v in net.params.items()}

    grad_numerical = net.numerical_gradient(x, t)
    grad_backprop = net.gradient(x, t)
    report = gradient_check(grad_backprop, grad_numerical)

    assert sorted(c.name for c in report) == sorted(KEYS)
    for c in report:
        assert c.norm_error < 1e-6, report
        assert c.max_error < 1e-3, report
        assert c.verdict == "good"
    for key in KEYS:  # numerical_gradient put every weight back
        np.testing.assert_array_equal(net.params[key], params_before[key])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("targets", ["labels", "one-hot"])
def test_loss_and_gradient_computes_exactly_the_books_numbers(batch, dtype, targets):
    # In place and without one-hot rows, but the same operations in the same order:
    # equal to the last bit, not only to rounding.
    x, labels, _ = batch
    net = trained_a_little(x, labels, dtype=dtype)
    x = x.astype(dtype)
    t_one_hot = np.eye(10, dtype=dtype)[labels]
    loss, grads = net.loss_and_gradient(x, labels if targets == "labels" else t_one_hot)
    slides = SlidesTwoLayerNet(784, 30, 10)  # the slides' code, with the same weights
    slides.params = net.params
    book_grads = slides.gradient(x, t_one_hot)
    assert loss == slides.loss(x, t_one_hot)
    for key in KEYS:
        np.testing.assert_array_equal(grads[key], book_grads[key])


def test_loss_and_gradient_changes_neither_the_images_nor_the_weights(batch):
    x, labels, _ = batch
    net = trained_a_little(x, labels, dtype=np.float32)
    x_before = x.copy()
    params_before = {key: value.copy() for key, value in net.params.items()}
    net.loss_and_gradient(x, labels)
    np.testing.assert_array_equal(x, x_before)
    for key in KEYS:
        np.testing.assert_array_equal(net.params[key], params_before[key])


@pytest.mark.parametrize("labels, message", [
    (np.array([0, 1, -1]), r"labels must be in 0\.\.9, got -1\.\.1"),  # -1 would pick class 9
    (np.array([0, 10, 3]), r"labels must be in 0\.\.9, got 0\.\.10"),
    (np.array([0.0, 1.0, 2.0]), "labels must be integers"),
    (np.array([0, 1]), "2 labels for 3 images"),
    (np.array([[0], [1], [2]]), r"one-hot targets must have shape \(3, 10\), got \(3, 1\)"),
])  # fmt: skip
def test_bad_labels_are_clear_errors(labels, message):
    net = TwoLayerNet(784, 5, 10, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=message):
        net.loss_and_gradient(np.zeros((3, 784)), labels)


def test_loss_and_gradient_warns_of_nothing_at_extreme_weights():
    # sigmoid(-1000) and softmax of huge scores: the right limits, no RuntimeWarning
    # (pytest turns warnings into errors here)
    net = TwoLayerNet(784, 5, 10, rng=np.random.default_rng(0), dtype=np.float32)
    net.params["W1"][:, :2] = -50.0  # exp(-a1) overflows to inf for these hidden units
    net.params["W1"][:, 2:] = 50.0
    net.params["W2"][:, 3] = 1e6
    loss, grads = net.loss_and_gradient(np.ones((4, 784), np.float32), np.array([3, 3, 0, 1]))
    assert np.isfinite(loss) and all(np.all(np.isfinite(g)) for g in grads.values())


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("targets", ["labels", "one-hot"])
def test_gradient_and_loss_and_gradient_give_equal_gradients(batch, dtype, targets):
    # gradient is the slides' readable code, loss_and_gradient the fast path of Trainer:
    # the same numbers to the last bit, in the network's dtype. One-hot targets in
    # float64, as load_mnist gives them, also for the float32 network.
    x, labels, t_one_hot = batch
    net = trained_a_little(x, labels, dtype=dtype)
    x = x.astype(dtype)
    t = labels if targets == "labels" else t_one_hot
    readable = net.gradient(x, t)
    _, fast = net.loss_and_gradient(x, t)
    assert {k: v.dtype for k, v in readable.items()} == dict.fromkeys(KEYS, np.dtype(dtype))
    for key in KEYS:
        assert readable[key].shape == net.params[key].shape
        np.testing.assert_array_equal(readable[key], fast[key])


def _code_lines(function):
    """The lines of a method's body: no docstring, comments or blank lines, one quote style."""
    lines = inspect.getsource(function).splitlines()[1:]
    body = "\n".join(lines)
    body = re.sub(r'^\s*""".*?"""\n', "", body, count=1, flags=re.DOTALL)
    code = [re.sub(r"\s*#.*$", "", line).strip().replace("'", '"') for line in body.splitlines()]
    return [line for line in code if line]


def test_gradient_is_the_slides_code_plus_the_label_line():
    # notebook 04 and 05 say so, and show TwoLayerNet.gradient
    ours = _code_lines(TwoLayerNet.gradient)
    added = "t = _one_hot_like(y, t)"
    assert ours.count(added) == 1
    ours.remove(added)
    assert ours == _code_lines(SlidesTwoLayerNet.gradient)
    for method in ("predict", "loss"):
        assert _code_lines(getattr(TwoLayerNet, method)) == _code_lines(getattr(SlidesTwoLayerNet, method))


@pytest.mark.parametrize("labels, message", [
    (np.array([0, 1, -1]), r"labels must be in 0\.\.9, got -1\.\.1"),
    (np.array([0.0, 1.0, 2.0]), "labels must be integers"),
    (np.array([0, 1]), "2 labels for 3 images"),
    (np.array([[0], [1], [2]]), r"one-hot targets must have shape \(3, 10\), got \(3, 1\)"),
])  # fmt: skip
def test_bad_labels_are_clear_errors_in_gradient_too(labels, message):
    net = TwoLayerNet(784, 5, 10, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=message):
        net.gradient(np.zeros((3, 784)), labels)


# --- in Japanese ---------------------------------------------------------------------


@pytest.mark.parametrize("labels, message", [
    (np.array([0, 1, -1]), r"^t: ラベルは 0\.\.9 の範囲にしてください（-1\.\.1 が渡されました）$"),
    (np.array([0.0, 1.0, 2.0]), r"^t: ラベルは整数（クラスの番号）にしてください"),
    (np.array([0, 1]), r"^t: 画像 3 枚に対してラベルが 2 個あります"),
    (np.array([[0], [1], [2]]), r"^t: one-hot 表現の正解ラベルは形状 \(3, 10\) にしてください"),
])  # fmt: skip
def test_in_japanese_bad_labels_are_explained_in_japanese(labels, message, japanese):
    net = TwoLayerNet(784, 5, 10, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=message):
        net.loss_and_gradient(np.zeros((3, 784)), labels)
