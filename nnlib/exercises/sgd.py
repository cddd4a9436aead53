"""Checks for notebook 03 (gradients and SGD): the central difference and gradient descent.

``check_numerical_diff`` hands the student's function a function that records where
it is evaluated, so it can tell a forward difference from a central one and see
the step ``h`` that was used. ``check_gradient_descent`` compares one step and a
hundred steps with the rule ``x <- x - lr * grad f(x)`` and with the usual slips.
"""

import numpy as np

from nnlib.exercises import ExerciseFailed, call_student, exercise, passed
from nnlib.gradient import numerical_gradient

# --- numerical_diff -----------------------------------------------------------------


class _Recorder:
    """A function of one variable that remembers every x it was called with."""

    def __init__(self, f):
        self.f = f
        self.calls = []

    def __call__(self, x):
        self.calls.append(float(x))
        return self.f(x)


@exercise(
    "numerical_diff",
    hints=(
        "The central difference looks at f a little to the right and a little to the left of x.",
        "With h = 1e-4: the change f(x + h) - f(x - h), divided by the distance between the two points.",
        "The distance between x - h and x + h is 2 * h; mind the parentheses around it.",
    ),
)
def check_numerical_diff(numerical_diff):
    """Check ``numerical_diff(f, x)``: the central difference (f(x+h) - f(x-h)) / (2h).

    Diagnoses: a forward or backward difference, an ``h`` so small that
    ``x + h == x`` (the book's 1e-50) or uselessly large, ``/ 2*h`` instead of
    ``/ (2*h)``, a missing 2, the two terms swapped, and not calling ``f``.
    """
    x = 3.0
    cube = _Recorder(lambda v: v * v * v)  # f'(3) = 27
    d = call_student(numerical_diff, cube, x)
    points = sorted(set(cube.calls))
    if not points:
        raise ExerciseFailed("your function never called f", "evaluate f near x: f(x + h) and f(x - h)")
    if points == [x]:
        raise ExerciseFailed(
            "f was only evaluated at x itself: x + h == x in float64, so h is too small "
            "(1e-50 is below the resolution of numbers near 3, about 4e-16)",
            "use h = 1e-4, as the book does",
        )
    offsets = [p - x for p in points]
    if len(points) == 2 and x in points:
        h = abs(offsets[0] if offsets[0] != 0 else offsets[1])
        kind = "forward difference (f(x+h) - f(x)) / h" if max(offsets) > 0 else \
            "backward difference (f(x) - f(x-h)) / h"  # fmt: skip
        raise ExerciseFailed(
            f"this is a {kind}: its error is of the order of h (here {h:.0e}), "
            "while the central difference's is of the order of h**2",
            "evaluate f on both sides of x: (f(x + h) - f(x - h)) / (2 * h)",
        )
    if len(points) != 2 or not np.isclose(offsets[0], -offsets[1], rtol=1e-6, atol=0):
        raise ExerciseFailed(
            f"f was evaluated at x + {[float(f'{o:.3g}') for o in offsets]}, not at x - h and x + h",
            "the central difference uses exactly two points: f(x + h) and f(x - h)",
        )
    h = offsets[1]
    if h < 1e-8:
        raise ExerciseFailed(
            f"h = {h:.0e} is so small that rounding errors (about 1e-16 / h) swamp the result",
            "use h = 1e-4: small enough for the h**2 error, large enough for rounding",
        )
    if h > 1e-2:
        raise ExerciseFailed(
            f"h = {h:.0e} is too large: the central difference's error grows like h**2",
            "use h = 1e-4, as the book does",
        )
    central = (cube.f(x + h) - cube.f(x - h)) / (2 * h)
    slips = [  # (what that slip returns, what went wrong, hint)
        (central * h * h, "wrote / 2*h: Python divides by 2, then MULTIPLIES by h", "bracket it: / (2 * h)"),
        (2 * central, "divided by h instead of 2h: the two points are 2h apart", "divide by (2 * h)"),
        (-central, "wrong sign: f(x - h) - f(x + h)", "right minus left: f(x+h) - f(x-h)"),
        (central / 2, "divided by 4h (or twice by 2): the two points are 2h apart", "divide by (2 * h) once"),
    ]
    if not _close(d, central):
        for value, what, hint in slips:
            if _close(d, value):
                raise ExerciseFailed(what, hint)
        raise ExerciseFailed(
            f"for f(x) = x**3 at x = 3 you return {d!r}; the derivative is 27",
            "return (f(x + h) - f(x - h)) / (2 * h)",
        )
    # The same on the book's function_1 at x = 5 (its derivative there is 0.2).
    d5 = call_student(numerical_diff, lambda v: 0.01 * v**2 + 0.1 * v, 5.0)
    if not _close(d5, 0.2, rtol=1e-6):
        raise ExerciseFailed(
            f"for the book's function_1 at x = 5 you return {d5!r}; the derivative is 0.2",
            "return (f(x + h) - f(x - h)) / (2 * h), with no number that depends on the x**3 test",
        )
    passed(
        f"central difference with h = {h:.0e}: {float(d):.8f} for x**3 at 3 (exact: 27), "
        "0.2 for function_1 at 5."
    )


