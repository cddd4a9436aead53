"""The checks of notebook 05's exercises: sigmoid_grad and the backward pass."""

import numpy as np
import pytest
from exercises_support import (
    JAPANESE,
    assert_correct_in_japanese,
    assert_japanese,
    assert_not_yet_in_japanese,
)

from nnlib.exercises import ExerciseFailed
from nnlib.exercises import backprop as checks
from nnlib.exercises.backprop import check_gradient, check_gradient_on_mnist, check_sigmoid_grad, make_problem
from nnlib.exercises.solutions.backprop import MyTwoLayerNet as Solution
from nnlib.functions import sigmoid, sigmoid_grad, softmax
from nnlib.i18n import placeholders
from nnlib.two_layer_net import TwoLayerNet

# The checkers without their printing wrapper (nnlib.exercises.exercise): a wrong answer
# raises ExerciseFailed, so each diagnosis can be asserted.
check_gradient, check_sigmoid_grad = check_gradient.__wrapped__, check_sigmoid_grad.__wrapped__

# --- sigmoid_grad --------------------------------------------------------------------


def test_right_sigmoid_grad_passes(capsys):
    check_sigmoid_grad(lambda x: (1.0 - sigmoid(x)) * sigmoid(x))
    assert "✓ Correct" in capsys.readouterr().out


@pytest.mark.parametrize(
    "wrong, expected",
    [
        (sigmoid, "returned sigmoid"),
        (lambda x: (1.0 - x) * x, "applied to x itself"),
        (lambda x: (sigmoid(x) - 1.0) * sigmoid(x), "wrong sign"),
        (lambda x: sigmoid(x) ** 2, "at x = 6 your sigmoid_grad gives 0.9951, but the slope .* is 0.002467"),
        (lambda x: np.sum((1.0 - sigmoid(x)) * sigmoid(x)), "returned shape"),
        (lambda x: None, "returned None"),
    ],
)
def test_wrong_sigmoid_grad_is_named(wrong, expected):
    with pytest.raises(ExerciseFailed, match=expected):
        check_sigmoid_grad(wrong)


def test_sigmoid_grad_changing_x_is_caught():
    def wrong(x):
        x[...] = sigmoid(x)
        return (1.0 - x) * x

    with pytest.raises(ExerciseFailed, match="changed the array x"):
        check_sigmoid_grad(wrong)


# --- the backward pass ---------------------------------------------------------------


def backward(x, t, W1, b1, W2, b2, **mistake):
    """The slides' lines 61-79; each keyword argument introduces one typical mistake."""
    grads = {}
    batch_num = x.shape[0] if not mistake.get("no_divide") else 1
    a1 = np.dot(x, W1) + b1
    z1 = sigmoid(a1)
    a2 = np.dot(z1, W2) + b2
    y = softmax(a2)

    dy = (y - t) / batch_num
    if mistake.get("sign"):
        dy = -dy
    if mistake.get("divide_by_inputs"):
        dy = (y - t) / x.shape[1]
    grads["W2"] = np.dot(z1, dy) if mistake.get("no_transpose") else np.dot(z1.T, dy)
    grads["b2"] = np.sum(dy, axis=mistake.get("b2_axis", 0))
    dz1 = np.dot(dy, W2.T)
    if mistake.get("sigmoid"):
        da1 = sigmoid(a1) * dz1
    elif mistake.get("grad_of_z1"):
        da1 = sigmoid_grad(z1) * dz1
    else:
        da1 = sigmoid_grad(a1) * dz1
    grads["W1"] = np.dot(x.T, dz1) if mistake.get("skip_sigmoid") else np.dot(x.T, da1)
    grads["b1"] = np.sum(da1) if mistake.get("b1_sum_all") else np.sum(da1, axis=0)
    if mistake.get("drop"):
        del grads[mistake["drop"]]
    return grads


def make(**mistake):
    class Student(TwoLayerNet):
        def gradient(self, x, t):
            p = self.params
            return backward(x, t, p["W1"], p["b1"], p["W2"], p["b2"], **mistake)

    return Student


def test_right_backward_pass_passes(capsys):
    check_gradient(make())
    out = capsys.readouterr().out
    assert "✓ Correct" in out
    assert "numerical gradient" in out


