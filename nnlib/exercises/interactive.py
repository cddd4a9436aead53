"""Checks for notebook 07 (interactive training): the moving average of the loss.

The dashboard draws the loss of every mini-batch, which is noisy, and over it a
moving average: at iteration i, the mean of the last ``window`` losses (fewer at
the start, where there are fewer). ``check_moving_average`` compares the
student's function with ``nnlib.plotting.smooth`` and names the usual slips.
"""

import numpy as np

from nnlib.exercises import ExerciseFailed, Hints, call_student, exercise, passed
from nnlib.i18n import catalog
from nnlib.plotting import smooth

LOSSES = [2.3, 2.1, 2.4, 1.7, 1.9, 1.2, 1.5, 0.9, 1.1, 0.6]  # a short, noisy, falling curve

MESSAGES = catalog("exercises.interactive", {
    "call.hint": (
        "try it on a short list in a cell of its own, e.g. moving_average([1, 2, 3, 4], 2)",
        "別のセルで、短いリストを使って試してください。たとえば moving_average([1, 2, 3, 4], 2) です",
    ),
    # the hints of the exercise
    "moving_average.hint1": (
        "At iteration i, average the last `window` values up to and including i (fewer at the start).",
        "イテレーション i では、i まで（i を含む）の最後の `window` 個の値を平均します"
        "（最初のうちは、それより少ない個数です）。",
    ),
    "moving_average.hint2": (
        "values[start : i + 1] with start = max(0, i - window + 1) are those values; .mean() averages them.",
        "start = max(0, i - window + 1) とすると、それらの値は values[start : i + 1] です。"
        ".mean() で平均が求められます。",
    ),
    # check_moving_average
    "none": ("your function returns None", "あなたの関数が None を返しています"),
    "none.hint": (
        "end it with `return` and the array of averages",
        "関数の最後に `return` を書いて、平均の配列を返してください",
    ),
    "changed": (
        "your function changed the values it was given",
        "あなたの関数が、渡された値を書き換えています",
    ),
    "changed.hint": (
        "compute the averages into a new array (np.empty(len(values)) or a list); "
        "the dashboard still needs the losses themselves",
        "平均は新しい配列（np.empty(len(values)) かリスト）に入れてください。ダッシュボードは、"
        "損失関数の値そのものもあとで使います",
    ),
    "valid": (
        "{n} values gave {m} averages: the first {k} are missing "
        "(np.convolve(..., mode='valid') does that)",
        "{n} 個の値から {m} 個の平均ができました。最初の {k} 個がありません"
        "（np.convolve(..., mode='valid') はこうなります）",
    ),
    "valid.hint": (
        "return one average per value: at the start, average the values there are so far",
        "値 1 つにつき、平均を 1 つ返してください。最初のうちは、そこまでにある値だけで平均します",
    ),
    "full": (
        "{n} values gave {m} averages, {k} too many (np.convolve's mode='full')",
        "{n} 個の値から {m} 個の平均ができました。{k} 個多すぎます（np.convolve の mode='full'）",
    ),
    "full.hint": (
        "return one average per value, the one ending at that value",
        "値 1 つにつき、その値で終わる平均を 1 つ返してください",
    ),
    "count": ("{n} values gave {m} averages", "{n} 個の値から {m} 個の平均ができました"),
    "count.hint": ("return one average per value", "値 1 つにつき、平均を 1 つ返してください"),
    "ignores_window": (
        "window=5 gives the same averages as window=3: your function ignores its window",
        "window=5 でも window=3 と同じ平均になります。あなたの関数は引数 window を使っていません",
    ),
    "ignores_window.hint": (
        "use the argument `window`, not a fixed number",
        "固定の数ではなく、引数 `window` を使ってください",
    ),
    "only_3": (
        "right for window=3 but not for window=5",
        "window=3 では正しいのですが、window=5 では正しくありません",
    ),
    "only_3.hint": (
        "make every number in your code follow from `window`",
        "コードの中の数が、すべて `window` から決まるようにしてください",
    ),
    "passed": (
        "at each iteration, the mean of the last `window` losses (fewer at the start): "
        "the smooth line of the dashboard",
        "各イテレーションで、最後の `window` 個の損失関数の値を平均しています（最初のうちは、それより"
        "少ない個数）。ダッシュボードのなめらかな線です",
    ),
    # wrong values: how
    "other_window": (
        "your averages are over {other} values, not {window}",
        "{window} 個ではなく、{other} 個の値で平均しています",
    ),
    "other_window.hint": (
        "the last `window` values up to i are values[i - window + 1 : i + 1] (slice end excluded)",
        "i までの最後の `window` 個の値は values[i - window + 1 : i + 1] です（スライスの終わりの位置は"
        "含まれません）",
    ),
    "centred": (
        "your window is centred on each value: it uses losses that come after it",
        "平均をとる範囲（window）が、各値を中心にしています。そのため、あとに来る損失関数の値まで使っています",
    ),
    "centred.hint": (
        "while training, the future losses do not exist yet: average the values ending at i",
        "学習の途中では、この先の損失関数の値はまだありません。i で終わる値を平均してください",
    ),
    "nan": ("the first averages are nan", "最初のほうの平均が nan になっています"),
    "start.hint": (
        "at the start, average the values there are: values[0 : i + 1]",
        "最初のうちは、ある値だけで平均してください: values[0 : i + 1]",
    ),
    "zero": ("the first {k} averages are 0", "最初の {k} 個の平均が 0 になっています"),
    "divided": (
        "the first {k} averages are divided by {window}, but they have fewer values: "
        "the curve starts too low",
        "最初の {k} 個の平均を {window} で割っていますが、そこには {window} 個より少ない値しかありません。"
        "そのため、曲線が低すぎるところから始まります",
    ),
    "divided.hint": (
        "divide by the number of values actually averaged (i + 1 at the start)",
        "実際に平均した値の個数で割ってください（最初のうちは i + 1 です）",
    ),
    "at_index": (
        "at index {i} you return {got:.4g}, expected {expected:.4g} "
        "(the mean of values[{start}:{end}])",
        "インデックス {i} で {got:.4g} を返していますが、正しくは {expected:.4g} です"
        "（values[{start}:{end}] の平均）",
    ),
    "at_index.hint": (
        "at index i, average values[max(0, i - window + 1) : i + 1]",
        "インデックス i では、values[max(0, i - window + 1) : i + 1] を平均してください",
    ),
})  # fmt: skip


