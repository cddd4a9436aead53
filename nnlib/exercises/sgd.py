"""Checks for notebook 03 (gradients and SGD): the central difference and gradient descent.

``check_numerical_diff`` hands the student's function a function that records where
it is evaluated, so it can tell a forward difference from a central one and see
the step ``h`` that was used. ``check_gradient_descent`` compares one step and
twenty steps with the rule ``x <- x - lr * grad f(x)`` and with the usual slips; the
book's own version (``x = init_x``, changed in place) passes, and is told so.
"""

import numpy as np

from nnlib.exercises import ExerciseFailed, Hints, call_student, exercise, passed
from nnlib.gradient import numerical_gradient
from nnlib.i18n import catalog

MESSAGES = catalog("exercises.sgd", {
    # --- numerical_diff
    "numerical_diff.hint1": (
        "The central difference looks at f a little to the right and a little to the left of x, "
        "h = 1e-4 away on each side.",
        "中心差分では、x の少し右と少し左で f の値を見ます。左右それぞれ h = 1e-4 だけ離れた点です。"),
    "numerical_diff.hint2": (
        "The slope between two points is their difference in height, f(x + h) - f(x - h), divided "
        "by their distance apart.",
        "2 点を結ぶ直線の傾きは、高さの差 f(x + h) - f(x - h) を 2 点の間の距離で割ったものです。"),
    "numerical_diff.hint3": (
        "The points x - h and x + h are 2 * h apart. In Python a / 2 * h means (a / 2) * h, so put "
        "the brackets around 2 * h.",
        "x - h と x + h の距離は 2 * h です。Python では a / 2 * h は (a / 2) * h の意味になるので、"
        "2 * h をかっこで囲みましょう。"),
    "never_called": ("your function never called f", "あなたの関数は f を一度も呼び出していません"),
    "never_called.hint": ("evaluate f near x: f(x + h) and f(x - h)",
                          "x の近くで f を計算しましょう: f(x + h) と f(x - h)"),
    "only_at_x": (
        "f was only evaluated at x itself: x + h == x in float64, so h is too small "
        "(1e-50 is below the resolution of numbers near 3, about 4e-16)",
        "f が x そのものでしか計算されていません。float64 では x + h == x となるので、h が小さすぎます"
        "（1e-50 は、3 の近くの数を区別できる細かさ、約 4e-16 よりも小さいのです）"),
    "book_h.hint": ("use h = 1e-4, as the book does", "本と同じく h = 1e-4 を使いましょう"),
    "forward": ("forward difference (f(x+h) - f(x)) / h", "前方差分 (f(x+h) - f(x)) / h"),
    "backward": ("backward difference (f(x) - f(x-h)) / h", "後退差分 (f(x) - f(x-h)) / h"),
    "one_sided": (
        "this is a {kind}: its error is of the order of h (here {h:.0e}), "
        "while the central difference's is of the order of h**2",
        "これは{kind} です。その誤差は h（ここでは {h:.0e}）程度ですが、中心差分の誤差は h**2 程度です"),
    "one_sided.hint": (
        "evaluate f on both sides of x, at x - h and x + h, and divide by the distance between them",
        "x の両側、x - h と x + h で f を計算し、その 2 点の間の距離で割りましょう"),
    "not_two_points": (
        "f was evaluated at x + {offsets}, not at x - h and x + h",
        "f が x - h と x + h ではなく、x + {offsets} で計算されています"),
    "not_two_points.hint": (
        "the central difference uses exactly two points: f(x + h) and f(x - h)",
        "中心差分で使うのは、ちょうど 2 点 f(x + h) と f(x - h) です"),
    "h_too_small": (
        "h = {h:.0e} is so small that rounding errors (about 1e-16 / h) swamp the result",
        "h = {h:.0e} が小さすぎて、丸め誤差（約 1e-16 / h）が結果をかき消してしまいます"),
    "h_too_small.hint": (
        "use h = 1e-4: small enough for the h**2 error, large enough for rounding",
        "h = 1e-4 を使いましょう。h**2 の誤差は十分小さく、丸め誤差が問題にならない程度には大きい値です"),
    "h_too_large": (
        "h = {h:.0e} is too large: the central difference's error grows like h**2",
        "h = {h:.0e} は大きすぎます。中心差分の誤差は h**2 に比例して大きくなります"),
    "slip.times_h": ("wrote / 2*h: Python divides by 2, then MULTIPLIES by h",
                     "/ 2*h と書いています。Python は 2 で割ったあと、h を「掛けて」しまいます"),
    "slip.times_h.hint": ("bracket it: / (2 * h)", "かっこで囲みましょう: / (2 * h)"),
    "slip.by_h": ("divided by h instead of 2h: the two points are 2h apart",
                  "2h ではなく h で割っています。2 点の間の距離は 2h です"),
    "slip.by_h.hint": ("divide by (2 * h)", "(2 * h) で割りましょう"),
    "slip.sign": ("wrong sign: f(x - h) - f(x + h)", "符号が逆です: f(x - h) - f(x + h)"),
    "slip.sign.hint": ("right minus left: f(x+h) - f(x-h)", "右から左を引きます: f(x+h) - f(x-h)"),
    "slip.by_4h": ("divided by 4h (or twice by 2): the two points are 2h apart",
                   "4h で（または 2 で 2 回）割っています。2 点の間の距離は 2h です"),
    "slip.by_4h.hint": ("divide by (2 * h) once", "(2 * h) で 1 回だけ割りましょう"),
    "wrong_x3": (
        "for f(x) = x**3 at x = 3 you return {d}; the derivative is 27",
        "f(x) = x**3 の x = 3 での値として {d} が返っています。微分の値は 27 です"),
    "wrong_x3.hint": (
        "the central difference is f(x + h) - f(x - h) divided by 2h, the distance of the two points",
        "中心差分は、f(x + h) - f(x - h) を 2 点の間の距離 2h で割ったものです"),
    "wrong_function_1": (
        "for the book's function_1 at x = 5 you return {d}; the derivative is 0.2",
        "本の function_1 の x = 5 での値として {d} が返っています。微分の値は 0.2 です"),
    "wrong_function_1.hint": (
        "use only f, x and h in the formula: no number that fits the x**3 example alone",
        "式には f、x、h だけを使いましょう。x**3 の例にしか合わない数を入れてはいけません"),
    "numerical_diff.passed": (
        "central difference with h = {h:.0e}: {d:.8f} for x**3 at 3 (exact: 27), "
        "0.2 for function_1 at 5.",
        "h = {h:.0e} の中心差分です。x**3 の 3 での値は {d:.8f}（正確な値は 27）、"
        "function_1 の 5 での値は 0.2 です。"),
    # --- gradient_descent
    "not_a_pair": (
        "your function returned a {type}, not the pair (x, x_history)",
        "あなたの関数の戻り値が、組 (x, x_history) ではなく {type} です"),
    "not_a_pair.hint": (
        "return two things, the last point and the list of points made into an array: "
        "return x, np.array(x_history)",
        "最後の点と、点のリストを配列にしたものの 2 つを返しましょう: return x, np.array(x_history)"),
    "x_shape": ("x has shape {shape}, expected {expected} like init_x",
                "x の形が {shape} です。init_x と同じ {expected} になるはずです"),
    "x_shape.hint": ("x is a point of the same shape as init_x", "x は init_x と同じ形の点です"),
    "gradient_descent.hint1": (
        "Each step computes the gradient at the current x (step 2 of SGD) and moves x a little "
        "against it (step 3); a loop repeats this step_num times.",
        "各ステップでは、今の x での勾配を求め（SGD のステップ 2）、勾配と逆の向きに x を少し動かします"
        "（ステップ 3）。ループでこれを step_num 回くり返します。"),
    "gradient_descent.hint2": (
        "numerical_gradient(f, x) is the gradient at x, and lr times it is the step. Before each "
        "step, keep a copy of x in the list x_history.",
        "numerical_gradient(f, x) が x での勾配で、その lr 倍が 1 回に動く量です。"
        "各ステップの前に、x のコピーをリスト x_history に入れておきましょう。"),
    "gradient_descent.hint3": (
        "Inside for i in range(step_num): first x_history.append(x.copy()), then grad = "
        "numerical_gradient(f, x) and x -= lr * grad. After the loop, return x and x_history as an array.",
        "for i in range(step_num): の中で、まず x_history.append(x.copy())、次に grad = "
        "numerical_gradient(f, x) と x -= lr * grad を書きます。ループのあと、x と、配列にした "
        "x_history を返しましょう。"),
    "slip.ascent": ("x moved UP the slope (gradient ascent): x += lr * grad",
                    "x が坂を「上る」向きに動いています（勾配上昇）: x += lr * grad"),
    "slip.ascent.hint": ("the gradient points uphill, so step against it: subtract lr * grad",
                         "勾配は上り坂の向きを指すので、その逆に進みます: lr * grad を引きましょう"),
    "slip.no_lr": ("the step ignores the learning rate: x -= grad",
                   "動かす量に学習率が使われていません: x -= grad"),
    "slip.no_lr.hint": ("the step is the gradient times the learning rate lr",
                        "動かす量は、勾配に学習率 lr を掛けたものです"),
    "slip.not_moved": ("x did not move: the new point is computed but not kept",
                       "x が動いていません。新しい点を計算しても、それを x に残していません"),
    "slip.not_moved.hint": ("update x itself: x -= ... (or x = x - ...)",
                            "x そのものを更新しましょう: x -= ...（または x = x - ...）"),
    "slip.replaced": ("x became -lr * grad: the step replaced x instead of moving it",
                      "x が -lr * grad になっています。x を動かさずに、動かす量で x を置き換えています"),
    "slip.replaced.hint": ("subtract the step from x: x -= ...", "x から動かす量を引きましょう: x -= ..."),
    "one_step_slip": ("one step from (-3, 4) with lr = 0.1 gives {x}: {what}",
                      "(-3, 4) から lr = 0.1 で 1 ステップ進むと {x} になります。{what}"),
    "one_step": (
        "one step from (-3, 4) with lr = 0.1 gives {x}, expected {expected}",
        "(-3, 4) から lr = 0.1 で 1 ステップ進むと {x} になります。{expected} になるはずです"),
    "one_step.hint": (
        "one step subtracts lr times the gradient numerical_gradient(f, x) from x",
        "1 ステップでは、勾配 numerical_gradient(f, x) の lr 倍を x から引きます"),
    "step_count": ("step_num = {asked} made {made} steps",
                   "step_num = {asked} なのに {made} ステップ進んでいます"),
    "step_count.hint": ("loop exactly step_num times: for i in range(step_num)",
                        "ちょうど step_num 回ループしましょう: for i in range(step_num)"),
    "steps": ("{step_num} steps give {x}, expected {expected}",
              "{step_num} ステップ進むと {x} になります。{expected} になるはずです"),
    "steps.hint": ("repeat the one step step_num times", "1 ステップの更新を step_num 回くり返しましょう"),
    "other_f": (
        "for f(x) = (x0 - 1)**2 + 3 (x1 + 2)**2, {step_num} steps give {x}, "
        "expected {expected}: the f passed in is not the one descended",
        "f(x) = (x0 - 1)**2 + 3 (x1 + 2)**2 で {step_num} ステップ進むと {x} になります。"
        "{expected} になるはずです。渡された f の勾配を使って下っていません"),
    "other_f.hint": ("compute the gradient of the f passed in: grad = numerical_gradient(f, x)",
                     "渡された f の勾配を計算しましょう: grad = numerical_gradient(f, x)"),
    "gradient_descent.passed": (
        "x -= lr * numerical_gradient(f, x), step_num times; x_history holds {history_holds}.",
        "x -= lr * numerical_gradient(f, x) を step_num 回くり返しています。"
        "x_history には{history_holds}が入っています。"),
    "changed_init_x": (
        " Like the book's version, it changes init_x in place: x = init_x is a second name "
        "for the same array, so after the call init_x holds the last point too. Make a new "
        "init_x before the next run, as the book does, or start from a copy: x = init_x.copy().",
        "本のコードと同じく、init_x そのものを書き換えます。x = init_x は同じ配列に別の名前を"
        "付けるだけなので、呼び出しのあと init_x にも最後の点が入っています。次に実行する前に、"
        "本のように init_x を作り直すか、コピーから始めましょう: x = init_x.copy()。"),
    "note": ("  Note: {note}", "  補足: {note}"),
    "integer_raised": ("raised {error}", "{error} が発生します"),
    "integer_one_step": ("one step gives {x}, not [-2.4, 3.2]",
                         "1 ステップ進むと [-2.4, 3.2] ではなく {x} になります"),
    "integer_start": (
        "from an integer start, np.array([-3, 4]), it {outcome}: an integer array cannot hold "
        "-2.4. To accept integers too, start from a float copy: x = np.array(init_x, dtype=float).",
        "整数の初期値 np.array([-3, 4]) から始めると、{outcome}。整数の配列には -2.4 を入れられない"
        "からです。整数も受け付けるには、float のコピーから始めましょう: x = np.array(init_x, dtype=float)。"
        ""),
    "history_shape": (
        "x_history has shape {shape}, expected ({step_num}, 2): one point per step",
        "x_history の形が {shape} です。1 ステップにつき 1 点で、({step_num}, 2) になるはずです"),
    "history_shape.hint": (
        "append a copy of x to x_history once in every step; return np.array(x_history)",
        "各ステップで 1 回、x のコピーを x_history に追加し、np.array(x_history) を返しましょう"),
    "same_array": (
        "every row of x_history is the last point: the list holds the same array again and again",
        "x_history のどの行も最後の点になっています。リストに同じ配列が何度も入っています"),
    "same_array.hint": (
        "x -= ... changes the array in place, and the list only points at it; append a copy: x.copy()",
        "x -= ... は配列そのものを書き換えます。リストはその配列を指しているだけです。"
        "コピーを追加しましょう: x.copy()"),
    "holds_start_and_after": ("the start point and the point after each step",
                              "出発点と、各ステップのあとの点"),
    "holds_before": ("the point before each step, as in the book (the last point is x)",
                     "各ステップの前の点（本と同じです。最後の点は x です）"),
    "start_missing": (
        "x_history holds the point after each step, so the start point is missing",
        "x_history に入っているのは各ステップのあとの点なので、出発点が抜けています"),
    "start_missing.hint": ("append the copy of x before the step, not after it",
                           "x のコピーは、ステップのあとではなく前に追加しましょう"),
    "not_the_path": ("x_history does not hold the points visited, in order",
                     "x_history に、通った点が順番どおりに入っていません"),
    "not_the_path.hint": ("append x.copy() once in every step, before the step",
                          "各ステップで 1 回、ステップの前に x.copy() を追加しましょう"),
})  # fmt: skip

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
    hints=Hints(MESSAGES, "numerical_diff.hint1", "numerical_diff.hint2", "numerical_diff.hint3"),
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
        raise ExerciseFailed(MESSAGES["never_called"], MESSAGES["never_called.hint"])
    if points == [x]:
        raise ExerciseFailed(MESSAGES["only_at_x"], MESSAGES["book_h.hint"])
    offsets = [p - x for p in points]
    if len(points) == 2 and x in points:
        h = abs(offsets[0] if offsets[0] != 0 else offsets[1])
        kind = MESSAGES["forward"] if max(offsets) > 0 else MESSAGES["backward"]
        raise ExerciseFailed(MESSAGES["one_sided"].format(kind=kind, h=h), MESSAGES["one_sided.hint"])
    if len(points) != 2 or not np.isclose(offsets[0], -offsets[1], rtol=1e-6, atol=0):
        raise ExerciseFailed(
            MESSAGES["not_two_points"].format(offsets=[float(f"{o:.3g}") for o in offsets]),
            MESSAGES["not_two_points.hint"],
        )
    h = offsets[1]
    if h < 1e-8:
        raise ExerciseFailed(MESSAGES["h_too_small"].format(h=h), MESSAGES["h_too_small.hint"])
    if h > 1e-2:
        raise ExerciseFailed(MESSAGES["h_too_large"].format(h=h), MESSAGES["book_h.hint"])
    central = (cube.f(x + h) - cube.f(x - h)) / (2 * h)
    slips = [  # (what that slip returns, the catalog's slip.<key> says what went wrong)
        (central * h * h, "times_h"),
        (2 * central, "by_h"),
        (-central, "sign"),
        (central / 2, "by_4h"),
    ]
    if not _close(d, central):
        for value, slip in slips:
            if _close(d, value):
                raise ExerciseFailed(MESSAGES[f"slip.{slip}"], MESSAGES[f"slip.{slip}.hint"])
        raise ExerciseFailed(MESSAGES["wrong_x3"].format(d=repr(d)), MESSAGES["wrong_x3.hint"])
    # The same on the book's function_1 at x = 5 (its derivative there is 0.2).
    d5 = call_student(numerical_diff, lambda v: 0.01 * v**2 + 0.1 * v, 5.0)
    if not _close(d5, 0.2, rtol=1e-6):
        raise ExerciseFailed(
            MESSAGES["wrong_function_1"].format(d=repr(d5)), MESSAGES["wrong_function_1.hint"]
        )
    passed(MESSAGES["numerical_diff.passed"].format(h=h, d=float(d)))


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
            MESSAGES["not_a_pair"].format(type=type(out).__name__), MESSAGES["not_a_pair.hint"]
        )
    x, history = np.asarray(out[0]), np.asarray(out[1])
    if x.shape != np.shape(init_x):
        raise ExerciseFailed(
            MESSAGES["x_shape"].format(shape=x.shape, expected=np.shape(init_x)), MESSAGES["x_shape.hint"]
        )
    return x, history, changed_init_x


