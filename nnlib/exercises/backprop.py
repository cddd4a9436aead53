"""Checks for notebook 05 (numerical vs analytic gradients): ``sigmoid_grad`` and
the backward pass ``gradient`` of TwoLayerNet.

The backward pass is checked the way the book checks it, against the numerical
gradient (a gradient check), on a small made-up network whose sizes all differ
(7 inputs, 5 hidden units, 3 classes, a batch of 4): a missing transpose or a sum
over the wrong axis then gives a wrong shape, not a right answer by chance. A
wrong gradient is compared with the typical mistakes to name it.
"""


import inspect

import numpy as np

from nnlib.exercises import (
    ExerciseFailed,
    call_student,
    check_weights_unchanged,
    exercise,
    is_stub,
    passed,
    student_subclass,
)
from nnlib.functions import sigmoid, softmax
from nnlib.gradient import gradient_check, numerical_diff
from nnlib.two_layer_net import TwoLayerNet

INPUT, HIDDEN, OUTPUT, BATCH = 7, 5, 3, 4
ORDER = ("W2", "b2", "W1", "b1")  # the order in which the backward pass computes them
SLIDE_LINE = {  # what each line of the slide computes, in words: a hint, not the answer
    "W2": "line 71: W2's input z1, transposed, times dy",
    "b2": "line 72: dy summed over the samples (axis=0)",
    "W1": "line 76: W1's input x, transposed, times da1 (line 75: the slope of sigmoid at a1, times dz1)",
    "b1": "line 77: da1 summed over the samples (axis=0)",
}


# --- sigmoid_grad ------------------------------------------------------------------


@exercise(
    "sigmoid_grad",
    hints=(
        "The slope of the sigmoid can be written with the sigmoid itself: start with s = sigmoid(x).",
        "Differentiate 1 / (1 + exp(-x)) on paper and write the result with s: two factors, s and 1 - s.",
        "Elementwise operations only (* and -): the slope of each element depends on that element alone.",
    ),
)
def check_sigmoid_grad(sigmoid_grad):
    """Check ``sigmoid_grad(x)``: the derivative of sigmoid at ``x``, elementwise.

    Diagnoses: returning sigmoid itself, applying ``(1 - x) * x`` to x instead of
    to sigmoid(x), a wrong sign, a wrong shape, changing x in place.
    """
    x = np.linspace(-6.0, 6.0, 13).reshape(13, 1) * np.ones((1, 2))  # (13, 2), includes 0
    x_given = x.copy()
    d = call_student(sigmoid_grad, x_given, what="sigmoid_grad")
    if d is None:
        raise ExerciseFailed("sigmoid_grad returned None", "end the function with return ...")
    if not np.array_equal(x_given, x):
        raise ExerciseFailed(
            "sigmoid_grad changed the array x it was given",
            "compute a new array, s = sigmoid(x), instead of updating x in place",
        )
    d = np.asarray(d)
    if d.shape != x.shape:
        raise ExerciseFailed(
            f"for x of shape {x.shape} sigmoid_grad returned shape {d.shape}; it works elementwise",
            "use elementwise operations only (*, -), no np.dot and no sum",
        )
    s = sigmoid(x)
    right = (1.0 - s) * s
    if np.allclose(d, right, rtol=1e-6, atol=1e-12):
        numeric = numerical_diff(sigmoid, x)
        if not np.allclose(d, numeric, atol=1e-8):  # cannot happen unless sigmoid itself is wrong
            raise ExerciseFailed("sigmoid_grad disagrees with the numerical derivative", "tell the teacher")
        passed(
            "sigmoid_grad(x) = (1 - sigmoid(x)) * sigmoid(x), equal to the numerical derivative; "
            "largest at x = 0, where it is 0.25."
        )
        return
    if np.allclose(d, s):
        raise ExerciseFailed(
            "sigmoid_grad returned sigmoid(x) itself, not its slope",
            "at x = 0 sigmoid is 0.5 but its slope is 0.25: the slope is a product of s = sigmoid(x) "
            "and one more factor made of s",
        )
    if np.allclose(d, (1.0 - x) * x):
        raise ExerciseFailed(
            "the formula (1 - s) * s was applied to x itself: at x = 0 that gives 0, but the slope "
            "of sigmoid at 0 is 0.25",
            "first s = sigmoid(x), then use s, not x, in the formula",
        )
    if np.allclose(d, -right):
        raise ExerciseFailed(
            "sigmoid_grad has the wrong sign: sigmoid rises everywhere, so its slope is positive",
            "one of your two factors is negative; which of s and 1 - s is it, with s between 0 and 1?",
        )
    worst = np.unravel_index(np.argmax(np.abs(d - right)), x.shape)
    raise ExerciseFailed(
        f"at x = {x[worst]:g} your sigmoid_grad gives {d[worst]:.4g}, but the slope of sigmoid there "
        f"is {right[worst]:.4g}",
        "compute s = sigmoid(x) first and write the slope with s alone; at x = 0 it must be 0.25",
    )


