"""nnlib.gradient: central differences, the book's gradient-descent examples, gradient_check."""

import numpy as np
import pytest

from nnlib.functions import cross_entropy_error, softmax
from nnlib.gradient import (
    GOOD,
    WRONG,
    _numerical_gradient_1d,
    gradient_check,
    gradient_descent,
    numerical_diff,
    numerical_gradient,
    numerical_gradient_2d,
)
from nnlib.two_layer_net import TwoLayerNet


def function_2(x):
    """The book's f(x0, x1) = x0**2 + x1**2 (any shape: the sum of squares)."""
    return np.sum(x**2)


# --- numerical_diff ----------------------------------------------------------------


def test_numerical_diff_book_example():
    def function_1(x):
        return 0.01 * x**2 + 0.1 * x

    # The book: 0.1999999999990898 and 0.2999999999986347; exact: 0.2 and 0.3.
    assert numerical_diff(function_1, 5) == pytest.approx(0.2, abs=1e-9)
    assert numerical_diff(function_1, 10) == pytest.approx(0.3, abs=1e-9)


def test_numerical_diff_is_a_central_difference():
    # For x**3 the central difference is off by exactly h**2 (a forward difference by ~3h).
    assert numerical_diff(lambda x: x**3, 1.0) == pytest.approx(3.0 + 1e-8, abs=1e-10)


# --- numerical_gradient ------------------------------------------------------------


@pytest.mark.parametrize("shape", [(), (2,), (3, 4), (2, 3, 4)])
def test_numerical_gradient_any_shape(shape):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape)
    before = x.copy()
    grad = numerical_gradient(function_2, x)
    assert grad.shape == x.shape and grad.dtype == np.float64
    np.testing.assert_allclose(grad, 2 * x, atol=1e-7)
    np.testing.assert_array_equal(x, before)  # restored exactly

    grad = numerical_gradient(lambda x: np.sum(np.sin(x)), x)
    np.testing.assert_allclose(grad, np.cos(x), atol=1e-8)


def test_numerical_gradient_book_examples():
    np.testing.assert_allclose(numerical_gradient(function_2, np.array([3.0, 4.0])), [6, 8], atol=1e-7)
    np.testing.assert_allclose(numerical_gradient(function_2, np.array([0.0, 2.0])), [0, 4], atol=1e-7)
    np.testing.assert_allclose(numerical_gradient(function_2, np.array([3.0, 0.0])), [6, 0], atol=1e-7)


def test_numerical_gradient_of_an_int_array_is_right_and_leaves_it_alone():
    # The book's open bug: an int array cannot hold x + 1e-4, and its version
    # returns [5000, 15000] here.
    x = np.array([1, 2])
    grad = numerical_gradient(lambda x: np.sum(x**2), x)
    np.testing.assert_allclose(grad, [2, 4], atol=1e-6)
    np.testing.assert_array_equal(x, [1, 2])
    assert x.dtype.kind == "i"
    np.testing.assert_allclose(numerical_gradient(function_2, [1, 2]), [2, 4], atol=1e-6)  # a list


def test_numerical_gradient_nudges_x_in_place():
    # TwoLayerNet's loss ignores its argument and reads the weights through a
    # closure: the nudges must happen in the caller's array.
    w = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = numerical_gradient(lambda _: np.sum(w**2), w)
    np.testing.assert_allclose(grad, 2 * w, atol=1e-7)


class SimpleNet:
    """The book's ch04/gradient_simplenet.py: a 2x3 weight matrix and a softmax loss."""

    def __init__(self, W):
        self.W = W

    def loss(self, x, t):
        return cross_entropy_error(softmax(np.dot(x, self.W)), t)


def test_integer_weights_read_through_a_closure_are_an_error_not_zeros():
    # gradient_simplenet.py with integer weights: f reads net.W, never its argument.
    # Nudging a float copy would give all zeros; the integer array cannot hold +1e-4.
    net = SimpleNet(np.array([[1, 2, 0], [0, -1, 3]]))
    x, t = np.array([0.6, 0.9]), np.array([0, 0, 1])
    f = lambda w: net.loss(x, t)  # noqa: E731  (the book's form)
    with pytest.raises(TypeError, match=r"integer array \(int64\).*closure.*astype\(float\)"):
        numerical_gradient(f, net.W)
    np.testing.assert_array_equal(net.W, [[1, 2, 0], [0, -1, 3]])  # put back

    net.W = net.W.astype(float)  # the fix the message gives
    dW = numerical_gradient(f, net.W)
    y = softmax(np.dot(x, net.W))
    np.testing.assert_allclose(dW, np.outer(x, y - t), atol=1e-8)  # the analytic gradient