def _close(a, b, rtol=1e-6):
    try:
        return bool(np.isclose(float(a), b, rtol=rtol, atol=0))
    except (TypeError, ValueError):
        return False


# --- gradient descent ---------------------------------------------------------------


def _function_2(x):
    return x[0] ** 2 + x[1] ** 2


def _tilted(x):  # another bowl, with its minimum at (1, -2)
    return (x[0] - 1) ** 2 + 3 * (x[1] + 2) ** 2


def _reference(f, init_x, lr, step_num):
    x = np.array(init_x, dtype=np.float64)
    history = [x.copy()]
    for _ in range(step_num):
        x = x - lr * numerical_gradient(f, x)
        history.append(x.copy())
    return x, np.array(history)


def _run(gradient_descent, f, init_x, lr, step_num):
    """Call the student's function and unpack (x, x_history), checking init_x is kept."""
    before = np.array(init_x, copy=True)
    out = call_student(gradient_descent, f, init_x, lr, step_num)
    if not np.array_equal(init_x, before):
        raise ExerciseFailed(
            "your function changed init_x: after the call it holds the last point, not the start",
            "x = init_x makes x a second name for the same array, and x -= ... then changes both; "
            "start from a copy: x = np.array(init_x, dtype=float)",
        )
    if not (isinstance(out, tuple) and len(out) == 2):
        raise ExerciseFailed(
            f"your function returned a {type(out).__name__}, not the pair (x, x_history)",
            "end with: return x, np.array(x_history)",
        )
    x, history = np.asarray(out[0]), np.asarray(out[1])
    if x.shape != np.shape(init_x):
        raise ExerciseFailed(f"x has shape {x.shape}, expected {np.shape(init_x)} like init_x",
                             "x is a point of the same shape as init_x")  # fmt: skip
    return x, history


