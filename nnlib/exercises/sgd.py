"""Checks for notebook 03 (gradients and SGD): the central difference and gradient descent.

``check_numerical_diff`` hands the student's function a function that records where
it is evaluated, so it can tell a forward difference from a central one and see
the step ``h`` that was used. ``check_gradient_descent`` compares one step and
twenty steps with the rule ``x <- x - lr * grad f(x)`` and with the usual slips; the
book's own version (``x = init_x``, changed in place) passes, and is told so.
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
        "The central difference looks at f a little to the right and a little to the left of x, "
        "h = 1e-4 away on each side.",
        "The slope between two points is their difference in height, f(x + h) - f(x - h), divided "
        "by their distance apart.",
        "The points x - h and x + h are 2 * h apart. In Python a / 2 * h means (a / 2) * h, so put "
        "the brackets around 2 * h.",
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
            "evaluate f on both sides of x, at x - h and x + h, and divide by the distance between them",
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
            "the central difference is f(x + h) - f(x - h) divided by 2h, the distance of the two points",
        )
    # The same on the book's function_1 at x = 5 (its derivative there is 0.2).
    d5 = call_student(numerical_diff, lambda v: 0.01 * v**2 + 0.1 * v, 5.0)
    if not _close(d5, 0.2, rtol=1e-6):
        raise ExerciseFailed(
            f"for the book's function_1 at x = 5 you return {d5!r}; the derivative is 0.2",
            "use only f, x and h in the formula: no number that fits the x**3 example alone",
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


def _path(f, init_x, lr, step_num):
    """The right path: (step_num + 1, 2), the start point then the point after each step."""
    x = np.array(init_x, dtype=np.float64)
    path = [x.copy()]
    for _ in range(step_num):
        x = x - lr * numerical_gradient(f, x)
        path.append(x.copy())
    return np.array(path)


def _near(a, b):
    return np.allclose(a, b, rtol=1e-6, atol=1e-9)


def _run(gradient_descent, f, init_x, lr, step_num):
    """Call the student's function: (x, x_history, whether it changed init_x)."""
    before = np.array(init_x, copy=True)
    out = call_student(gradient_descent, f, init_x, lr, step_num)
    changed_init_x = not np.array_equal(init_x, before)
    if not (isinstance(out, tuple) and len(out) == 2):
        raise ExerciseFailed(
            f"your function returned a {type(out).__name__}, not the pair (x, x_history)",
            "return two things, the last point and the list of points made into an array: "
            "return x, np.array(x_history)",
        )
    x, history = np.asarray(out[0]), np.asarray(out[1])
    if x.shape != np.shape(init_x):
        raise ExerciseFailed(f"x has shape {x.shape}, expected {np.shape(init_x)} like init_x",
                             "x is a point of the same shape as init_x")  # fmt: skip
    return x, history, changed_init_x