def test_integer_x_read_both_ways_is_an_error():
    w = np.array([1, 2])
    with pytest.raises(TypeError, match="closure"):
        numerical_gradient(lambda v: np.sum(v**2) + np.sum(w), w)


@pytest.mark.parametrize("x", [np.array([127, -128], np.int8), np.array([0, 255], np.uint8),
                               np.array([True, False])])  # fmt: skip
def test_integer_x_at_the_ends_of_its_range_and_bools(x):
    before = x.copy()
    grad = numerical_gradient(lambda v: np.sum(v**2), x)
    np.testing.assert_allclose(grad, 2 * before.astype(float), atol=1e-5)
    np.testing.assert_array_equal(x, before)
    assert x.dtype == before.dtype


def test_integer_x_with_a_nan_valued_f_is_no_false_alarm():
    grad = numerical_gradient(lambda v: np.nan * v.sum(), np.array([1, 2]))
    assert np.all(np.isnan(grad))


def test_a_non_contiguous_x_is_nudged_in_place():
    base = np.arange(6.0).reshape(2, 3)
    w = base.T  # a transposed view: f reads base
    grad = numerical_gradient(lambda _: np.sum(base**2 * [1, 2, 3]), w)
    np.testing.assert_allclose(grad, (2 * base * [1, 2, 3]).T, atol=1e-6)
    np.testing.assert_array_equal(base, np.arange(6.0).reshape(2, 3))


def test_read_only_and_complex_x_are_clear_errors():
    x = np.array([1.0, 2.0])
    x.setflags(write=False)
    with pytest.raises(ValueError, match="read-only.*copy"):
        numerical_gradient(function_2, x)
    with pytest.raises(TypeError, match="real numbers.*complex128"):
        numerical_gradient(function_2, np.array([1j, 2]))


def test_float32_x_keeps_its_dtype():
    grad = numerical_gradient(function_2, np.array([3.0, 4.0], np.float32))
    assert grad.dtype == np.float32
    np.testing.assert_allclose(grad, [6, 8], rtol=1e-2)  # float32 rounds x + 1e-4


def test_numerical_gradient_restores_x_when_f_fails():
    w = np.array([1.0, 2.0, 3.0])
    calls = []

    def f(_):
        calls.append(1)
        if len(calls) == 4:  # while the second element is nudged
            raise RuntimeError("a bug in the student's loss")
        return np.sum(w)

    with pytest.raises(RuntimeError):
        numerical_gradient(f, w)
    np.testing.assert_array_equal(w, [1.0, 2.0, 3.0])


# --- numerical_gradient_2d: the book's one gradient per row ---------------------------


def book_function_2(x):
    """ch04/gradient_2d.py's function_2: one point (K,) or one value per row."""
    return np.sum(x**2) if x.ndim == 1 else np.sum(x**2, axis=1)


def test_numerical_gradient_2d_one_gradient_per_row():
    # ch04/gradient_2d.py: the arrows of the gradient field on a grid
    x0, x1 = np.meshgrid(np.arange(-2, 2.5, 0.25), np.arange(-2, 2.5, 0.25))
    X = np.array([x0.flatten(), x1.flatten()]).T  # (324, 2): one point per row
    grad = numerical_gradient_2d(book_function_2, X)
    assert grad.shape == X.shape == (324, 2) and grad.dtype == np.float64
    np.testing.assert_allclose(grad, 2 * X, atol=1e-7)
    np.testing.assert_array_equal(X, np.array([x0.flatten(), x1.flatten()]).T)  # restored


def test_numerical_gradient_2d_calls_f_with_one_row_at_a_time():
    seen = []

    def f(x):
        seen.append(x.shape)
        return np.sum(x**3)

    X = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]])
    np.testing.assert_allclose(numerical_gradient_2d(f, X), 3 * X**2, atol=1e-6)
    assert set(seen) == {(3,)} and len(seen) == 2 * X.size


def test_numerical_gradient_2d_of_one_point_and_its_1d_helper():
    x = np.array([3.0, 4.0])
    np.testing.assert_allclose(numerical_gradient_2d(book_function_2, x), [6, 8], atol=1e-7)
    np.testing.assert_allclose(_numerical_gradient_1d(book_function_2, x), [6, 8], atol=1e-7)
    with pytest.raises(ValueError, match=r"one point \(K,\)"):
        _numerical_gradient_1d(book_function_2, np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"\(K,\) or \(N, K\)"):
        numerical_gradient_2d(book_function_2, np.ones((2, 2, 2)))


