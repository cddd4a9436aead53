"""Check for notebook 06 (mini-batch training): step 3, the parameter update.

The student writes ``update(network, grad, learning_rate)``, the slides' lines 35-36:

    for key in ('W1', 'b1', 'W2', 'b2'):
        network.params[key] -= learning_rate * grad[key]

``check_update`` runs it once on a small network and measures how far each parameter
moved. A step of ``c * grad[key]`` for the wrong ``c`` names the slip behind it
(``+=``, no learning rate, a fixed 0.1, a second division by the batch size, ...);
parameters that did not move name the others (keys left out, a local name rebound,
a new dict returned instead of stored, the notebook's global ``network`` updated); the
notebook's global ``grad`` read instead of the argument is named before the call.
"""

import numpy as np

from nnlib.exercises import ExerciseFailed, call_student, exercise, passed
from nnlib.two_layer_net import TwoLayerNet, one_hot

KEYS = ("W1", "b1", "W2", "b2")
LEARNING_RATE = 0.03  # not the notebook's 0.1, so a hard-coded 0.1 shows
BATCH_SIZE = 5


def _tiny_problem():
    """A 4 -> 3 -> 2 network, a batch of 5 and its gradient (float64, fixed seed)."""
    rng = np.random.default_rng(5)
    network = TwoLayerNet(4, 3, 2, weight_init_std=0.5, rng=rng)
    x = rng.standard_normal((BATCH_SIZE, 4))
    t = one_hot(rng.integers(0, 2, BATCH_SIZE), 2).astype(np.float64)
    return network, network.gradient(x, t)


def _call(update, network, grad):
    return call_student(update, network, grad, LEARNING_RATE, what="your update",
                        hint="run it on its own and read the error line by line: network.params and "
                        "grad are dicts, one array per key ('W1', 'b1', 'W2', 'b2')")  # fmt: skip


# What a step of c * grad means, as c / (-learning_rate): (ratio, what went wrong, hint).
# The hints point at the slip; none spells out the whole line (that is what solution() is for).
_SLIPS = [
    (-1.0, "moved UP the gradient (+= instead of -=): that is gradient ascent, the loss grows",
     "the gradient points uphill; a step of descent goes the other way: subtract it, do not add it"),
    (1 / LEARNING_RATE, "moved by the whole gradient: the learning rate is missing",
     "the step is the gradient scaled by learning_rate (η), not the gradient itself"),
    (-1 / LEARNING_RATE, "moved up by the whole gradient: += instead of -=, and no learning rate",
     "two slips: the step goes against the gradient (subtract), and it is scaled by learning_rate"),
    (0.1 / LEARNING_RATE, f"moved by 0.1 * grad, but the learning rate passed in was {LEARNING_RATE}: "
     "the function uses a fixed 0.1 (or the notebook's global learning_rate) instead of its argument",
     "use the parameter learning_rate of your def line, whatever value it is called with"),
    (0.01 / LEARNING_RATE, f"moved by 0.01 * grad, but the learning rate passed in was {LEARNING_RATE}: "
     "the function uses a fixed number instead of its argument",
     "use the parameter learning_rate of your def line, whatever value it is called with"),
    (2.0, "moved twice as far as one step: the update ran twice",
     "one call of update is one step: each key is updated once"),
    (1 / BATCH_SIZE, f"moved 1/{BATCH_SIZE} of the step: the gradient was divided by the batch size "
     "again, but it already is the mean over the batch (dy = (y - t) / batch_num)",
     "no division by the batch size here: grad is ready to use"),
    (LEARNING_RATE, "moved by learning_rate**2 * grad: the learning rate was applied twice",
     "multiply by learning_rate once"),
]  # fmt: skip


def _diagnose(before, after, g):
    """What happened to one parameter: None if it moved by -learning_rate * g, else (what, hint).

    ``what`` reads after "every parameter" or "params['W1']".
    """
    step = -LEARNING_RATE * g
    after = np.asarray(after)
    if after.shape != before.shape:
        return (
            f"now has shape {after.shape} instead of {before.shape}",
            "each parameter moves by its own gradient: the same key on both sides",
        )
    delta = after - before
    if np.allclose(delta, step, rtol=1e-6, atol=1e-12):
        return None
    if not delta.any():
        return ("did not change", "every one of the four parameters takes a step, biases too")
    if np.allclose(after, step, rtol=1e-6, atol=1e-12):
        return (
            "was replaced by the step -learning_rate * grad: the old value is gone (= instead of -=)",
            "the new value is the old value minus the step: keep the old value in the sum (or use -=)",
        )
    c = np.vdot(delta, g) / np.vdot(g, g)  # the best c with delta ≈ c * g
    if np.allclose(delta, c * g, rtol=1e-6, atol=1e-12):
        for ratio, what, hint in _SLIPS:
            if np.isclose(c / -LEARNING_RATE, ratio, rtol=1e-6):
                return what, hint
        return (f"moved by {c:.4g} * grad; one step is -learning_rate * grad = {-LEARNING_RATE} * grad",
                "one step is -learning_rate times the gradient, nothing more")  # fmt: skip
    return ("did not move along its own gradient",
            "each parameter moves by the gradient of its own key: W1 by grad['W1'], and so on")  # fmt: skip


