"""Checks for notebook 07 (interactive training): the moving average of the loss.

The dashboard draws the loss of every mini-batch, which is noisy, and over it a
moving average: at iteration i, the mean of the last ``window`` losses (fewer at
the start, where there are fewer). ``check_moving_average`` compares the
student's function with ``nnlib.plotting.smooth`` and names the usual slips.
"""

import numpy as np

from nnlib.exercises import ExerciseFailed, call_student, exercise, passed
from nnlib.plotting import smooth

LOSSES = [2.3, 2.1, 2.4, 1.7, 1.9, 1.2, 1.5, 0.9, 1.1, 0.6]  # a short, noisy, falling curve


def _call_moving_average(fn, values, window):
    return call_student(fn, values, window, what=f"moving_average(values, {window})",
                        hint="try it on a short list in a cell of its own, "
                        "e.g. moving_average([1, 2, 3, 4], 2)")


def _centered(values, window):
    """The mean of a window centred on each point: what the check must tell apart."""
    values = np.asarray(values, dtype=np.float64)
    half = window // 2
    return np.array([values[max(0, i - half) : i + window - half].mean() for i in range(len(values))])


@exercise(
    "moving_average",
    hints=(
        "At iteration i, average the last `window` values up to and including i (fewer at the start).",
        "values[start : i + 1] with start = max(0, i - window + 1) are those values; .mean() averages them.",
    ),
)
def check_moving_average(moving_average):
    """Check ``moving_average(values, window)`` -> array, one average per value.

    Diagnoses: no return, np.convolve's 'valid' or 'full' lengths, a window of one
    point too many or too few, the window argument ignored, a centred window (it
    uses losses that do not exist yet while training), dividing by ``window`` at
    the start instead of by the number of points, nan or 0 at the start, and
    changing the caller's values in place.
    """
    window = 3
    values = np.array(LOSSES)
    result = _call_moving_average(moving_average, values, window)
    if result is None:
        raise ExerciseFailed("your function returns None", "end it with `return` and the array of averages")
    if not np.array_equal(values, LOSSES):
        raise ExerciseFailed(
            "your function changed the values it was given",
            "compute the averages into a new array (np.empty(len(values)) or a list); "
            "the dashboard still needs the losses themselves",
        )
    result = np.asarray(result, dtype=np.float64).ravel()
    n, expected = len(values), smooth(values, window)
    if len(result) == n - window + 1:
        raise ExerciseFailed(
            f"{n} values gave {len(result)} averages: the first {window - 1} are missing "
            "(np.convolve(..., mode='valid') does that)",
            "return one average per value: at the start, average the values there are so far",
        )
    if len(result) == n + window - 1:
        raise ExerciseFailed(
            f"{n} values gave {len(result)} averages, {window - 1} too many (np.convolve's mode='full')",
            "return one average per value, the one ending at that value",
        )
    if len(result) != n:
        raise ExerciseFailed(f"{n} values gave {len(result)} averages", "return one average per value")
    if np.allclose(result, expected):
        other = np.asarray(_call_moving_average(moving_average, values, 5), dtype=np.float64).ravel()
        if np.allclose(other, expected):
            raise ExerciseFailed(
                "window=5 gives the same averages as window=3: your function ignores its window",
                "use the argument `window`, not a fixed number",
            )
        if len(other) != n or not np.allclose(other, smooth(values, 5)):
            raise ExerciseFailed("right for window=3 but not for window=5",
                                 "make every number in your code follow from `window`")  # fmt: skip
        passed("at each iteration, the mean of the last `window` losses (fewer at the start): "
               "the smooth line of the dashboard")  # fmt: skip
        return
    # Wrong values: find out how.
    for other in (window - 1, window + 1):
        if np.allclose(result, smooth(values, other)):
            raise ExerciseFailed(
                f"your averages are over {other} values, not {window}",
                "the last `window` values up to i are values[i - window + 1 : i + 1] (slice end excluded)",
            )
    if np.allclose(result, _centered(values, window)):
        raise ExerciseFailed(
            "your window is centred on each value: it uses losses that come after it",
            "while training, the future losses do not exist yet: average the values ending at i",
        )
    tail_ok = np.allclose(result[window - 1 :], expected[window - 1 :])
    head = result[: window - 1]
    if tail_ok and np.isnan(head).any():
        raise ExerciseFailed(
            "the first averages are nan", "at the start, average the values there are: values[0 : i + 1]"
        )
    if tail_ok and np.allclose(head, 0):
        raise ExerciseFailed(
            f"the first {window - 1} averages are 0",
            "at the start, average the values there are: values[0 : i + 1]",
        )
    if tail_ok and np.allclose(head, np.cumsum(values)[: window - 1] / window):
        raise ExerciseFailed(
            f"the first {window - 1} averages are divided by {window}, but they have fewer values: "
            "the curve starts too low",
            "divide by the number of values actually averaged (i + 1 at the start)",
        )
    i = int(np.argmax(~np.isclose(result, expected)))
    raise ExerciseFailed(
        f"at index {i} you return {result[i]:.4g}, expected {expected[i]:.4g} "
        f"(the mean of values[{max(0, i - window + 1)}:{i + 1}])",
        "at index i, average values[max(0, i - window + 1) : i + 1]",
    )