# --- the backward pass -------------------------------------------------------------


def make_problem(seed):
    """A made-up network and batch: (params, x (BATCH, INPUT), t (BATCH, OUTPUT) one-hot), float64."""
    rng = np.random.default_rng(seed)
    params = {
        "W1": rng.standard_normal((INPUT, HIDDEN)),
        "b1": rng.standard_normal(HIDDEN),
        "W2": rng.standard_normal((HIDDEN, OUTPUT)),
        "b2": rng.standard_normal(OUTPUT),
    }
    x = rng.random((BATCH, INPUT))
    t = np.eye(OUTPUT)[rng.integers(0, OUTPUT, BATCH)]
    return params, x, t


def backward(params, x, t, divide=True, sign=1.0, hidden="sigmoid_grad(a1)", minus_t=True, w2_input="z1"):
    """The slides' backward pass (lines 63-77), with switches for the typical mistakes.

    divide: divide dy by batch_num; sign: +1 for y - t, -1 for t - y;
    hidden: the factor of line 75 ('sigmoid_grad(a1)', 'sigmoid(a1)', 'sigmoid_grad(z1)', 'none');
    minus_t: subtract t (False: dy = y / batch_num); w2_input: what line 71 multiplies ('z1' or 'a1').
    """
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    a1 = np.dot(x, W1) + b1
    z1 = sigmoid(a1)
    a2 = np.dot(z1, W2) + b2
    y = softmax(a2)

    dy = sign * (y - t if minus_t else y)
    if divide:
        dy = dy / x.shape[0]
    dz1 = np.dot(dy, W2.T)
    factor = {
        "sigmoid_grad(a1)": (1.0 - z1) * z1,
        "sigmoid(a1)": z1,
        "sigmoid_grad(z1)": (1.0 - sigmoid(z1)) * sigmoid(z1),
        "none": 1.0,
    }[hidden]
    da1 = factor * dz1
    return {
        "W2": np.dot((z1 if w2_input == "z1" else a1).T, dy),
        "b2": np.sum(dy, axis=0),
        "W1": np.dot(x.T, da1),
        "b1": np.sum(da1, axis=0),
    }


def _numerical(params, x, t):
    """The numerical gradient of the loss of the made-up network (58 parameters: fast)."""
    network = TwoLayerNet(INPUT, HIDDEN, OUTPUT)
    network.params = {key: value.copy() for key, value in params.items()}
    return network.numerical_gradient(x, t)


