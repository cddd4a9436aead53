"""Check for notebook 04 (TwoLayerNet): the forward pass ``predict``.

The student subclasses ``TwoLayerNet`` and writes ``predict`` (the slides' lines
19-28). The check runs it on a small made-up network whose sizes all differ
(7 inputs, 5 hidden units, 3 classes, a batch of 4), so that a transposed weight
fails with a shape error instead of passing by chance, and whose weights and
biases are large and non-zero, so that a forgotten bias or activation changes
the answer. A wrong answer is compared with the typical mistakes to name it.
"""


import numpy as np

from nnlib.exercises import ExerciseFailed, check_weights_unchanged, exercise, passed, student_subclass
from nnlib.functions import relu, sigmoid, sigmoid_grad, softmax

INPUT, HIDDEN, OUTPUT, BATCH = 7, 5, 3, 4
LINES = (  # what the slide's four lines do, in words: a hint, not the answer
    "lines 23-26 of the slide: two layers, each a product with its weights plus its bias; "
    "sigmoid after the first, softmax after the second"
)


def make_params(seed):
    """Made-up parameters for the small network: W ~ N(0, 1), b ~ N(0, 1), float64."""
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.standard_normal((INPUT, HIDDEN)),
        "b1": rng.standard_normal(HIDDEN),
        "W2": rng.standard_normal((HIDDEN, OUTPUT)),
        "b2": rng.standard_normal(OUTPUT),
    }


def make_input(seed):
    """A made-up batch x: (BATCH, INPUT) float64 in [0, 1), like normalized pixels."""
    return np.random.default_rng(seed).random((BATCH, INPUT))


def reference_predict(params, x):
    """The slides' forward pass, to compare with."""
    a1 = np.dot(x, params["W1"]) + params["b1"]
    z1 = sigmoid(a1)
    a2 = np.dot(z1, params["W2"]) + params["b2"]
    return softmax(a2)


def _mistakes(p, x):
    """The typical wrong forward passes: {what went wrong: (y, hint)}."""
    W1, b1, W2, b2 = p["W1"], p["b1"], p["W2"], p["b2"]
    a1 = np.dot(x, W1) + b1
    return {
        "both biases b1 and b2 are missing": (
            softmax(np.dot(sigmoid(np.dot(x, W1)), W2)),
            "each layer adds its bias after its product, as in y = wx + b: b1 in the first, b2 in the second",
        ),
        "the bias b1 is missing": (
            softmax(np.dot(sigmoid(np.dot(x, W1)), W2) + b2),
            "the first layer is y = wx + b too: add b1 to the product of x and W1",
        ),
        "the bias b2 is missing": (
            softmax(np.dot(sigmoid(a1), W2)),
            "the second layer is y = wx + b too: add b2 to the product of z1 and W2",
        ),
        "the hidden layer has no sigmoid: a2 is computed from a1 instead of z1 = sigmoid(a1)": (
            softmax(np.dot(a1, W2) + b2),
            "apply sigmoid to a1, and give the result, z1, to the second layer",
        ),
        "the hidden layer uses sigmoid_grad (the derivative) instead of sigmoid": (
            softmax(np.dot(sigmoid_grad(a1), W2) + b2),
            "the forward pass uses the function itself: z1 = sigmoid(a1); sigmoid_grad belongs to the "
            "backward pass",
        ),
        "the hidden layer uses relu instead of sigmoid": (
            softmax(np.dot(relu(a1), W2) + b2),
            "the book's TwoLayerNet uses sigmoid: z1 = sigmoid(a1)",
        ),
        "the hidden layer uses softmax instead of sigmoid": (
            softmax(np.dot(softmax(a1), W2) + b2),
            "sigmoid in the hidden layer, softmax only at the output: z1 = sigmoid(a1)",
        ),
    }


@exercise(
    "predict",
    hints=(
        "The slide's lines 19-28: each layer is y = wx + b followed by an activation. Start by taking "
        "W1, b1, W2 and b2 out of self.params.",
        "Layer 1: a1 is the matrix product of x and W1 (np.dot, x first: the images are rows) plus b1, "
        "and z1 is sigmoid of a1. Print the shapes as you go: (N, 784) -> (N, 50).",
        "Layer 2 does the same with z1, W2 and b2; then softmax (not sigmoid) turns the scores a2 into "
        "probabilities. Return those probabilities y, one row per image.",
    ),
    solution="MyTwoLayerNet",
)
def check_predict(network_class):
    """Check a ``TwoLayerNet`` subclass whose ``predict(self, x)`` the student wrote.

    x: (N, input_size) -> y: (N, output_size), each row class probabilities.
    Diagnoses: predict not overridden, an exception (e.g. a transposed product),
    no return, a wrong shape (returning the hidden layer), changing x or params in
    place, softmax over the wrong axis or over the whole batch, returning the raw
    scores a2 or a sigmoid output, a missing bias, a missing/other activation, and
    ignoring ``self.params``.
    """
    network_class = student_subclass(network_class, "predict", "check_predict", "(self, x)", "y")
    x = make_input(2)
    first_params, second_params = make_params(1), make_params(3)
    first = _run(network_class, first_params, x)
    second = _run(network_class, second_params, x)
    if np.shape(second) == np.shape(first) and np.allclose(second, first):
        raise ExerciseFailed(
            "predict gives the same answer for two networks with different weights: it does not "
            "read this network's own weights",
            "take the weights from self.params: W1, W2 = self.params['W1'], self.params['W2'] (and b1, b2)",
        )
    _diagnose(first, first_params, x)
    _diagnose(second, second_params, x)
    passed(
        f"predict computes y = softmax(sigmoid(x·W1 + b1)·W2 + b2): x ({BATCH}, {INPUT}) -> "
        f"a1, z1 ({BATCH}, {HIDDEN}) -> a2, y ({BATCH}, {OUTPUT}), every row of y sums to 1."
    )


