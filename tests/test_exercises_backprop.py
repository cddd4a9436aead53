"""The checks of notebook 05's exercises: sigmoid_grad and the backward pass."""

import numpy as np
import pytest

from nnlib.exercises import ExerciseFailed
from nnlib.exercises.backprop import check_gradient, check_gradient_on_mnist, check_sigmoid_grad, make_problem
from nnlib.exercises.solutions.backprop import MyTwoLayerNet as Solution
from nnlib.functions import sigmoid, sigmoid_grad, softmax
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


def test_a1_instead_of_z1_is_named():
    class Student(TwoLayerNet):
        def gradient(self, x, t):
            W1, b1, W2, b2 = (self.params[k] for k in ("W1", "b1", "W2", "b2"))
            right = backward(x, t, W1, b1, W2, b2)
            a1 = np.dot(x, W1) + b1
            dy = (softmax(np.dot(sigmoid(a1), W2) + b2) - t) / x.shape[0]
            right["W2"] = np.dot(a1.T, dy)
            return right

    with pytest.raises(ExerciseFailed, match="line 71 uses a1"):
        check_gradient(Student)


def test_transposed_result_is_named():
    class Student(TwoLayerNet):
        def gradient(self, x, t):
            p = self.params
            grads = backward(x, t, p["W1"], p["b1"], p["W2"], p["b2"])
            grads["W2"] = grads["W2"].T  # e.g. np.dot(dy.T, z1)
            return grads

    with pytest.raises(ExerciseFailed, match=r"the transpose of W2's \(5, 3\)"):
        check_gradient(Student)


def test_updating_the_weights_inside_gradient_is_caught():
    class Student(TwoLayerNet):
        def gradient(self, x, t):
            p = self.params
            grads = backward(x, t, p["W1"], p["b1"], p["W2"], p["b2"])
            p["W2"] -= 0.1 * grads["W2"]  # step 3 does not belong here
            return grads

    with pytest.raises(ExerciseFailed, match=r"changed self.params\['W2'\]"):
        check_gradient(Student)


def test_not_overriding_gradient_is_caught():
    class Student(TwoLayerNet):
        pass

    with pytest.raises(ExerciseFailed, match="does not define its own gradient"):
        check_gradient(Student)


def test_returning_a_tuple_is_caught():
    class Student(TwoLayerNet):
        def gradient(self, x, t):
            return self.loss_and_gradient(x, t)

    with pytest.raises(ExerciseFailed, match="returned a tuple, not a dict"):
        check_gradient(Student)


def test_only_the_second_layer_written_so_far_is_acknowledged():
    class Student(TwoLayerNet):
        def gradient(self, x, t):
            p = self.params
            grads = backward(x, t, p["W1"], p["b1"], p["W2"], p["b2"])
            return {"W2": grads["W2"], "b2": grads["b2"]}

    with pytest.raises(ExerciseFailed, match=r"are right; grads has no 'W1', 'b1' yet") as info:
        check_gradient(Student)
    assert "line 76" in info.value.hint


def test_wrong_keys_are_named():
    class Student(TwoLayerNet):
        def gradient(self, x, t):
            return {"w1": 0, "dW2": 0}

    with pytest.raises(ExerciseFailed, match="grads has none of the keys"):
        check_gradient(Student)


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


def test_on_mnist_a_wrong_answer_is_not_yet(capsys):
    class Wrong(Solution):
        def gradient(self, x, t):
            grads = super().gradient(x, t)
            return {key: value * x.shape[0] for key, value in grads.items()}  # no / batch_num

    check_gradient_on_mnist(Wrong, *small_problem())
    out = capsys.readouterr().out
    assert out.startswith("✗ Not yet: on MNIST your gradient disagrees with the numerical one for W2 (wrong)")


def test_on_mnist_an_exception_is_not_yet(capsys):
    class Broken(TwoLayerNet):
        def gradient(self, x, t):
            return {"W1": np.dot(x, self.params["W2"])}

    check_gradient_on_mnist(Broken, *small_problem())
    assert capsys.readouterr().out.startswith("✗ Not yet: your gradient on MNIST raised ValueError")