def _mistakes():
    """The typical wrong backward passes: {what went wrong: (backward switches, hint)}."""
    return {
        "dy has the wrong sign: it is (t - y) instead of (y - t)": (
            {"sign": -1.0},
            "line 70: dy = (y - t) / batch_num; with the wrong sign SGD would climb the loss",
        ),
        "line 71 uses a1; in the forward pass W2 multiplies z1 = sigmoid(a1)": (
            {"w2_input": "a1"},
            "grads['W2'] = np.dot(z1.T, dy): the gradient of a weight is its input times the gradient of "
            "its output",
        ),
        "dy forgot to subtract the targets t": (
            {"minus_t": False},
            "line 70: dy = (y - t) / batch_num, the gradient of softmax with cross-entropy",
        ),
        "line 75 multiplies by sigmoid(a1) instead of its derivative sigmoid_grad(a1)": (
            {"hidden": "sigmoid(a1)"},
            "the backward pass of z1 = sigmoid(a1) multiplies by the slope: da1 = sigmoid_grad(a1) * dz1",
        ),
        "line 75 takes sigmoid_grad of z1; sigmoid_grad expects the input a1": (
            {"hidden": "sigmoid_grad(z1)"},
            "da1 = sigmoid_grad(a1) * dz1 (sigmoid_grad computes sigmoid itself)",
        ),
        "the sigmoid is skipped on the way back: da1 is missing the factor sigmoid_grad(a1)": (
            {"hidden": "none"},
            "line 75: da1 = sigmoid_grad(a1) * dz1, then line 76 uses da1, not dz1",
        ),
    }


@exercise(
    "gradient",
    hints=(
        "Start with the forward pass of predict, keeping a1, z1 and y: the backward pass needs them. "
        "Then go backwards, from the loss to W1.",
        "At the output: the gradient of the loss with respect to the scores a2 is prediction minus "
        "target, divided by the batch size (the loss is a mean over the batch). Call it dy.",
        "Layer 2 (a2 = z1·W2 + b2): a weight's gradient is its input, transposed, times the gradient of "
        "its output; a bias's gradient sums that over the samples (axis=0). Compare the shapes with "
        "W2 and b2.",
        "One layer down: back through W2 (dy times W2 transposed) gives dz1; back through the sigmoid, "
        "multiply elementwise by its slope at a1 (sigmoid_grad) to get da1; then W1 and b1 as in hint 3, "
        "with x and da1.",
    ),
    solution="MyTwoLayerNet",
)
def check_gradient(network_class):
    """Check a ``TwoLayerNet`` subclass whose ``gradient(self, x, t)`` the student wrote.

    t is one-hot (N, output_size), as in the slides. Each gradient must have the
    shape of its parameter and agree with the numerical gradient (gradient check).
    Diagnoses: gradient not overridden, an exception (e.g. a missing transpose),
    no dict, missing keys, sums over the wrong axis or over everything, transposed
    results, changing params/x/t in place, forgetting ``/ batch_num`` (or dividing
    by something else), the sign of dy, forgetting ``- t``, sigmoid instead of
    sigmoid_grad, sigmoid_grad of z1, no sigmoid_grad, a1 in place of z1.
    """
    network_class = student_subclass(network_class, "gradient", "check_gradient", "(self, x, t)", "grads")
    checked = []
    for seed in (1, 2):
        params, x, t = make_problem(seed)
        grads = _run(network_class, params, x, t)
        _diagnose(grads, params, x, t)
        checked.append((grads, params, x, t))
    # The report of the first problem, whose targets get probabilities around 0.1-0.6:
    # there the 1e-7 inside the loss's log keeps the agreement near 1e-7 (notebook 05).
    grads, params, x, t = checked[0]
    report = gradient_check(grads, _numerical(params, x, t))
    if not report.ok:  # cannot happen when grads equal the slides' backward pass
        raise ExerciseFailed(f"the gradient check failed:\n{report!r}", "tell the teacher")
    worst = max(c.norm_error for c in report)
    passed(
        "all four gradients have the shapes of their parameters and agree with the numerical "
        f"gradient (largest norm relative error {worst:.0e})."
    )