@exercise(
    "gradient_descent",
    hints=(
        "Each step computes the gradient at the current x (step 2) and moves x a little against it (step 3).",
        "numerical_gradient(f, x) gives the gradient; lr times it is the step. Work on a float copy "
        "of init_x, and remember every point in x_history.",
        "Repeat step_num times: grad = numerical_gradient(f, x); x -= lr * grad; x_history.append(x.copy()).",
    ),
)
def check_gradient_descent(gradient_descent):
    """Check ``gradient_descent(f, init_x, lr, step_num) -> (x, x_history)``.

    x: the point after ``step_num`` steps ``x <- x - lr * numerical_gradient(f, x)``.
    x_history: (step_num + 1, len(init_x)), the start point and the point after each step.
    Diagnoses: ascent (``+=``), a forgotten ``lr``, no update, ``init_x`` changed in
    place, integer ``init_x``, a history of one array appended again and again
    (``x`` instead of ``x.copy()``), off-by-one step counts, and ignoring ``f``.
    """
    init = np.array([-3.0, 4.0])
    expected, _ = _reference(_function_2, init, 0.1, 1)
    x, _ = _run(gradient_descent, _function_2, init.copy(), 0.1, 1)
    grad = numerical_gradient(_function_2, init.copy())
    slips = [
        (init + 0.1 * grad, "x moved UP the slope (gradient ascent): x += lr * grad",
         "the gradient points uphill; step against it: x -= lr * grad"),
        (init - grad, "the step ignores the learning rate: x -= grad", "scale the step: x -= lr * grad"),
        (init, "x did not move: the new point is computed but not kept",
         "update x itself: x -= lr * grad (or x = x - lr * grad)"),
        (-0.1 * grad, "x became -lr * grad: the step replaced x instead of moving it", "x -= lr * grad"),
    ]  # fmt: skip
    if not np.allclose(x, expected, rtol=1e-6, atol=1e-9):
        _check_step_count(gradient_descent, x, init)
        for value, what, hint in slips:
            if np.allclose(x, value, rtol=1e-6, atol=1e-9):
                raise ExerciseFailed(f"one step from (-3, 4) with lr = 0.1 gives {x.tolist()}: {what}", hint)
        raise ExerciseFailed(
            f"one step from (-3, 4) with lr = 0.1 gives {np.round(x, 6).tolist()}, "
            f"expected {np.round(expected, 6).tolist()}",
            "one step is x -= lr * numerical_gradient(f, x)",
        )

    step_num = 20
    expected, expected_history = _reference(_function_2, init, 0.1, step_num)
    x, history = _run(gradient_descent, _function_2, init.copy(), 0.1, step_num)
    if not np.allclose(x, expected, rtol=1e-6, atol=1e-9):
        for n in (step_num - 1, step_num + 1):
            if np.allclose(x, _reference(_function_2, init, 0.1, n)[0], rtol=1e-6, atol=1e-9):
                raise ExerciseFailed(f"step_num = {step_num} made {n} steps",
                                     "loop exactly step_num times: for i in range(step_num)")  # fmt: skip
        raise ExerciseFailed(
            f"{step_num} steps give {np.round(x, 6).tolist()}, expected {np.round(expected, 6).tolist()}",
            "repeat the one step step_num times",
        )
    _check_history(history, expected_history, step_num)

    int_start = np.array([-3, 4])
    float_hint = "an integer array cannot hold -2.4; start from a float copy: x = np.array(init_x, float)"
    try:
        x, _ = _run(gradient_descent, _function_2, int_start, 0.1, 1)
    except ExerciseFailed as exc:
        if "cast" not in exc.what:
            raise
        raise ExerciseFailed(f"starting from the integers [-3, 4] {exc.what}", float_hint) from None
    if not np.allclose(x, [-2.4, 3.2], rtol=1e-6):
        raise ExerciseFailed(f"starting from the integers [-3, 4], one step gives {x.tolist()}", float_hint)

    expected, _ = _reference(_tilted, init, 0.1, step_num)
    x, _ = _run(gradient_descent, _tilted, init.copy(), 0.1, step_num)
    if not np.allclose(x, expected, rtol=1e-6, atol=1e-9):
        raise ExerciseFailed(
            f"for f(x) = (x0 - 1)**2 + 3 (x1 + 2)**2, {step_num} steps give {np.round(x, 4).tolist()}, "
            f"expected {np.round(expected, 4).tolist()}: the f passed in is not the one descended",
            "compute the gradient of the f passed in: grad = numerical_gradient(f, x)",
        )
    passed("x -= lr * numerical_gradient(f, x), step_num times, from a copy of init_x; "
           "x_history holds every point.")  # fmt: skip


def _check_step_count(gradient_descent, x_after_one, init):
    """One step was asked for: did the loop run 0 or 2 times (range(step_num - 1) or + 1)?"""
    wrong_count = None
    if np.allclose(x_after_one, _reference(_function_2, init, 0.1, 2)[0], rtol=1e-6, atol=1e-9):
        wrong_count = (1, 2)
    elif np.array_equal(x_after_one, init):
        x, _ = _run(gradient_descent, _function_2, init.copy(), 0.1, 3)
        if np.allclose(x, _reference(_function_2, init, 0.1, 2)[0], rtol=1e-6, atol=1e-9):
            wrong_count = (3, 2)
    if wrong_count:
        raise ExerciseFailed(
            f"step_num = {wrong_count[0]} made {wrong_count[1]} steps",
            "loop exactly step_num times: for i in range(step_num)",
        )


def _check_history(history, expected_history, step_num):
    n = step_num + 1
    if history.ndim != 2 or history.shape[0] not in (step_num, n) or history.shape[1] != 2:
        raise ExerciseFailed(
            f"x_history has shape {history.shape}, expected ({n}, 2)",
            "append a copy of x before the loop and after every step; return np.array(x_history)",
        )
    if np.all(history == history[-1]):
        raise ExerciseFailed(
            "every row of x_history is the last point: the list holds the same array again and again",
            "x -= ... changes the array in place; append a copy: x_history.append(x.copy())",
        )
    if history.shape[0] == step_num:
        which = "the last point" if np.allclose(history, expected_history[:-1]) else "the start point"
        raise ExerciseFailed(
            f"x_history has {step_num} rows: {which} is missing",
            f"{n} rows: the start point, then the point after each of the {step_num} steps",
        )
    if not np.allclose(history, expected_history, rtol=1e-6, atol=1e-9):
        raise ExerciseFailed("x_history does not hold the points visited, in order",
                             "append x.copy() once before the loop and once after each step")  # fmt: skip
