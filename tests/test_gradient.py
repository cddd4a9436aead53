"""nnlib.gradient: central differences, the book's gradient-descent examples, gradient_check."""

import numpy as np
import pytest

from nnlib.gradient import (
    GOOD,
    WRONG,
    gradient_check,
    gradient_descent,
    numerical_diff,
    numerical_gradient,
)


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