def _run(network_class, params, x, t):
    """Run the student's gradient on a made-up network and batch; return the grads dict."""
    network = network_class(INPUT, HIDDEN, OUTPUT)
    network.params = {key: value.copy() for key, value in params.items()}
    given = (x.copy(), t.copy())
    try:
        grads = network.gradient(*given)
    except ExerciseFailed:
        raise
    except ValueError as exc:
        raise ExerciseFailed(
            f"gradient raised ValueError: {exc}",
            f"this check uses its own small network: x ({BATCH}, {INPUT}), z1 ({BATCH}, {HIDDEN}), "
            f"dy ({BATCH}, {OUTPUT}). Each gradient has the shape of its parameter, so the batch axis "
            "must be summed away by the product: np.dot(z1.T, dy) is (hidden, N)·(N, out) = W2's shape; "
            "dz1 = np.dot(dy, W2.T) is (N, out)·(out, hidden) = z1's shape; take W1, W2, ... from "
            "self.params",
        ) from exc
    except KeyError as exc:
        raise ExerciseFailed(
            f"gradient raised KeyError: {exc}",
            "self.params has exactly the keys 'W1', 'b1', 'W2', 'b2'; create grads = {} before filling it",
        ) from exc
    except Exception as exc:
        raise ExerciseFailed(
            f"gradient raised {type(exc).__name__}: {exc}",
            "compare your method with lines 56-79 of the slide; sigmoid, sigmoid_grad and softmax come "
            "from nnlib.functions",
        ) from exc

    if grads is None:
        raise ExerciseFailed("gradient returned None", "end the method with return grads")
    if not isinstance(grads, dict):
        raise ExerciseFailed(
            f"gradient returned a {type(grads).__name__}, not a dict",
            "return grads, the dict with keys 'W1', 'b1', 'W2', 'b2'",
        )
    if not np.array_equal(given[0], x) or not np.array_equal(given[1], t):
        raise ExerciseFailed(
            "gradient changed the input x or the targets t it was given",
            "compute new arrays (dy = (y - t) / batch_num) instead of updating x or t in place",
        )
    check_weights_unchanged(
        network, params, "gradient",
        "the gradient only reads the weights; updating them is the training loop's job (step 3)",
    )  # fmt: skip
    if not any(key in grads for key in ORDER):
        raise ExerciseFailed(
            f"grads has none of the keys 'W2', 'b2', 'W1', 'b1' (it has {sorted(map(str, grads))})",
            "fill in grads['W2'], grads['b2'] (lines 71-72), grads['W1'], grads['b1'] (lines 76-77)",
        )
    return {key: np.asarray(grads[key]) for key in ORDER if key in grads}


def _diagnose(grads, params, x, t):
    """Raise ExerciseFailed naming the first wrong gradient (backward order) and the likely mistake.

    grads may lack some keys (a student who has written only lines 70-72 so far): the
    ones present are checked first, then the missing ones are named.
    """
    present = [key for key in ORDER if key in grads]
    for key in present:
        g, shape = grads[key], params[key].shape
        if g.shape == shape:
            continue
        if g.shape == ():
            raise ExerciseFailed(
                f"grads['{key}'] is a single number: np.sum without axis adds up everything",
                f"sum over the samples only, axis=0, which leaves one number per unit {shape}; "
                f"{SLIDE_LINE[key]}",
            )
        if key.startswith("b") and g.shape == (BATCH,):
            raise ExerciseFailed(
                f"grads['{key}'] has shape {g.shape}, one number per sample: the sum ran over axis=1",
                f"the bias is added to every sample, so its gradient sums over the samples, axis=0; "
                f"{SLIDE_LINE[key]}",
            )
        if len(shape) == 2 and g.shape == shape[::-1]:
            raise ExerciseFailed(
                f"grads['{key}'] has shape {g.shape}, the transpose of {key}'s {shape}",
                f"each gradient has the shape of its parameter; {SLIDE_LINE[key]}",
            )
        raise ExerciseFailed(
            f"grads['{key}'] has shape {g.shape}, but {key} has shape {shape}",
            f"each gradient has the shape of its parameter; {SLIDE_LINE[key]}",
        )
    if not all(np.all(np.isfinite(grads[key])) for key in present):
        raise ExerciseFailed(
            "a gradient contains nan or inf", "compare your lines with lines 63-77 of the slide"
        )

    right = backward(params, x, t)
    for key in present:
        g, r = grads[key], right[key]
        if np.allclose(g, r, rtol=1e-6, atol=1e-10):
            continue
        for what, (switches, hint) in _mistakes().items():
            if np.allclose(g, backward(params, x, t, **switches)[key], rtol=1e-6, atol=1e-10):
                raise ExerciseFailed(f"grads['{key}'] is wrong: {what}", hint)
        ratio = _constant_ratio(g, r)
        if ratio is not None and np.isclose(ratio, BATCH):
            raise ExerciseFailed(
                f"grads['{key}'] is {BATCH} times too large, the batch size: the division by batch_num "
                "is missing",
                "the loss is the mean over the batch, so line 70 divides once: dy = (y - t) / batch_num, "
                "with batch_num = x.shape[0]",
            )
        if ratio is not None and np.isclose(ratio, 1 / BATCH):
            raise ExerciseFailed(
                f"grads['{key}'] is {BATCH} times too small: it is divided by batch_num twice",
                "divide only once, in line 70: dy = (y - t) / batch_num",
            )
        if ratio is not None:
            raise ExerciseFailed(
                f"grads['{key}'] is {ratio:.3g} times the right value",
                "line 70 divides by the number of samples, batch_num = x.shape[0], not by another size",
            )
        raise ExerciseFailed(
            f"grads['{key}'] disagrees with the gradient check by up to {np.abs(g - r).max():.3g}",
            f"{SLIDE_LINE[key]}; check the lines it depends on too",
        )
    missing = [key for key in ORDER if key not in grads]
    if missing:
        right_so_far = ", ".join(f"grads['{key}']" for key in present)
        raise ExerciseFailed(
            f"{right_so_far} {'is' if len(present) == 1 else 'are'} right; grads has no "
            f"{', '.join(repr(key) for key in missing)} yet",
            "go on down the slide: " + "; ".join(SLIDE_LINE[key] for key in missing),
        )