@exercise(
    "gradient_descent",
    hints=(
        "Each step computes the gradient at the current x (step 2 of SGD) and moves x a little "
        "against it (step 3); a loop repeats this step_num times.",
        "numerical_gradient(f, x) is the gradient at x, and lr times it is the step. Before each "
        "step, keep a copy of x in the list x_history.",
        "Inside for i in range(step_num): first x_history.append(x.copy()), then grad = "
        "numerical_gradient(f, x) and x -= lr * grad. After the loop, return x and x_history as an array.",
    ),
)
def check_gradient_descent(gradient_descent):
    """Check ``gradient_descent(f, init_x, lr, step_num) -> (x, x_history)``.

    x: the point after ``step_num`` steps ``x <- x - lr * numerical_gradient(f, x)``.
    x_history: the book's (step_num, 2), the point before each step, or (step_num + 1, 2),
    with the last point too. Both are right, and so is the book's ``x = init_x``, which
    changes ``init_x`` in place: the ✓ line says so, and how to keep ``init_x``.
    Diagnoses: ascent (``+=``), a forgotten ``lr``, no update, off-by-one step counts, a
    history of one array appended again and again (``x`` instead of ``x.copy()``), a
    history without the start point, and ignoring ``f``. An integer ``init_x``, which
    the book's version cannot take either, gets a note, not a ✗.
    """
    init = np.array([-3.0, 4.0])
    expected = _path(_function_2, init, 0.1, 1)[-1]
    x, _, _ = _run(gradient_descent, _function_2, init.copy(), 0.1, 1)
    grad = numerical_gradient(_function_2, init.copy())
    slips = [
        (init + 0.1 * grad, "x moved UP the slope (gradient ascent): x += lr * grad",
         "the gradient points uphill, so step against it: subtract lr * grad"),
        (init - grad, "the step ignores the learning rate: x -= grad",
         "the step is the gradient times the learning rate lr"),
        (init, "x did not move: the new point is computed but not kept",
         "update x itself: x -= ... (or x = x - ...)"),
        (-0.1 * grad, "x became -lr * grad: the step replaced x instead of moving it",
         "subtract the step from x: x -= ..."),
    ]  # fmt: skip
    if not _near(x, expected):
        _check_step_count(gradient_descent, x, init)
        for value, what, hint in slips:
            if _near(x, value):
                raise ExerciseFailed(f"one step from (-3, 4) with lr = 0.1 gives {x.tolist()}: {what}", hint)
        raise ExerciseFailed(
            f"one step from (-3, 4) with lr = 0.1 gives {np.round(x, 6).tolist()}, "
            f"expected {np.round(expected, 6).tolist()}",
            "one step subtracts lr times the gradient numerical_gradient(f, x) from x",
        )

    step_num = 20
    path = _path(_function_2, init, 0.1, step_num)
    x, history, changed_init_x = _run(gradient_descent, _function_2, init.copy(), 0.1, step_num)
    if not _near(x, path[-1]):
        for n in (step_num - 1, step_num + 1):
            if _near(x, _path(_function_2, init, 0.1, n)[-1]):
                raise ExerciseFailed(f"step_num = {step_num} made {n} steps",
                                     "loop exactly step_num times: for i in range(step_num)")  # fmt: skip
        raise ExerciseFailed(
            f"{step_num} steps give {np.round(x, 6).tolist()}, expected {np.round(path[-1], 6).tolist()}",
            "repeat the one step step_num times",
        )
    history_holds = _check_history(history, path, step_num)

    expected = _path(_tilted, init, 0.1, step_num)[-1]
    x, _, _ = _run(gradient_descent, _tilted, init.copy(), 0.1, step_num)
    if not _near(x, expected):
        raise ExerciseFailed(
            f"for f(x) = (x0 - 1)**2 + 3 (x1 + 2)**2, {step_num} steps give {np.round(x, 4).tolist()}, "
            f"expected {np.round(expected, 4).tolist()}: the f passed in is not the one descended",
            "compute the gradient of the f passed in: grad = numerical_gradient(f, x)",
        )

    message = f"x -= lr * numerical_gradient(f, x), step_num times; x_history holds {history_holds}."
    if changed_init_x:
        message += (
            " Like the book's version, it changes init_x in place: x = init_x is a second name "
            "for the same array, so after the call init_x holds the last point too. Make a new "
            "init_x before the next run, as the book does, or start from a copy: x = init_x.copy()."
        )
    passed(message)
    note = _integer_start_note(gradient_descent)
    if note:
        print(f"  Note: {note}")


def _integer_start_note(gradient_descent):
    """What goes wrong from the integer start [-3, 4] (None if nothing does)."""
    try:
        x, _, _ = _run(gradient_descent, _function_2, np.array([-3, 4]), 0.1, 1)
    except ExerciseFailed as exc:
        outcome = exc.what.replace("your function ", "").split(":")[0]  # "raised UFuncTypeError"
    else:
        if _near(x, [-2.4, 3.2]):
            return None
        outcome = f"one step gives {x.tolist()}, not [-2.4, 3.2]"
    return (
        f"from an integer start, np.array([-3, 4]), it {outcome}: an integer array cannot hold "
        "-2.4. To accept integers too, start from a float copy: x = np.array(init_x, dtype=float)."
    )


def _check_step_count(gradient_descent, x_after_one, init):
    """One step was asked for: did the loop run 0 or 2 times (range(step_num - 1) or + 1)?"""
    wrong_count = None
    if _near(x_after_one, _path(_function_2, init, 0.1, 2)[-1]):
        wrong_count = (1, 2)
    elif np.array_equal(x_after_one, init):
        x, _, _ = _run(gradient_descent, _function_2, init.copy(), 0.1, 3)
        if _near(x, _path(_function_2, init, 0.1, 2)[-1]):
            wrong_count = (3, 2)
    if wrong_count:
        raise ExerciseFailed(
            f"step_num = {wrong_count[0]} made {wrong_count[1]} steps",
            "loop exactly step_num times: for i in range(step_num)",
        )


def _check_history(history, path, step_num):
    """Which points x_history holds, in words; ExerciseFailed if not the path.

    path: (step_num + 1, 2), the start point and the point after each step.
    """
    if history.ndim != 2 or history.shape[0] not in (step_num, step_num + 1) or history.shape[1] != 2:
        raise ExerciseFailed(
            f"x_history has shape {history.shape}, expected ({step_num}, 2): one point per step",
            "append a copy of x to x_history once in every step; return np.array(x_history)",
        )
    if np.all(history == history[-1]):
        raise ExerciseFailed(
            "every row of x_history is the last point: the list holds the same array again and again",
            "x -= ... changes the array in place, and the list only points at it; append a copy: x.copy()",
        )
    if history.shape[0] == step_num + 1 and _near(history, path):
        return "the start point and the point after each step"
    if history.shape[0] == step_num and _near(history, path[:-1]):
        return "the point before each step, as in the book (the last point is x)"
    if history.shape[0] == step_num and _near(history, path[1:]):
        raise ExerciseFailed(
            "x_history holds the point after each step, so the start point is missing",
            "append the copy of x before the step, not after it",
        )
    raise ExerciseFailed("x_history does not hold the points visited, in order",
                         "append x.copy() once in every step, before the step")  # fmt: skip