def _call_moving_average(fn, values, window):
    return call_student(
        fn, values, window, what=f"moving_average(values, {window})", hint=MESSAGES["call.hint"]
    )


def _centered(values, window):
    """The mean of a window centred on each point: what the check must tell apart."""
    values = np.asarray(values, dtype=np.float64)
    half = window // 2
    return np.array([values[max(0, i - half) : i + window - half].mean() for i in range(len(values))])


@exercise("moving_average", hints=Hints(MESSAGES, "moving_average.hint1", "moving_average.hint2"))
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
        raise ExerciseFailed(MESSAGES["none"], MESSAGES["none.hint"])
    if not np.array_equal(values, LOSSES):
        raise ExerciseFailed(MESSAGES["changed"], MESSAGES["changed.hint"])
    result = np.asarray(result, dtype=np.float64).ravel()
    n, expected = len(values), smooth(values, window)
    if len(result) == n - window + 1:
        raise ExerciseFailed(
            MESSAGES["valid"].format(n=n, m=len(result), k=window - 1), MESSAGES["valid.hint"]
        )
    if len(result) == n + window - 1:
        raise ExerciseFailed(MESSAGES["full"].format(n=n, m=len(result), k=window - 1), MESSAGES["full.hint"])
    if len(result) != n:
        raise ExerciseFailed(MESSAGES["count"].format(n=n, m=len(result)), MESSAGES["count.hint"])
    if np.allclose(result, expected):
        other = np.asarray(_call_moving_average(moving_average, values, 5), dtype=np.float64).ravel()
        if np.allclose(other, expected):
            raise ExerciseFailed(MESSAGES["ignores_window"], MESSAGES["ignores_window.hint"])
        if len(other) != n or not np.allclose(other, smooth(values, 5)):
            raise ExerciseFailed(MESSAGES["only_3"], MESSAGES["only_3.hint"])
        passed(MESSAGES["passed"])
        return
    # Wrong values: find out how.
    for other in (window - 1, window + 1):
        if np.allclose(result, smooth(values, other)):
            raise ExerciseFailed(
                MESSAGES["other_window"].format(other=other, window=window), MESSAGES["other_window.hint"]
            )
    if np.allclose(result, _centered(values, window)):
        raise ExerciseFailed(MESSAGES["centred"], MESSAGES["centred.hint"])
    tail_ok = np.allclose(result[window - 1 :], expected[window - 1 :])
    head = result[: window - 1]
    if tail_ok and np.isnan(head).any():
        raise ExerciseFailed(MESSAGES["nan"], MESSAGES["start.hint"])
    if tail_ok and np.allclose(head, 0):
        raise ExerciseFailed(MESSAGES["zero"].format(k=window - 1), MESSAGES["start.hint"])
    if tail_ok and np.allclose(head, np.cumsum(values)[: window - 1] / window):
        raise ExerciseFailed(
            MESSAGES["divided"].format(k=window - 1, window=window), MESSAGES["divided.hint"]
        )
    i = int(np.argmax(~np.isclose(result, expected)))
    raise ExerciseFailed(
        MESSAGES["at_index"].format(
            i=i, got=result[i], expected=expected[i], start=max(0, i - window + 1), end=i + 1
        ),
        MESSAGES["at_index.hint"],
    )