@pytest.mark.parametrize(
    "mistake, expected",
    [
        ({"no_divide": True}, "4 times too large, the batch size: the division by batch_num is missing"),
        ({"divide_by_inputs": True}, r"grads\['W2'\] is 0.571 times the right value"),
        ({"sign": True}, "wrong sign"),
        ({"no_transpose": True}, "ValueError"),
        ({"b2_axis": 1}, r"grads\['b2'\] has shape \(4,\), one number per sample"),
        ({"b1_sum_all": True}, r"grads\['b1'\] is a single number"),
        ({"sigmoid": True}, r"grads\['W1'\] is wrong: line 75 multiplies by sigmoid\(a1\)"),
        ({"grad_of_z1": True}, r"sigmoid_grad of z1"),
        ({"skip_sigmoid": True}, r"grads\['W1'\] is wrong: the sigmoid is skipped"),
        ({"drop": "b1"}, r"grads\['W2'\], grads\['b2'\], grads\['W1'\] are right; grads has no 'b1' yet"),
    ],
)
def test_typical_backward_mistakes_are_named(mistake, expected):
    with pytest.raises(ExerciseFailed, match=expected):
        check_gradient(make(**mistake))


def changed(change):
    """A Student whose gradient is the slides' backward pass, then change(grads, params, x, t)."""

    class Student(TwoLayerNet):
        def gradient(self, x, t):
            p = self.params
            grads = backward(x, t, p["W1"], p["b1"], p["W2"], p["b2"])
            return change(grads, p, x, t)

    return Student


def a1_instead_of_z1(grads, p, x, t):
    a1 = np.dot(x, p["W1"]) + p["b1"]
    dy = (softmax(np.dot(sigmoid(a1), p["W2"]) + p["b2"]) - t) / x.shape[0]
    grads["W2"] = np.dot(a1.T, dy)
    return grads


def test_a1_instead_of_z1_is_named():
    with pytest.raises(ExerciseFailed, match="line 71 uses a1"):
        check_gradient(changed(a1_instead_of_z1))


def transposed_w2(grads, p, x, t):
    grads["W2"] = grads["W2"].T  # e.g. np.dot(dy.T, z1)
    return grads


def test_transposed_result_is_named():
    with pytest.raises(ExerciseFailed, match=r"the transpose of W2's \(5, 3\)"):
        check_gradient(changed(transposed_w2))


def updating_w2(grads, p, x, t):
    p["W2"] -= 0.1 * grads["W2"]  # step 3 does not belong here
    return grads


def test_updating_the_weights_inside_gradient_is_caught():
    with pytest.raises(ExerciseFailed, match=r"changed self.params\['W2'\]"):
        check_gradient(changed(updating_w2))


class NotOverriding(TwoLayerNet):
    pass


def test_not_overriding_gradient_is_caught():
    with pytest.raises(ExerciseFailed, match="does not define its own gradient"):
        check_gradient(NotOverriding)


class ReturningATuple(TwoLayerNet):
    def gradient(self, x, t):
        return self.loss_and_gradient(x, t)


def test_returning_a_tuple_is_caught():
    with pytest.raises(ExerciseFailed, match="returned a tuple, not a dict"):
        check_gradient(ReturningATuple)


def second_layer_only(grads, p, x, t):
    return {"W2": grads["W2"], "b2": grads["b2"]}


def test_only_the_second_layer_written_so_far_is_acknowledged():
    with pytest.raises(ExerciseFailed, match=r"are right; grads has no 'W1', 'b1' yet") as info:
        check_gradient(changed(second_layer_only))
    assert "line 76" in info.value.hint


class WrongKeys(TwoLayerNet):
    def gradient(self, x, t):
        return {"w1": 0, "dW2": 0}


def test_wrong_keys_are_named():
    with pytest.raises(ExerciseFailed, match="grads has none of the keys"):
        check_gradient(WrongKeys)


class ReadingAWrongKey(TwoLayerNet):
    def gradient(self, x, t):
        return {"W1": self.params["w1"]}


class ReturningNone(TwoLayerNet):
    def gradient(self, x, t):
        self.loss_and_gradient(x, t)


class ChangingX(TwoLayerNet):
    def gradient(self, x, t):
        x[0, 0] = 5.0
        return {"W1": 0}


def w2_two_columns(grads, p, x, t):
    grads["W2"] = grads["W2"][:, :2]
    return grads


def nan_in_w2(grads, p, x, t):
    grads["W2"] = grads["W2"] * np.nan
    return grads


def divided_twice(grads, p, x, t):
    return {key: value / x.shape[0] for key, value in grads.items()}


def noisy_w2(grads, p, x, t):
    grads["W2"] = grads["W2"] + 0.1 * np.random.default_rng(0).standard_normal(grads["W2"].shape)
    return grads


def first_gradient_only(grads, p, x, t):
    return {"W2": grads["W2"]}