def _run(network_class, params, x):
    """Run the student's predict on a made-up network and batch; return y as an array."""
    network = network_class(INPUT, HIDDEN, OUTPUT)
    network.params = {key: value.copy() for key, value in params.items()}
    x_given = x.copy()
    try:
        y = network.predict(x_given)
    except ExerciseFailed:
        raise
    except ValueError as exc:
        raise ExerciseFailed(
            f"predict raised ValueError: {exc}",
            f"this check uses its own small network: x is ({BATCH}, {INPUT}), one sample per row, and "
            f"self.params['W1'] is ({INPUT}, {HIDDEN}). Take the weights from self.params and write "
            "np.dot(x, W1), x first; likewise np.dot(z1, W2). The slide's y = wx + b is written for one "
            "column vector; with samples in rows the product is x·W",
        ) from exc
    except KeyError as exc:
        raise ExerciseFailed(
            f"predict raised KeyError: {exc}",
            "self.params has exactly the keys 'W1', 'b1', 'W2', 'b2' (capital W, lower-case b)",
        ) from exc
    except Exception as exc:
        raise ExerciseFailed(
            f"predict raised {type(exc).__name__}: {exc}",
            "compare your method with lines 19-28 of the slide; sigmoid and softmax come from "
            "nnlib.functions",
        ) from exc

    if y is None:
        raise ExerciseFailed("predict returned None", "end the method with return y")
    if not np.array_equal(x_given, x):
        raise ExerciseFailed(
            "predict changed the input x it was given",
            "compute new arrays (a1 = np.dot(x, W1) + b1) instead of updating x in place (x += ...)",
        )
    check_weights_unchanged(
        network, params, "predict",
        "predict only reads the weights; write a1 = np.dot(x, W1) + b1, not W1 += ... or b1 += ...",
    )  # fmt: skip
    return np.asarray(y)


def _diagnose(y, params, x):
    """Raise ExerciseFailed naming the mistake unless y is the slides' forward pass."""
    if y.shape == (BATCH, HIDDEN):
        raise ExerciseFailed(
            f"for x of shape {x.shape} predict returned shape {y.shape}, the shape of the hidden layer",
            "go on to the second layer: a2 = np.dot(z1, W2) + b2, y = softmax(a2), and return y",
        )
    if y.shape == (OUTPUT, BATCH):
        raise ExerciseFailed(
            f"for x of shape {x.shape} predict returned shape {y.shape}: one column per sample, "
            "the transpose of what the network should return",
            "keep samples in rows: np.dot(x, W1) + b1 and np.dot(z1, W2) + b2, not np.dot(W1.T, x.T)",
        )
    if y.shape != (BATCH, OUTPUT):
        raise ExerciseFailed(
            f"for x of shape {x.shape} predict returned shape {y.shape}, expected ({BATCH}, {OUTPUT}): "
            "one row of class probabilities per sample",
            f"follow {LINES}",
        )
    if not np.all(np.isfinite(y)):
        raise ExerciseFailed("predict returned nan or inf", f"follow {LINES}")

    reference = reference_predict(params, x)
    if np.allclose(y, reference, rtol=1e-6, atol=1e-9):
        return
    row_sums = y.sum(axis=1)
    if not np.allclose(row_sums, 1.0):
        if np.allclose(y.sum(axis=0), 1.0):
            raise ExerciseFailed(
                "the columns of y sum to 1, not the rows: softmax normalised over axis 0, across the samples",
                "each sample (row) needs its own probabilities: use softmax from nnlib.functions, or sum "
                "with axis=1, keepdims=True in your own",
            )
        if np.isclose(y.sum(), 1.0):
            raise ExerciseFailed(
                "the whole batch of y sums to 1, not each row: softmax normalised over all samples at once",
                "normalise each row: np.sum(np.exp(a), axis=1, keepdims=True), "
                "or use softmax from nnlib.functions",
            )
        a2 = np.dot(sigmoid(np.dot(x, params["W1"]) + params["b1"]), params["W2"]) + params["b2"]
        if np.allclose(y, a2):
            raise ExerciseFailed(
                "predict returned the scores a2, not probabilities (rows do not sum to 1)",
                "finish with y = softmax(a2) and return y",
            )
        if np.allclose(y, sigmoid(a2)):
            raise ExerciseFailed(
                "the output layer uses sigmoid: the rows of y do not sum to 1",
                "the output layer uses softmax, which turns the scores into probabilities: y = softmax(a2)",
            )
        raise ExerciseFailed(
            f"the rows of y should each sum to 1 (probabilities of the {OUTPUT} classes), "
            f"they sum to {np.round(row_sums, 3).tolist()}",
            f"end with y = softmax(a2); follow {LINES}",
        )
    for what, (wrong, hint) in _mistakes(params, x).items():
        if np.allclose(y, wrong, rtol=1e-6, atol=1e-9):
            raise ExerciseFailed(what, hint)
    raise ExerciseFailed(
        f"y differs from the slides' forward pass by up to {np.abs(y - reference).max():.3g}",
        f"compare your lines one by one with {LINES}",
    )