@exercise(
    "gradient_descent",
    hints=Hints(MESSAGES, "gradient_descent.hint1", "gradient_descent.hint2", "gradient_descent.hint3"),
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
        (init + 0.1 * grad, "ascent"),
        (init - grad, "no_lr"),
        (init, "not_moved"),
        (-0.1 * grad, "replaced"),
    ]
    if not _near(x, expected):
        _check_step_count(gradient_descent, x, init)
        for value, slip in slips:
            if _near(x, value):
                what = MESSAGES["one_step_slip"].format(x=x.tolist(), what=MESSAGES[f"slip.{slip}"])
                raise ExerciseFailed(what, MESSAGES[f"slip.{slip}.hint"])
        raise ExerciseFailed(
            MESSAGES["one_step"].format(x=np.round(x, 6).tolist(), expected=np.round(expected, 6).tolist()),
            MESSAGES["one_step.hint"],
        )

    step_num = 20
    path = _path(_function_2, init, 0.1, step_num)
    x, history, changed_init_x = _run(gradient_descent, _function_2, init.copy(), 0.1, step_num)
    if not _near(x, path[-1]):
        for n in (step_num - 1, step_num + 1):
            if _near(x, _path(_function_2, init, 0.1, n)[-1]):
                raise ExerciseFailed(
                    MESSAGES["step_count"].format(asked=step_num, made=n), MESSAGES["step_count.hint"]
                )
        raise ExerciseFailed(
            MESSAGES["steps"].format(
                step_num=step_num, x=np.round(x, 6).tolist(), expected=np.round(path[-1], 6).tolist()
            ),
            MESSAGES["steps.hint"],
        )
    history_holds = _check_history(history, path, step_num)

    expected = _path(_tilted, init, 0.1, step_num)[-1]
    x, _, _ = _run(gradient_descent, _tilted, init.copy(), 0.1, step_num)
    if not _near(x, expected):
        raise ExerciseFailed(
            MESSAGES["other_f"].format(
                step_num=step_num, x=np.round(x, 4).tolist(), expected=np.round(expected, 4).tolist()
            ),
            MESSAGES["other_f.hint"],
        )

    message = MESSAGES["gradient_descent.passed"].format(history_holds=history_holds)
    if changed_init_x:
        message += MESSAGES["changed_init_x"]
    passed(message)
    note = _integer_start_note(gradient_descent)
    if note:
        print(MESSAGES["note"].format(note=note))