def test_numerical_gradient_2d_of_integer_points_is_right():
    X = np.array([[1, 2], [3, -4]])
    np.testing.assert_allclose(numerical_gradient_2d(book_function_2, X), 2 * X, atol=1e-6)
    np.testing.assert_array_equal(X, [[1, 2], [3, -4]])


# --- TwoLayerNet.numerical_gradient: faster than the book's form, the same values ------


def small_net(dtype=np.float64, seed=0):
    net = TwoLayerNet(20, 4, 10, weight_init_std=0.5, rng=np.random.default_rng(seed), dtype=dtype)
    rng = np.random.default_rng(seed + 1)
    x = rng.random((6, 20), dtype=np.float32)  # float32 images, as load_mnist gives them
    labels = rng.integers(0, 10, 6)
    return net, x, labels


@pytest.mark.parametrize("targets", ["labels", "one-hot", "uint8 labels", "float labels"])
def test_two_layer_net_numerical_gradient_equals_the_books_form_exactly(targets):
    net, x, labels = small_net()
    t = {"labels": labels, "one-hot": np.eye(10)[labels], "uint8 labels": labels.astype(np.uint8),
         "float labels": labels.astype(float)}[targets]  # fmt: skip
    book_form = {key: numerical_gradient(lambda W: net.loss(x, t), net.params[key]) for key in net.params}
    grads = net.numerical_gradient(x, t)
    for key in net.params:
        np.testing.assert_array_equal(grads[key], book_form[key])


def test_two_layer_net_numerical_gradient_respects_a_changed_loss():
    class WeightDecayNet(TwoLayerNet):
        def loss(self, x, t):
            return super().loss(x, t) + 0.5 * np.sum(self.params["W1"] ** 2)

    net, x, labels = small_net()
    decayed = WeightDecayNet(20, 4, 10, weight_init_std=0.5, rng=np.random.default_rng(0))
    difference = decayed.numerical_gradient(x, labels)["W1"] - net.numerical_gradient(x, labels)["W1"]
    np.testing.assert_allclose(difference, net.params["W1"], atol=1e-6)  # d/dW of 0.5 W**2

    net.predict = lambda x: np.full((len(x), 10), 0.1)  # replaced on the instance: a constant loss
    assert all(np.all(g == 0) for g in net.numerical_gradient(x, labels).values())


def test_two_layer_net_numerical_gradient_warns_of_nothing_at_extreme_weights():
    net = TwoLayerNet(20, 4, 10, weight_init_std=1000.0, rng=np.random.default_rng(0))
    _, x, labels = small_net()
    grads = net.numerical_gradient(x, labels)  # exp overflows to inf: RuntimeWarnings are errors here
    assert all(np.all(np.isfinite(g)) for g in grads.values())


def test_two_layer_net_numerical_gradient_checks_the_targets():
    net, x, labels = small_net()
    with pytest.raises(ValueError, match="label targets t must be in 0..9"):
        net.numerical_gradient(x, labels + 10)


# --- gradient_descent: the book's three cases ----------------------------------------


def test_gradient_descent_converges_with_lr_0_1():
    init_x = np.array([-3.0, 4.0])
    x = gradient_descent(function_2, init_x=init_x, lr=0.1, step_num=100)
    assert np.all(np.abs(x) < 1e-8)  # the book: [-6.1e-10, 8.1e-10]
    np.testing.assert_array_equal(init_x, [-3.0, 4.0])  # not changed in place


def test_gradient_descent_diverges_with_lr_10():
    x = gradient_descent(function_2, init_x=np.array([-3.0, 4.0]), lr=10.0, step_num=100)
    assert np.all(np.isfinite(x))
    assert np.linalg.norm(x) > 1e6  # the book: [-2.58e13, -1.29e12]


def test_gradient_descent_stalls_with_lr_1e_10():
    x = gradient_descent(function_2, init_x=np.array([-3.0, 4.0]), lr=1e-10, step_num=100)
    np.testing.assert_allclose(x, [-3.0, 4.0], atol=1e-6)  # the book: [-2.99999994, 3.99999992]
    assert np.all(np.abs(x) < [3.0, 4.0])  # it did move, by a hair, towards 0


def test_gradient_descent_accepts_ints():
    x = gradient_descent(function_2, init_x=[-3, 4], lr=0.1, step_num=100)
    assert np.all(np.abs(x) < 1e-8)