MORE = {  # the rarer diagnoses
    "KeyError": (ReadingAWrongKey, "gradient raised KeyError: 'w1'"),
    "None": (ReturningNone, "gradient returned None"),
    "changing x": (ChangingX, "changed the input x or the targets t"),
    "W2 of another shape": (changed(w2_two_columns), r"has shape \(5, 2\), but W2 has shape \(5, 3\)"),
    "nan": (changed(nan_in_w2), "a gradient contains nan or inf"),
    "divided twice": (changed(divided_twice), r"grads\['W2'\] is 4 times too small"),
    "noise": (changed(noisy_w2), r"grads\['W2'\] disagrees with the gradient check by up to"),
    "W2 only": (changed(first_gradient_only), r"grads\['W2'\] is right; grads has no 'b2', 'W1', 'b1' yet"),
}


@pytest.mark.parametrize("name", MORE)
def test_rarer_backward_mistakes_are_named(name):
    answer, expected = MORE[name]
    with pytest.raises(ExerciseFailed, match=expected):
        check_gradient(answer)


# --- the backward pass on MNIST (the cell after exercise 2) ---------------------------


def small_problem():
    params, x, t = make_problem(4)
    network = TwoLayerNet(7, 5, 3)
    network.params = params
    return network, x, t, network.numerical_gradient(x, t)


def test_on_mnist_a_stub_runs_nnlibs_gradient_and_says_so(capsys):
    class MyTwoLayerNet(TwoLayerNet):
        def gradient(self, x, t):
            """The stub of the notebook."""
            ...

    check_gradient_on_mnist(MyTwoLayerNet, *small_problem())
    out = capsys.readouterr().out
    assert "not written yet" in out and "nnlib's TwoLayerNet.gradient" in out
    assert "passes: nnlib's backward pass agrees" in out
    assert "✓" not in out and "✗" not in out


@pytest.mark.parametrize("answer", [Solution, Solution(7, 5, 3)], ids=["class", "instance"])
def test_on_mnist_a_right_answer_gets_a_tick(capsys, answer):
    check_gradient_on_mnist(answer, *small_problem())
    out = capsys.readouterr().out
    assert out.startswith("✓ The gradient check on 4 MNIST images passes: your backward pass agrees")


class WrongOnMnist(Solution):
    def gradient(self, x, t):
        grads = super().gradient(x, t)
        return {key: value * x.shape[0] for key, value in grads.items()}  # no / batch_num


def test_on_mnist_a_wrong_answer_is_not_yet(capsys):
    check_gradient_on_mnist(WrongOnMnist, *small_problem())
    out = capsys.readouterr().out
    assert out.startswith("✗ Not yet: on MNIST your gradient disagrees with the numerical one for W2 (wrong)")


class BrokenOnMnist(TwoLayerNet):
    def gradient(self, x, t):
        return {"W1": np.dot(x, self.params["W2"])}


def test_on_mnist_an_exception_is_not_yet(capsys):
    check_gradient_on_mnist(BrokenOnMnist, *small_problem())
    assert capsys.readouterr().out.startswith("✗ Not yet: your gradient on MNIST raised ValueError")


class NearlyRightOnMnist(Solution):
    def gradient(self, x, t):
        grads = super().gradient(x, t)
        return {key: value * (1 + 1e-4) for key, value in grads.items()}


def test_on_mnist_a_nearly_right_answer_is_to_be_checked(capsys):
    check_gradient_on_mnist(NearlyRightOnMnist, *small_problem())
    out = capsys.readouterr().out
    assert out.startswith(
        "✗ Not yet: on MNIST your gradient disagrees with the numerical one for W2 (check), b2 (check)"
    )


def test_on_mnist_a_function_runs_nnlibs_gradient(capsys):
    check_gradient_on_mnist(lambda x, t: None, *small_problem())
    assert "passes: nnlib's backward pass agrees" in capsys.readouterr().out


# --- in Japanese ------------------------------------------------------------------------


def returns_none(x):  # not the stub: it computes, but forgets to return
    (1.0 - sigmoid(x)) * sigmoid(x)


WRONG_SIGMOID_GRADS = {
    "sigmoid": sigmoid,
    "applied to x": lambda x: (1.0 - x) * x,
    "wrong sign": lambda x: (sigmoid(x) - 1.0) * sigmoid(x),
    "squared": lambda x: sigmoid(x) ** 2,
    "summed": lambda x: np.sum((1.0 - sigmoid(x)) * sigmoid(x)),
    "None": returns_none,
    "changing x": lambda x: np.copyto(x, sigmoid(x)) or (1.0 - x) * x,
    "raises": lambda x: x.mean(axis=2),
}


