"""The check of notebook 04's exercise: a right predict passes, typical mistakes are named."""

import numpy as np
import pytest

from nnlib.exercises import ExerciseFailed
from nnlib.exercises.network import check_predict
from nnlib.functions import relu, sigmoid, softmax
from nnlib.two_layer_net import TwoLayerNet

# The checkers without their printing wrapper (nnlib.exercises.exercise): a wrong answer
# raises ExerciseFailed, so each diagnosis can be asserted.
check_predict = check_predict.__wrapped__


class Right(TwoLayerNet):
    def predict(self, x):  # the slides' lines 19-28
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)
        return y


def make(forward):
    """A TwoLayerNet subclass whose predict is forward(x, W1, b1, W2, b2)."""

    class Student(TwoLayerNet):
        def predict(self, x):
            p = self.params
            return forward(x, p["W1"], p["b1"], p["W2"], p["b2"])

    return Student


def own_softmax(a, axis=None, keepdims=False):
    e = np.exp(a - a.max())
    return e / np.sum(e, axis=axis, keepdims=keepdims)


def test_right_answer_passes(capsys):
    check_predict(Right)
    assert "✓ Correct" in capsys.readouterr().out


def test_an_instance_is_accepted_too(capsys):
    check_predict(Right(3, 2, 2))
    assert "✓ Correct" in capsys.readouterr().out


def test_the_slides_code_with_its_own_softmax_passes(capsys):
    check_predict(make(lambda x, W1, b1, W2, b2: own_softmax(sigmoid(x @ W1 + b1) @ W2 + b2, 1, True)))
    assert "✓ Correct" in capsys.readouterr().out


WRONG = {
    "missing b1": (
        lambda x, W1, b1, W2, b2: softmax(np.dot(sigmoid(np.dot(x, W1)), W2) + b2),
        "the bias b1 is missing",
    ),
    "missing b2": (
        lambda x, W1, b1, W2, b2: softmax(np.dot(sigmoid(np.dot(x, W1) + b1), W2)),
        "the bias b2 is missing",
    ),
    "no biases": (
        lambda x, W1, b1, W2, b2: softmax(np.dot(sigmoid(np.dot(x, W1)), W2)),
        "both biases b1 and b2 are missing",
    ),
    "no sigmoid": (
        lambda x, W1, b1, W2, b2: softmax(np.dot(np.dot(x, W1) + b1, W2) + b2),
        "has no sigmoid",
    ),
    "relu": (
        lambda x, W1, b1, W2, b2: softmax(np.dot(relu(np.dot(x, W1) + b1), W2) + b2),
        "relu instead of sigmoid",
    ),
    "transposed weights": (
        lambda x, W1, b1, W2, b2: softmax(np.dot(sigmoid(np.dot(W1, x) + b1), W2) + b2),
        "ValueError",
    ),
    "softmax over axis 0": (
        lambda x, W1, b1, W2, b2: own_softmax(sigmoid(x @ W1 + b1) @ W2 + b2, 0, True),
        "columns of y sum to 1",
    ),
    "softmax over the whole batch": (
        lambda x, W1, b1, W2, b2: own_softmax(sigmoid(x @ W1 + b1) @ W2 + b2),
        "whole batch of y sums to 1",
    ),
    "returns the scores": (lambda x, W1, b1, W2, b2: sigmoid(x @ W1 + b1) @ W2 + b2, "scores a2"),
    "sigmoid output": (
        lambda x, W1, b1, W2, b2: sigmoid(sigmoid(x @ W1 + b1) @ W2 + b2),
        "output layer uses sigmoid",
    ),
    "returns the hidden layer": (lambda x, W1, b1, W2, b2: sigmoid(x @ W1 + b1), "shape of the hidden layer"),
    "no return": (lambda x, W1, b1, W2, b2: None, "returned None"),
}


@pytest.mark.parametrize("name", WRONG)
def test_typical_mistakes_are_named(name):
    forward, expected = WRONG[name]
    with pytest.raises(ExerciseFailed, match=expected):
        check_predict(make(forward))


def test_changing_x_in_place_is_caught():
    def forward(x, W1, b1, W2, b2):
        x *= 1.0
        x += 0.0
        x[0, 0] = 5.0  # a student "normalising" the input in place
        return softmax(sigmoid(x @ W1 + b1) @ W2 + b2)

    with pytest.raises(ExerciseFailed, match="changed the input x"):
        check_predict(make(forward))


def test_changing_params_in_place_is_caught():
    def forward(x, W1, b1, W2, b2):
        a1 = np.dot(x, W1)
        a1 += b1
        b1 += 1.0  # updates the network's bias
        return softmax(sigmoid(a1) @ W2 + b2)

    with pytest.raises(ExerciseFailed, match=r"changed self.params\['b1'\]"):
        check_predict(make(forward))


def test_ignoring_self_params_is_caught():
    fixed = Right(7, 5, 3)  # weights drawn once, used for every network
    fixed.params = {k: np.random.default_rng(1).standard_normal(v.shape) for k, v in fixed.params.items()}

    class Student(TwoLayerNet):
        def predict(self, x):
            return fixed.predict(x)

    with pytest.raises(ExerciseFailed) as info:
        check_predict(Student)
    assert "self.params" in str(info.value)


def test_not_overriding_predict_is_caught():
    class Student(TwoLayerNet):
        pass

    with pytest.raises(ExerciseFailed, match="does not define its own predict"):
        check_predict(Student)


def test_a_function_instead_of_a_class_is_explained():
    with pytest.raises(ExerciseFailed, match="expects your class"):
        check_predict(lambda x: x)


def test_an_exception_becomes_feedback_with_a_hint():
    def forward(x, W1, b1, W2, b2):
        return softmax(np.dot(sigmoid(np.dot(x, W1) + b1), W1) + b2)  # W1 in the second layer

    with pytest.raises(ExerciseFailed) as info:
        check_predict(make(forward))
    assert "ValueError" in info.value.what
    assert "np.dot(x, W1)" in info.value.hint