def _constant_ratio(g, r):
    """g / r when g is a constant multiple of r (not 1), else None."""
    scale = float(np.vdot(g, r) / np.vdot(r, r))
    if not np.isclose(scale, 1.0) and np.allclose(g, scale * r, rtol=1e-6, atol=1e-10):
        return scale
    return None


# --- the backward pass on MNIST ---------------------------------------------------------


def check_gradient_on_mnist(network_class, network, x, t, grad_numerical):
    """The gradient check of notebook 05 §2 on the student's ``gradient``, on real digits.

    network_class: the student's TwoLayerNet subclass; network: the notebook's network,
    whose weights it borrows; x: (N, 784), t: (N, 10) one-hot; grad_numerical: that
    network's numerical gradient on x, t. While the student's ``gradient`` is still the
    stub (or not written), it checks nnlib's ``TwoLayerNet.gradient`` instead and says
    so, so that the notebook runs on unsolved. Prints sentences; returns nothing.
    """
    if isinstance(network_class, TwoLayerNet):
        network_class = type(network_class)
    if inspect.isclass(network_class) and issubclass(network_class, TwoLayerNet):
        own = vars(network_class).get("gradient")
    else:
        own = None
    if own is None or is_stub(own):
        print(
            "Your gradient is not written yet (Exercise 2), so this runs nnlib's TwoLayerNet.gradient, "
            "the slides' code:"
        )
        network_class, whose = TwoLayerNet, "nnlib's"
    else:
        whose = "your"
    mine = network_class(network.params["W1"].shape[0], network.params["b1"].size, network.params["b2"].size)
    mine.params = network.params  # the same weights
    try:
        grads = mine.gradient(x, t)
        report = gradient_check(grads, grad_numerical)
    except Exception as exc:  # shapes or keys that the small check did not meet
        print(f"✗ Not yet: {whose} gradient on MNIST raised {type(exc).__name__}: {exc}")
        print('  Hint: run check_gradient(MyTwoLayerNet) above first and follow its hints')
        return
    n_params = sum(value.size for value in network.params.values())
    if all(c.verdict == "good" for c in report):
        mark = "✓ " if whose == "your" else ""
        print(
            f"{mark}The gradient check on {x.shape[0]} MNIST images passes: {whose} backward pass "
            f"agrees with the numerical gradient for all four parameters ({n_params:,} numbers)."
        )
    else:
        bad = ", ".join(f"{c.name} ({c.verdict})" for c in report if c.verdict != "good")
        print(f"✗ Not yet: on MNIST {whose} gradient disagrees with the numerical one for {bad}")
        print("  Hint: run check_gradient(MyTwoLayerNet) above: it names the usual mistakes")