@pytest.mark.parametrize("name", WRONG_SIGMOID_GRADS)
def test_in_japanese_every_wrong_sigmoid_grad_gets_a_japanese_diagnosis_and_hint(name, japanese, capsys):
    checks.check_sigmoid_grad(WRONG_SIGMOID_GRADS[name])
    assert_not_yet_in_japanese(capsys.readouterr().out, "sigmoid_grad")


WRONG_BACKWARD_PASSES = {
    **{"-".join(map(str, mistake)): make(**dict([mistake])) for mistake in [
        ("no_divide", True), ("divide_by_inputs", True), ("sign", True), ("no_transpose", True),
        ("b2_axis", 1), ("b1_sum_all", True), ("sigmoid", True), ("grad_of_z1", True),
        ("skip_sigmoid", True), ("drop", "b1"),
    ]},
    "a1 instead of z1": changed(a1_instead_of_z1),
    "transposed W2": changed(transposed_w2),
    "updating W2": changed(updating_w2),
    "not overriding": NotOverriding,
    "a tuple": ReturningATuple,
    "second layer only": changed(second_layer_only),
    "wrong keys": WrongKeys,
    "a function": lambda x, t: {},
    **{name: answer for name, (answer, _) in MORE.items()},
}  # fmt: skip


@pytest.mark.parametrize("name", WRONG_BACKWARD_PASSES)
def test_in_japanese_every_wrong_backward_pass_gets_a_japanese_diagnosis_and_hint(name, japanese, capsys):
    checks.check_gradient(WRONG_BACKWARD_PASSES[name])
    assert_not_yet_in_japanese(capsys.readouterr().out, "gradient")


def test_in_japanese_right_answers_are_correct(japanese, capsys):
    checks.check_sigmoid_grad(lambda x: (1.0 - sigmoid(x)) * sigmoid(x))
    checks.check_gradient(make())
    sigmoid_grad_said, gradient_said = capsys.readouterr().out.splitlines()
    assert_correct_in_japanese(sigmoid_grad_said)
    assert sigmoid_grad_said.startswith("✓ 正解です: sigmoid_grad(x) = (1 - sigmoid(x)) * sigmoid(x) で、")
    assert_correct_in_japanese(gradient_said)
    assert gradient_said.startswith("✓ 正解です: 4 つの勾配はどれも")
    assert "数値微分による勾配" in gradient_said


@pytest.mark.parametrize("name", ["sigmoid_grad", "gradient"])
def test_in_japanese_the_hints_are_japanese(name, japanese):
    hints = getattr(checks, f"check_{name}").exercise.hints
    assert len(hints) >= 3 and all(JAPANESE.search(h) for h in hints)


def test_in_japanese_on_mnist_a_stub_runs_nnlibs_gradient_and_says_so(japanese, capsys):
    class MyTwoLayerNet(TwoLayerNet):
        def gradient(self, x, t):
            """The stub of the notebook."""
            ...

    check_gradient_on_mnist(MyTwoLayerNet, *small_problem())
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("gradient はまだ書かれていません（演習 2）")
    assert lines[1].startswith("MNIST の画像 4 枚で勾配確認に合格しました: nnlib の gradient")
    assert len(lines) == 2 and "✓" not in lines[1]


def test_in_japanese_on_mnist_a_right_answer_gets_a_tick(japanese, capsys):
    check_gradient_on_mnist(Solution, *small_problem())
    out = capsys.readouterr().out
    assert out.startswith("✓ MNIST の画像 4 枚で勾配確認に合格しました: あなたの gradient")


@pytest.mark.parametrize(
    "answer, verdict",
    [
        (WrongOnMnist, "W2（誤り）"),
        (NearlyRightOnMnist, "W2（要確認）、b2（要確認）"),
        (BrokenOnMnist, "ValueError"),
    ],
    ids=["wrong", "check", "raises"],
)
def test_in_japanese_on_mnist_a_wrong_answer_is_not_yet(answer, verdict, japanese, capsys):
    check_gradient_on_mnist(answer, *small_problem())
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("✗ まだです: ") and verdict in lines[0]
    assert lines[1].startswith("  ヒント: ") and "check_gradient(MyTwoLayerNet)" in lines[1]
    assert_japanese(lines[0].removeprefix("✗ まだです: "))
    assert_japanese(lines[1].removeprefix("  ヒント: "))


@pytest.mark.parametrize("key", list(checks.MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key):
    both = checks.MESSAGES.both(key)
    assert both["en"] and both["ja"] != both["en"]
    assert placeholders(both["en"]) == placeholders(both["ja"])