def _uses_global(update, name):
    code = getattr(update, "__code__", None)
    return code is not None and name in code.co_names and name not in code.co_varnames


@exercise(
    "update",
    hints=(
        "Step 3 (パラメータの更新) moves every parameter a little against its gradient, as "
        "gradient_descent moved x in notebook 03. The parameters are the four arrays of "
        "network.params, under the keys 'W1', 'b1', 'W2', 'b2'; grad has the same keys.",
        "Loop over the four keys. For each: new value = old value - learning_rate x the "
        "gradient of the same key.",
        "Write into the dictionary: network.params[key] is what changes, on the left of an "
        "in-place -=; on the right, the learning rate times grad of that key. Nothing is returned.",
    ),
)
def check_update(update):
    """Check step 3, ``update(network, grad, learning_rate)``: every parameter moves by
    ``-learning_rate * grad[key]``, stored in ``network.params``, ``grad`` left as it was.

    Replacing the arrays (``network.params[key] = network.params[key] - ...``) is right
    too: the network reads ``params`` at every call.
    """
    network, grad = _tiny_problem()
    before = {key: network.params[key].copy() for key in KEYS}
    arrays_before = {key: network.params[key] for key in KEYS}
    grad_before = {key: grad[key].copy() for key in KEYS}

    if _uses_global(update, "grad"):  # e.g. the last gradient of the notebook's training loop
        raise ExerciseFailed(
            "your update reads the notebook's global `grad`, not the gradient passed in",
            "name the second parameter grad (def update(network, grad, learning_rate)) "
            "or use the name you gave it",
        )
    result = _call(update, network, grad)

    changed_grads = [key for key in KEYS if not np.array_equal(grad[key], grad_before[key])]
    if changed_grads:
        raise ExerciseFailed(
            f"your update changed the gradient itself: grad {changed_grads} "
            "(e.g. grad[key] *= learning_rate)",
            "leave grad alone: learning_rate * grad[key] is a new array already, "
            "so nothing needs to be scaled in place first",
        )
    params = network.params
    missing = [key for key in KEYS if key not in params]
    if missing:
        raise ExerciseFailed(f"network.params has lost {missing}",
                             "update the four entries; do not remove or rename them")  # fmt: skip

    problems = {key: _diagnose(before[key], params[key], grad_before[key]) for key in KEYS}
    unchanged = [key for key in KEYS if np.array_equal(np.asarray(params[key]), before[key])]
    if len(unchanged) == len(KEYS):
        if result is not None:
            raise ExerciseFailed(
                f"no parameter changed: your function returned a {type(result).__name__}, but "
                "the training loop ignores what update returns; it reads network.params",
                "change the arrays in network.params themselves (or store the new ones there); "
                "then there is nothing to return",
            )
        if _uses_global(update, "network"):
            raise ExerciseFailed(
                "no parameter of the network passed in changed: your function updates the "
                "notebook's global `network` instead of its argument",
                "name the first parameter network (def update(network, grad, learning_rate)) "
                "or use the name you gave it",
            )
        raise ExerciseFailed(
            "no parameter changed. A line like `W = W - learning_rate * grad[key]` makes a new "
            "array and gives it a local name; network.params still holds the old one",
            "write into the dictionary itself: network.params[key] on the left of the assignment",
        )
    right = [key for key in KEYS if problems[key] is None]
    if unchanged and len(right) + len(unchanged) == len(KEYS):
        raise ExerciseFailed(
            f"only {', '.join(right)} moved; {', '.join(unchanged)} did not: every parameter "
            "has a gradient and must be updated",
            "loop over all four keys: for key in ('W1', 'b1', 'W2', 'b2'):",
        )
    wrong = [key for key in KEYS if problems[key] is not None]
    if wrong:
        what, hint = problems[wrong[0]]
        if len(wrong) == len(KEYS) and all(problems[key] == problems[wrong[0]] for key in KEYS):
            raise ExerciseFailed(f"every parameter {what}", hint)
        raise ExerciseFailed(f"params['{wrong[0]}'] {what}", hint)

    if all(params[key] is arrays_before[key] for key in KEYS):
        how = "updated in place with -="
    else:
        how = "replaced by new arrays (fine: the network reads params at every call; -= saves a copy)"
    passed(f"every parameter moved by -learning_rate * grad[key], {how}; grad left unchanged.")
