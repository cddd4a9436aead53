"""The check of notebook 04's exercise: a right predict passes, typical mistakes are named."""

import numpy as np
import pytest
from exercises_support import (
    JAPANESE,
    assert_correct_in_japanese,
    assert_japanese,
    assert_not_yet_in_japanese,
)

import nnlib
from nnlib.exercises import ExerciseFailed
from nnlib.exercises import network as checks
from nnlib.exercises.network import check_predict
from nnlib.functions import relu, sigmoid, softmax
from nnlib.i18n import placeholders
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


def forward_changing_x(x, W1, b1, W2, b2):
    x *= 1.0
    x += 0.0
    x[0, 0] = 5.0  # a student "normalising" the input in place
    return softmax(sigmoid(x @ W1 + b1) @ W2 + b2)


def test_changing_x_in_place_is_caught():
    with pytest.raises(ExerciseFailed, match="changed the input x"):
        check_predict(make(forward_changing_x))


def forward_changing_b1(x, W1, b1, W2, b2):
    a1 = np.dot(x, W1)
    a1 += b1
    b1 += 1.0  # updates the network's bias
    return softmax(sigmoid(a1) @ W2 + b2)


def test_changing_params_in_place_is_caught():
    with pytest.raises(ExerciseFailed, match=r"changed self.params\['b1'\]"):
        check_predict(make(forward_changing_b1))


def ignoring_self_params():
    fixed = Right(7, 5, 3)  # weights drawn once, used for every network
    fixed.params = {k: np.random.default_rng(1).standard_normal(v.shape) for k, v in fixed.params.items()}

    class Student(TwoLayerNet):
        def predict(self, x):
            return fixed.predict(x)

    return Student


def test_ignoring_self_params_is_caught():
    with pytest.raises(ExerciseFailed) as info:
        check_predict(ignoring_self_params())
    assert "self.params" in str(info.value)


class NotOverriding(TwoLayerNet):
    pass


def test_not_overriding_predict_is_caught():
    with pytest.raises(ExerciseFailed, match="does not define its own predict"):
        check_predict(NotOverriding)


def test_a_function_instead_of_a_class_is_explained():
    with pytest.raises(ExerciseFailed, match="expects your class"):
        check_predict(lambda x: x)


def forward_w1_in_layer_2(x, W1, b1, W2, b2):
    return softmax(np.dot(sigmoid(np.dot(x, W1) + b1), W1) + b2)  # W1 in the second layer


def test_an_exception_becomes_feedback_with_a_hint():
    with pytest.raises(ExerciseFailed) as info:
        check_predict(make(forward_w1_in_layer_2))
    assert "ValueError" in info.value.what
    assert "np.dot(x, W1)" in info.value.hint


class WrongKey(TwoLayerNet):
    def predict(self, x):
        return softmax(sigmoid(x @ self.params["w1"] + self.params["b1"]) @ self.params["W2"])


def slides(x, W1, b1, W2, b2):
    return softmax(sigmoid(x @ W1 + b1) @ W2 + b2)


MORE = {  # the rarer diagnoses
    "transposed output": (lambda x, W1, b1, W2, b2: slides(x, W1, b1, W2, b2).T, "one column per sample"),
    "two columns": (
        lambda x, W1, b1, W2, b2: slides(x, W1, b1, W2, b2)[:, :2],
        r"returned shape \(4, 2\), expected \(4, 3\)",
    ),
    "nan": (lambda x, W1, b1, W2, b2: np.full((4, 3), np.nan), "nan or inf"),
    "rows sum to 2": (
        lambda x, W1, b1, W2, b2: 2 * slides(x, W1, b1, W2, b2),
        r"they sum to \[2.0, 2.0, 2.0, 2.0\]",
    ),
    "scores doubled": (
        lambda x, W1, b1, W2, b2: softmax(2 * (sigmoid(x @ W1 + b1) @ W2 + b2)),
        "differs from the slides' forward pass by up to",
    ),
}


@pytest.mark.parametrize("name", MORE)
def test_rarer_mistakes_are_named(name):
    forward, expected = MORE[name]
    with pytest.raises(ExerciseFailed, match=expected):
        check_predict(make(forward))


def test_a_wrong_key_is_named():
    with pytest.raises(ExerciseFailed, match="predict raised KeyError: 'w1'") as info:
        check_predict(WrongKey)
    assert "capital W" in info.value.hint


# --- in Japanese ------------------------------------------------------------------------

# every wrong answer above, as the student hands it in
WRONG_ANSWERS = {
    **{name: make(forward) for name, (forward, _) in {**WRONG, **MORE}.items()},
    "changing x": make(forward_changing_x),
    "changing b1": make(forward_changing_b1),
    "ignoring self.params": ignoring_self_params(),
    "not overriding": NotOverriding,
    "a function": lambda x: x,
    "W1 in layer 2": make(forward_w1_in_layer_2),
    "wrong key": WrongKey,
}


@pytest.mark.parametrize("name", WRONG_ANSWERS)
def test_in_japanese_every_wrong_answer_gets_a_japanese_diagnosis_and_hint(name, japanese, capsys):
    checks.check_predict(WRONG_ANSWERS[name])
    assert_not_yet_in_japanese(capsys.readouterr().out, "predict")


@pytest.mark.parametrize("answer", [Right, Right(3, 2, 2)], ids=["class", "instance"])
def test_in_japanese_the_right_answer_is_correct(answer, japanese, capsys):
    checks.check_predict(answer)
    out = capsys.readouterr().out
    assert_correct_in_japanese(out)
    assert out.startswith("✓ 正解です: predict は y = softmax(")


def test_in_japanese_the_stub_gets_the_first_hint_in_japanese(japanese, capsys):
    class MyTwoLayerNet(TwoLayerNet):
        def predict(self, x): ...

    checks.check_predict.exercise.hints_shown = 0
    checks.check_predict(MyTwoLayerNet)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("✗ まだです: MyTwoLayerNet.predict")
    assert lines[1].startswith("  ヒント 1/3: スライドの 19〜28 行目")
    assert_japanese(lines[0].removeprefix("✗ まだです: "))


def test_the_hints_follow_the_language_chosen_after_import(japanese):
    hints = checks.check_predict.exercise.hints
    assert len(hints) == 3 and all(JAPANESE.search(h) for h in hints)
    nnlib.set_language("en")
    assert checks.check_predict.exercise.hints[0].startswith("The slide's lines 19-28")


@pytest.mark.parametrize("key", list(checks.MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key):
    both = checks.MESSAGES.both(key)
    assert both["en"] and both["ja"] != both["en"]
    assert placeholders(both["en"]) == placeholders(both["ja"])