def _integer_start_note(gradient_descent):
    """What goes wrong from the integer start [-3, 4] (None if nothing does)."""
    try:
        x, _, _ = _run(gradient_descent, _function_2, np.array([-3, 4]), 0.1, 1)
    except ExerciseFailed as exc:
        if exc.__cause__ is not None:  # an exception in the student's code
            outcome = MESSAGES["integer_raised"].format(error=type(exc.__cause__).__name__)
        else:
            outcome = exc.what.replace("your function ", "").split(":")[0]  # the English "returned a ..."
    else:
        if _near(x, [-2.4, 3.2]):
            return None
        outcome = MESSAGES["integer_one_step"].format(x=x.tolist())
    return MESSAGES["integer_start"].format(outcome=outcome)


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
            MESSAGES["step_count"].format(asked=wrong_count[0], made=wrong_count[1]),
            MESSAGES["step_count.hint"],
        )


def _check_history(history, path, step_num):
    """Which points x_history holds, in words; ExerciseFailed if not the path.

    path: (step_num + 1, 2), the start point and the point after each step.
    """
    if history.ndim != 2 or history.shape[0] not in (step_num, step_num + 1) or history.shape[1] != 2:
        raise ExerciseFailed(
            MESSAGES["history_shape"].format(shape=history.shape, step_num=step_num),
            MESSAGES["history_shape.hint"],
        )
    if np.all(history == history[-1]):
        raise ExerciseFailed(MESSAGES["same_array"], MESSAGES["same_array.hint"])
    if history.shape[0] == step_num + 1 and _near(history, path):
        return MESSAGES["holds_start_and_after"]
    if history.shape[0] == step_num and _near(history, path[:-1]):
        return MESSAGES["holds_before"]
    if history.shape[0] == step_num and _near(history, path[1:]):
        raise ExerciseFailed(MESSAGES["start_missing"], MESSAGES["start_missing.hint"])
    raise ExerciseFailed(MESSAGES["not_the_path"], MESSAGES["not_the_path.hint"])
