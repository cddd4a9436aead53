"""nnlib.functions: the book's values on ordinary inputs, no warning or nan at extremes,
clear errors for bad input. Property tests (hypothesis) where a property says it all."""

import warnings
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnlib.functions import (
    cross_entropy_error,
    identity_function,
    mean_squared_error,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax,
    softmax_loss,
    step_function,
    sum_squared_error,
)
from nnlib.gradient import numerical_diff

# --- the book's formulas, written out -------------------------------------------------


def book_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def book_softmax(x):
    """exp(x - max) / sum, row by row (the book's 1-D and 2-D versions)."""
    if x.ndim == 2:
        x = x.T
        x = x - np.max(x, axis=0)
        return (np.exp(x) / np.sum(np.exp(x), axis=0)).T
    exp_x = np.exp(x - np.max(x))
    return exp_x / np.sum(exp_x)


def book_cross_entropy_error(y, t):
    """-sum(t * log(y + 1e-7)) / N, t one-hot."""
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    return -np.sum(t * np.log(y + 1e-7)) / y.shape[0]


@contextmanager
def no_warnings():
    """Every warning is an error here (whatever pytest's configuration says)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# --- strategies -----------------------------------------------------------------------

FLOAT_DTYPES = st.sampled_from([np.float32, np.float64])
INT_DTYPES = st.sampled_from([np.int8, np.int32, np.int64, np.uint8])
SHAPES_1D_2D = hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=12)


@st.composite
def finite_arrays(draw, shapes=SHAPES_1D_2D):
    """Any finite float32/float64 array, huge and tiny values included, or any int array."""
    dtype = np.dtype(draw(st.one_of(FLOAT_DTYPES, INT_DTYPES)))
    elements = hnp.from_dtype(dtype, allow_nan=False, allow_infinity=False)
    return draw(hnp.arrays(dtype, draw(shapes), elements=elements))


@st.composite
def ordinary_arrays(draw, shapes=SHAPES_1D_2D, low=-50, high=50):
    return draw(hnp.arrays(np.float64, draw(shapes), elements=st.floats(low, high)))


@st.composite
def batches(draw):
    """(probabilities y (N, K) or (K,), labels t (N,) or int): y from softmax of scores."""
    single = draw(st.booleans())
    n, k = (1 if single else draw(st.integers(1, 8))), draw(st.integers(2, 10))
    scores = draw(hnp.arrays(np.float64, (n, k), elements=st.floats(-20, 20)))
    labels = draw(hnp.arrays(np.int64, n, elements=st.integers(0, k - 1)))
    y = softmax(scores)
    if single:
        return y[0], labels[0]
    return y, labels


# No deadline: on a shared 2-core machine one example can take longer than the default 200 ms.
relaxed = settings(deadline=None)


def one_hot(labels, k):
    return np.eye(k)[labels]


# --- sigmoid -----------------------------------------------------------------------


def test_sigmoid_book_values():
    np.testing.assert_allclose(sigmoid(np.array([-1.0, 1.0, 2.0])), [0.26894142, 0.73105858, 0.88079708],
                               rtol=1e-7)  # fmt: skip
    assert sigmoid(0.0) == 0.5


@relaxed
@given(ordinary_arrays())
def test_sigmoid_is_the_book_formula(x):
    np.testing.assert_allclose(sigmoid(x), book_sigmoid(x), rtol=1e-12)


@relaxed
@given(finite_arrays())
def test_sigmoid_any_finite_input_no_warning(x):
    with no_warnings():
        s = sigmoid(x)
        g = sigmoid_grad(x)
    assert s.shape == x.shape and g.shape == x.shape
    assert s.dtype == (x.dtype if x.dtype.kind == "f" else np.float64)
    assert np.all((0 <= s) & (s <= 1))
    assert np.all((0 <= g) & (g <= 0.25))


def test_sigmoid_extremes():
    with no_warnings():
        assert sigmoid(-1000.0) == 0.0
        assert sigmoid(1000.0) == 1.0
        assert sigmoid(np.float32(-100)) == 0.0
        assert sigmoid(np.float32(-100)).dtype == np.float32
        np.testing.assert_array_equal(sigmoid(np.array([-1000, 0, 1000])), [0.0, 0.5, 1.0])
        # int8 -128 must not wrap around to +128 when negated
        assert 0 < sigmoid(np.array([-128], dtype=np.int8))[0] < 1e-50
        assert sigmoid_grad(-1000.0) == 0.0


@relaxed
@given(ordinary_arrays(low=-10, high=10))
def test_sigmoid_grad_is_the_derivative(x):
    s = book_sigmoid(x)
    np.testing.assert_allclose(sigmoid_grad(x), (1.0 - s) * s, rtol=1e-12)
    np.testing.assert_allclose(sigmoid_grad(x), numerical_diff(sigmoid, x), rtol=1e-6, atol=1e-12)


# --- softmax -----------------------------------------------------------------------


def test_softmax_book_values():
    np.testing.assert_allclose(softmax(np.array([0.3, 2.9, 4.0])), [0.01821127, 0.24519181, 0.73659691],
                               rtol=1e-6)  # fmt: skip


@relaxed
@given(ordinary_arrays())
def test_softmax_is_the_book_formula(x):
    np.testing.assert_allclose(softmax(x), book_softmax(x), rtol=1e-12, atol=1e-300)


@relaxed
@given(finite_arrays())
def test_softmax_rows_sum_to_one_for_any_finite_input(x):
    with no_warnings():
        y = softmax(x)
    assert y.shape == x.shape
    assert y.dtype == (x.dtype if x.dtype.kind == "f" else np.float64)
    assert np.all(np.isfinite(y)) and np.all((0 <= y) & (y <= 1))
    eps = np.finfo(y.dtype).eps
    np.testing.assert_allclose(y.sum(axis=-1), 1, rtol=0, atol=10 * x.shape[-1] * eps)
    # the largest score gets the largest probability
    top = np.take_along_axis(y, np.argmax(x, axis=-1)[..., None], axis=-1)[..., 0]
    np.testing.assert_array_equal(top, y.max(axis=-1))


def test_softmax_extremes():
    with no_warnings():
        np.testing.assert_array_equal(softmax([1000, 0]), [1.0, 0.0])
        np.testing.assert_array_equal(softmax(np.array([1000.0, 0.0])), [1.0, 0.0])
        np.testing.assert_array_equal(softmax(np.array([[1e308, -1e308], [-1e308, 1e308]])),
                                      [[1.0, 0.0], [0.0, 1.0]])  # fmt: skip
        y32 = softmax(np.array([[3e38, -3e38]], dtype=np.float32))
        assert y32.dtype == np.float32
        np.testing.assert_array_equal(y32, [[1.0, 0.0]])
        big = np.iinfo(np.int64)
        np.testing.assert_array_equal(softmax(np.array([big.max, big.min])), [1.0, 0.0])
        np.testing.assert_allclose(softmax(np.array([-1e308, -1e308])), [0.5, 0.5])


def test_softmax_rows_are_independent():
    x = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1000.0]])
    y = softmax(x)
    np.testing.assert_allclose(y[0], softmax(x[0]))
    np.testing.assert_allclose(y[1], [1 / 3] * 3)


# --- cross_entropy_error ------------------------------------------------------------

BOOK_Y_RIGHT = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])  # says "2"
BOOK_Y_WRONG = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])  # says "7"
BOOK_T = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])


def test_losses_book_values():
    # The book prints 0.510825457099338 and 2.302584092994546 for these two.
    assert cross_entropy_error(BOOK_Y_RIGHT, BOOK_T) == pytest.approx(-np.log(0.6 + 1e-7), rel=1e-12)
    assert cross_entropy_error(BOOK_Y_RIGHT, BOOK_T) == pytest.approx(0.510825457099338, rel=1e-12)
    assert cross_entropy_error(BOOK_Y_WRONG, BOOK_T) == pytest.approx(2.302584092994546, rel=1e-12)
    assert cross_entropy_error(BOOK_Y_RIGHT, 2) == cross_entropy_error(BOOK_Y_RIGHT, BOOK_T)
    # and 0.0975 and 0.5975 for the sum of squared errors
    assert sum_squared_error(BOOK_Y_RIGHT, BOOK_T) == pytest.approx(0.0975, rel=1e-12)
    assert mean_squared_error(BOOK_Y_WRONG, BOOK_T) == pytest.approx(0.5975, rel=1e-12)


@relaxed
@given(batches())
def test_cross_entropy_error_one_hot_labels_and_the_book_agree(batch):
    y, labels = batch
    k = y.shape[-1]
    t = one_hot(labels, k)
    book = book_cross_entropy_error(y, t)
    assert cross_entropy_error(y, t) == pytest.approx(book, rel=1e-12)
    assert cross_entropy_error(y, labels) == pytest.approx(book, rel=1e-12)
    assert cross_entropy_error(y, np.asarray(labels).astype(np.float64)) == pytest.approx(book, rel=1e-12)


def test_cross_entropy_error_is_the_mean_over_the_batch():
    y = softmax(np.array([[1.0, 2.0, 3.0], [3.0, 1.0, 0.0], [0.0, 0.0, 0.0]]))
    t = np.array([2, 1, 0])
    each = [cross_entropy_error(y[i], t[i]) for i in range(3)]
    assert cross_entropy_error(y, t) == pytest.approx(np.mean(each), rel=1e-12)


def test_cross_entropy_error_of_a_zero_probability_is_finite():
    with no_warnings():
        loss = cross_entropy_error(np.array([0.0, 1.0]), 0)
    assert loss == pytest.approx(-np.log(1e-7))  # the book's 1e-7 keeps log(0) out


def test_softmax_loss_is_cross_entropy_of_softmax():
    x = np.array([[0.3, 2.9, 4.0], [-1.0, 5.0, 0.0]])
    t = np.array([2, 0])
    assert softmax_loss(x, t) == pytest.approx(book_cross_entropy_error(book_softmax(x), one_hot(t, 3)))


@pytest.mark.parametrize(
    "y, t, match",
    [
        (np.array([[2.0, -1.0, 0.5]]), [0], "softmax"),  # raw scores
        (softmax(np.zeros((2, 3))), [0, 1, 2], "3 entries for 2 samples"),
        (softmax(np.zeros((2, 3))), np.eye(4)[:2], "one-hot"),  # wrong number of classes
        (softmax(np.zeros((2, 3))), [0, 3], r"0\.\.2"),
        (softmax(np.zeros((2, 3))), [0, -1], r"0\.\.2"),  # -1 would silently pick class 2
        (softmax(np.zeros((2, 3))), [0.5, 1.0], "whole numbers"),
        (np.full((2, 2, 3), 1 / 3), [0, 1], "shape"),
    ],
)
def test_cross_entropy_error_bad_input(y, t, match):
    with pytest.raises(ValueError, match=match):
        cross_entropy_error(y, t)


# --- the other activations ----------------------------------------------------------------


def test_step_relu_identity():
    x = np.array([-2.0, 0.0, 0.5])
    np.testing.assert_array_equal(step_function(x), [0, 0, 1])
    assert step_function(x).dtype.kind == "i"
    np.testing.assert_array_equal(relu(x), [0.0, 0.0, 0.5])
    np.testing.assert_array_equal(relu_grad(x), [0.0, 1.0, 1.0])
    assert identity_function(x) is x


@settings(max_examples=50, deadline=None)
@given(ordinary_arrays())
def test_relu_grad_is_the_derivative_away_from_zero(x):
    x = x[np.abs(x) > 1e-3]
    np.testing.assert_allclose(relu_grad(x), numerical_diff(relu, x), atol=1e-9)


# --- in Japanese ---------------------------------------------------------------------


@pytest.mark.parametrize("y, t, match", [
    (np.array([[2.0, -1.0, 0.5]]), [0], "負の値があるので、確率ではありません。.*ソフトマックス関数の出力"),
    (softmax(np.zeros((2, 3))), [0, 1, 2], r"サンプル 2 個に対して t の要素が 3 個あります"),
    (softmax(np.zeros((2, 3))), [0, 3], r"0\.\.2 の範囲にしてください（0\.\.3 が渡されました）"),
    (softmax(np.zeros((2, 3))), [0.5, 1.0], "正解ラベル t は整数にしてください"),
    (np.full((2, 2, 3), 1 / 3), [0, 1], r"形状 \(2, 2, 3\) が渡されました"),
])  # fmt: skip
def test_in_japanese_bad_input_is_explained_in_japanese(y, t, match, japanese):
    with pytest.raises(ValueError, match="^cross_entropy_error: .*" + match):
        cross_entropy_error(y, t)