# --- gradient_check ----------------------------------------------------------------


def _grads(seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.standard_normal((4, 3)), "b1": rng.standard_normal(3)}


def test_gradient_check_good():
    a = _grads()
    n = {k: v * (1 + 1e-8) for k, v in a.items()}
    report = gradient_check(a, n)
    assert [c.name for c in report] == ["W1", "b1"]
    assert all(c.verdict == "good" for c in report) and report.ok
    assert all(c.norm_error < GOOD for c in report)
    assert report[0].norm_error == pytest.approx(0.5e-8, rel=1e-3)  # ||a - n|| / (||a|| + ||n||)


def test_gradient_check_check_and_wrong():
    a = _grads()
    n = dict(a)
    n["W1"] = a["W1"] * (1 + 1e-3)  # between GOOD and WRONG: look closer
    n["b1"] = -a["b1"]  # a sign error
    report = gradient_check(a, n)
    verdicts = {c.name: c.verdict for c in report}
    assert verdicts == {"W1": "check", "b1": "wrong"}
    assert GOOD < report[0].norm_error < WRONG
    assert report[1].norm_error == pytest.approx(1.0)
    assert not report.ok


def test_gradient_check_nan_is_wrong():
    a = _grads()
    n = {k: np.full_like(v, np.nan) for k, v in a.items()}
    with np.errstate(invalid="ignore"):
        report = gradient_check(a, n)
    assert all(c.verdict == "wrong" for c in report) and not report.ok


def test_gradient_check_max_error_is_elementwise():
    a = {"W": np.array([1.0, 1e-6])}
    n = {"W": np.array([1.0, 2e-6])}  # a tiny gradient with a large relative difference
    (c,) = gradient_check(a, n)
    assert c.max_error == pytest.approx(1 / 3)
    assert c.norm_error < GOOD and c.verdict == "good"  # the verdict uses the norm


def test_gradient_check_prints_a_table():
    a = _grads()
    n = dict(a, b1=-a["b1"])
    text = repr(gradient_check(a, n))
    lines = text.splitlines()
    assert "norm rel. error" in lines[0] and "verdict" in lines[0]
    assert lines[1].split()[0] == "W1" and lines[1].split()[-1] == "good"
    assert lines[2].split()[0] == "b1" and lines[2].split()[-1] == "wrong"


def test_gradient_check_mismatches_are_errors():
    a = _grads()
    with pytest.raises(ValueError, match="b1"):
        gradient_check(a, {"W1": a["W1"]})
    with pytest.raises(ValueError, match=r"W1.*\(4, 3\).*\(3, 4\)"):
        gradient_check(a, dict(a, W1=a["W1"].T))


# --- in Japanese ---------------------------------------------------------------------


def test_in_japanese_the_table_and_the_errors_are_japanese(japanese):
    a = {"W1": np.ones((4, 3)), "b1": np.ones(3), "W2": np.ones(2)}
    n = {"W1": np.ones((4, 3)) * 1.001, "b1": np.ones(3) * 2, "W2": np.ones(2)}
    report = gradient_check(a, n)
    assert [c.verdict for c in report] == ["check", "wrong", "good"]  # for code: the same in both languages
    header, *rows = repr(report).splitlines()
    assert header == "名前   ノルムの相対誤差  最大の相対誤差  判定"
    assert [row.rsplit("  ", 1)[-1] for row in rows] == ["要確認", "誤り", "良好"]
    # each heading stands over its column on the screen (a Japanese character is two columns wide)
    screen = header.replace("名前", "x" * 4).replace("ノルムの相対誤差", "x" * 16)
    screen = screen.replace("最大の相対誤差", "x" * 14)
    assert screen.index("x" * 16, 4) + 16 == rows[0].index("e-04") + 4
    assert screen.rindex("x" * 14) + 14 == rows[0].rindex("e-04") + 4
    with pytest.raises(ValueError, match=r"^gradient_check: W1 の形状が \(4, 3\) と \(3, 4\) で違います$"):
        gradient_check({"W1": np.ones((4, 3))}, {"W1": np.ones((3, 4))})
    net = SimpleNet(np.array([[1, 2, 0], [0, -1, 3]]))
    x, t = np.array([0.6, 0.9]), np.array([0, 0, 1])
    with pytest.raises(TypeError, match=r"整数の配列 \(int64\).*クロージャ.*astype\(float\)"):
        numerical_gradient(lambda w: net.loss(x, t), net.W)
