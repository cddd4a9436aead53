"""Checks for notebook 02 (loss functions): the mini-batch cross-entropy error.

Both checks call the student's function on made-up batches of softmax outputs and
compare the result with the values of the usual slips (the sum instead of the mean,
no 1e-7, log10, the rows picked by label, ...), so that a wrong number is traced to
its cause instead of only being called wrong.
"""

import numpy as np

from nnlib.exercises import ExerciseFailed, Hints, call_student, exercise, passed
from nnlib.functions import softmax
from nnlib.i18n import catalog

DELTA = 1e-7  # the book's tiny number inside the log
NUM_CLASSES = 10

MESSAGES = catalog("exercises.loss", {
    # --- what the student's function did to its arguments, and its errors
    "changed_y": ("your function changed the y it was given (e.g. y += 1e-7)",
                  "あなたの関数が、受け取った y を書き換えています（例: y += 1e-7）"),
    "changed_y.hint": ("add the 1e-7 inside the expression, np.log(... + 1e-7), so that a new array is made",
                       "1e-7 は式の中で np.log(... + 1e-7) のように足しましょう。"
                       "そうすれば新しい配列が作られます"),
    "changed_t": ("your function changed the t it was given",
                  "あなたの関数が、受け取った t を書き換えています"),
    "changed_t.hint": ("only read t", "t は読むだけにしましょう"),
    "broadcast": (
        "{said}.\n  That is the one-hot formula, t * np.log(y): it needs t of shape (N, 10), "
        "but labels have shape {shape}, one number per sample",
        "{said}\n  これは one-hot 表現のときの式 t * np.log(y) です。この式には形 (N, 10) の t "
        "が必要ですが、"
        "ラベルの形は {shape} で、1 サンプルにつき数が 1 つです"),
    "broadcast.hint": (
        "with labels, do not multiply: pick from each row of y the probability of the class t[n]",
        "ラベルのときは掛け算をしません。y の各行から、クラス t[n] の確率を取り出しましょう"),
    "label_as_row": (
        "{said}.\n  A label was used as a row number: y[t] picks ROWS of y by label, and "
        "this batch has only {size} rows",
        "{said}\n  ラベルが行番号として使われています。y[t] はラベルの番号で y の「行」を選びますが、"
        "このバッチには {size} 行しかありません"),
    "label_as_row.hint": (
        "you need one entry of each row: row n, column t[n]; index y with an array of row "
        "numbers and an array of column numbers together",
        "必要なのは各行から 1 つずつ、n 行目の t[n] 列目の値です。"
        "y を「行番号の配列」と「列番号の配列」の 2 つで同時に添字指定しましょう"),
    "one_hot_as_index": (
        "{said}.\n  t was used as an index, which works for labels; here t holds one-hot "
        "rows of 0.0 and 1.0",
        "{said}\n  t が添字として使われています。それはラベルのときのやり方です。"
        "ここでの t は 0.0 と 1.0 からなる one-hot 表現の行です"),
    "one_hot_as_index.hint": (
        "with one-hot t, multiply: t * np.log(...) keeps only the right class of each row",
        "one-hot 表現の t なら掛け算をします。t * np.log(...) で各行の正解クラスだけが残ります"),
    # --- what the function returned
    "per_sample": (
        "your function returned {n} numbers, one loss per sample, not one loss for the batch",
        "あなたの関数は、バッチ全体で 1 つの損失ではなく、サンプルごとの損失を {n} 個返しています"),
    "per_sample.hint": (
        "the loss of a mini-batch is one number: add up the samples' losses, then divide by N",
        "ミニバッチの損失は 1 つの数です。サンプルの損失を合計してから N で割りましょう"),
    "table": (
        "your function returned an array of shape {shape}: y[:, t] takes, in every row, the "
        "columns of ALL the labels",
        "あなたの関数は形 {shape} の配列を返しています。y[:, t] は、"
        "どの行でも「すべての」ラベルの列を取り出します"),
    "table.hint": (
        "you need one entry per row: in row n the column t[n]; numpy does that when you index "
        "with an array of row numbers and an array of column numbers together",
        "必要なのは 1 行につき 1 つ、n 行目なら t[n] 列目の値です。"
        "「行番号の配列」と「列番号の配列」を一緒に使って添字指定すると、numpy はそのように取り出します"),
    "array": (
        "your function returned an array of shape {shape}, not one number",
        "あなたの関数は 1 つの数ではなく、形 {shape} の配列を返しています"),
    "array.hint": (
        "np.sum without an axis adds up every entry into one number",
        "axis を指定しない np.sum は、すべての要素を合計して 1 つの数にします"),
    "not_a_number": ("your function returned {value}, not a number",
                     "あなたの関数の戻り値 {value} は数ではありません"),
    "not_a_number.hint": ("end with: return the loss, one number",
                          "最後に、損失（1 つの数）を return しましょう"),
    # --- the usual slips: what went wrong, and its hint
    "slip.sum": (
        "the result is the SUM over the {n} samples, not their mean: it is not divided by the "
        "batch size",
        "結果が {n} サンプルの平均ではなく「合計」になっています。バッチサイズで割られていません"),
    "slip.sum.hint": (
        "the book divides by the batch size N = y.shape[0], so that batches of any size "
        "give losses of the same size",
        "本ではバッチサイズ N = y.shape[0] で割ります。こうすると、どんな大きさのバッチでも"
        "損失が同じくらいの大きさになります"),
    "slip.minus": (
        "the result is negative: the minus sign is missing (the log of a probability is <= 0)",
        "結果が負になっています。マイナスの符号が抜けています（確率の log は 0 以下です）"),
    "slip.minus.hint": (
        "E = -Σ t log y: the minus makes the loss positive, small for a good answer",
        "E = -Σ t log y です。マイナスによって損失は正になり、良い答えほど小さくなります"),
    "slip.log10": (
        "that is the log to base 10 (np.log10); the book's log is the natural one, np.log",
        "これは 10 を底とする log（np.log10）です。本の log は自然対数 np.log です"),
    "slip.log10.hint": ("use np.log, the natural logarithm", "自然対数の np.log を使いましょう"),
    "slip.fixed_100": (
        "the result is divided by 100, a fixed batch size, not by this batch's size",
        "結果を、このバッチの大きさではなく、決まった数 100 で割っています"),
    "slip.fixed_100.hint": ("take N from the batch itself: y.shape[0]",
                            "N はバッチそのものから求めましょう: y.shape[0]"),
    "slip.mean_all": (
        "the result is divided by N * 10 = {n10}: np.mean over all the entries also averages "
        "over the 10 classes",
        "結果を N * 10 = {n10} で割っています。すべての要素に np.mean を使うと、10 "
        "クラスについても平均してしまいます"),
    "slip.mean_all.hint": ("divide the sum by the number of samples only",
                           "合計は、サンプルの数だけで割りましょう"),
    "slip.largest": (
        "the result uses each row's LARGEST probability, not the right class's",
        "結果に、正解クラスの確率ではなく、各行で「最も大きい」確率を使っています"),
    "slip.largest.hint": (
        "the loss asks how much probability went to the RIGHT class, which t says; the "
        "largest one is the network's guess, right or wrong",
        "損失が問うのは「正解」クラスにどれだけ確率が割り当てられたかで、正解は t が教えてくれます。"
        "最も大きい確率は、正しいか間違いかに関係なく、ネットワークの予想です"),
    "slip.log_of_targets": (
        "the result takes the log of the targets t, not of the probabilities y",
        "結果が、確率 y ではなく、正解 t の log をとっています"),
    "slip.log_of_targets.hint": (
        "t only says which class is right; the probabilities the network gave are in y",
        "t はどのクラスが正解かを示すだけです。ネットワークが出した確率は y に入っています"),
    "slip.rows_by_label": (
        "y[t] picks whole ROWS of y (numbered by the labels), not one entry per row",
        "y[t] は、1 行につき 1 つの値ではなく、y の行を（ラベルの番号で）丸ごと選んでいます"),
    "slip.rows_by_label.hint": (
        "you need one entry of each row: row n, column t[n]; index y with an array of row "
        "numbers and an array of column numbers together",
        "必要なのは各行から 1 つずつ、n 行目の t[n] 列目の値です。"
        "y を「行番号の配列」と「列番号の配列」の 2 つで同時に添字指定しましょう"),
    "slip.all_columns": (
        "y[:, t] (or y[n, t] in a loop) takes, in every row, the columns of ALL the labels, "
        "not one entry per row",
        "y[:, t]（またはループの中の y[n, t]）は、1 行につき 1 つの値ではなく、"
        "どの行でも「すべての」ラベルの列を取り出します"),
    "slip.all_columns.hint": (
        "you need one entry of each row: row n, column t[n]; index y with an array of row "
        "numbers and an array of column numbers together",
        "必要なのは各行から 1 つずつ、n 行目の t[n] 列目の値です。"
        "y を「行番号の配列」と「列番号の配列」の 2 つで同時に添字指定しましょう"),
    "slip.one_hot_formula": (
        "that is the one-hot formula, t * np.log(y), applied to labels: it multiplies "
        "column k of every row by the number t[k]",
        "これは one-hot 表現のときの式 t * np.log(y) を、ラベルに使ったものです。"
        "どの行でも、k 列目に数 t[k] を掛けてしまいます"),
    "slip.one_hot_formula.hint": (
        "with labels, do not multiply: pick from each row of y the probability of the "
        "class t[n]",
        "ラベルのときは掛け算をしません。y の各行から、クラス t[n] の確率を取り出しましょう"),
    "slip.every_entry": (
        "the result adds up the log of EVERY entry of y, not only the right class's",
        "結果が、正解クラスの分だけでなく、y の「すべての」要素の log を合計しています"),
    "slip.every_entry.hint": (
        "multiply by t before adding up: t is 1 only at the right class",
        "合計する前に t を掛けましょう。t は正解クラスのところだけが 1 です"),
    # --- a wrong number
    "infinite": (
        "the loss is infinite: one sample gives its right class probability 0, and log(0) is -inf",
        "損失が無限大です。あるサンプルで正解クラスの確率が 0 になっていて、log(0) は -inf です"),
    "tiny_number.hint": (
        "the book adds a tiny 1e-7 inside the log, so that log never sees 0",
        "本では log の中に小さな値 1e-7 を足して、log に 0 が渡らないようにしています"),
    "nan": (
        "the loss is nan: a probability 0 of a wrong class gives 0 * log(0) = 0 * (-inf), "
        "which is nan",
        "損失が nan です。不正解クラスの確率が 0 だと 0 * log(0) = 0 * (-inf) となり、これは nan です"),
    "not_finite": ("the loss is {E}", "損失が {E} です"),
    "not_finite.hint": ("every probability is finite, so the loss must be too",
                        "確率はどれも有限なので、損失も有限になるはずです"),
    "slip": ("{what} (you get {E:.6g}, the loss is {right:.6g})",
             "{what}。あなたの関数の値は {E:.6g}、正しい損失は {right:.6g} です"),
    "other_delta": (
        "the loss of the sure wrong sample is -log({added:.0e}) = {loss:.2f}: "
        "you added {added:.0e}, not the book's 1e-7",
        "確信をもって間違えたサンプルの損失が -log({added:.0e}) = {loss:.2f} です。"
        "本と同じ 1e-7 ではなく、{added:.0e} を足しています"),
    "other_delta.hint": (
        "use 1e-7, as the book and nnlib do, so that your losses agree with theirs",
        "本や nnlib と同じ 1e-7 を使いましょう。そうすれば損失の値がそれらと一致します"),
    "wrong_value": (
        "for a batch of {n} the loss is {right:.6g}, your function gives {E:.6g}",
        "大きさ {n} のバッチの損失は {right:.6g} ですが、あなたの関数は {E:.6g} を返しています"),
    "wrong_value.hint": (
        "compute it by hand for one sample first: -log(y[0, t[0]] + 1e-7), then for the batch",
        "まず 1 サンプル分を手で計算してみましょう: -log(y[0, t[0]] + 1e-7)。それからバッチ全体を計算します"),
    # --- cross_entropy_error_one_hot
    "one_hot.hint1": (
        "Start from the formula for one sample, E = -Σ_k t_k log(y_k + 1e-7). With whole (N, 10) "
        "arrays, t * np.log(...) works entry by entry and np.sum adds up everything, all samples.",
        "まず 1 サンプルの式 E = -Σ_k t_k log(y_k + 1e-7) から始めましょう。(N, 10) の配列のままでも、"
        "t * np.log(...) は要素ごとに計算され、np.sum はすべてのサンプルの全要素を合計します。"),
    "one_hot.hint2": (
        "That sum is the loss of all N samples together. The book divides it by N, so that a batch "
        "of 10 and a batch of 100 give losses of the same size.",
        "その合計は、N 個のサンプル全部の損失です。本ではこれを N で割ります。"
        "こうすると、10 個のバッチでも 100 個のバッチでも、損失が同じくらいの大きさになります。"),
    "one_hot.hint3": (
        "N is the number of rows of y, y.shape[0]; the 1e-7 goes inside the log.",
        "N は y の行数 y.shape[0] です。1e-7 は log の中に入れます。"),
    "one_hot.passed": (
        "-Σ t log(y + 1e-7), summed over the batch and divided by the batch size N.",
        "-Σ t log(y + 1e-7) をバッチ全体で合計し、バッチサイズ N で割っています。"),
    # --- cross_entropy_error_labels
    "labels.hint1": (
        "With labels, t[n] is the right class of sample n, so the loss of sample n is "
        "-log(y[n, t[n]] + 1e-7): only the probability the network gave to the right class counts.",
        "ラベルの場合、t[n] はサンプル n の正解クラスです。なので、サンプル n の損失は "
        "-log(y[n, t[n]] + 1e-7) です。ネットワークが正解クラスに出した確率だけが効きます。"),
    "labels.hint2": (
        "numpy picks one entry of each row in one go when you index y with two integer arrays of "
        "the same length: one of row numbers and one of column numbers. Then add up, and divide by N.",
        "同じ長さの 2 つの整数配列（行番号の配列と列番号の配列）で y を添字指定すると、"
        "numpy は各行から 1 つずつ、まとめて値を取り出します。それを合計し、N で割りましょう。"),
    "labels.hint3": (
        "The row numbers are 0, 1, ..., N-1 (np.arange(N)); the column numbers are the labels; "
        "N is y.shape[0].",
        "行番号は 0, 1, ..., N-1（np.arange(N)）、列番号はラベルです。N は y.shape[0] です。"),
    "labels.passed": (
        "-Σ log(y[n, t[n]] + 1e-7) over the batch, divided by the batch size N.",
        "-Σ log(y[n, t[n]] + 1e-7) をバッチ全体で合計し、バッチサイズ N で割っています。"),
})  # fmt: skip


def made_up_batch(n, seed, zero_at_right_class=False):
    """y: (n, 10) float64 softmax outputs, labels: (n,) uint8, one-hot t: (n, 10) float64.

    With ``zero_at_right_class``, sample 0 gives its right class probability exactly 0
    (a sure wrong answer) and every row has a few zeros among its wrong classes, as
    the book's examples do.
    """
    rng = np.random.default_rng(seed)
    y = softmax(2 * rng.normal(size=(n, NUM_CLASSES)))
    labels = rng.integers(0, NUM_CLASSES, n).astype(np.uint8)
    if zero_at_right_class:
        for row in range(n):
            wrong = np.delete(np.arange(NUM_CLASSES), labels[row])
            y[row, rng.choice(wrong, 2, replace=False)] = 0.0
        y[0, labels[0]] = 0.0
        y /= y.sum(axis=1, keepdims=True)
    t = np.zeros((n, NUM_CLASSES))
    t[np.arange(n), labels] = 1
    return y, labels, t


def _right_value(y, labels):
    n = y.shape[0]
    return -np.sum(np.log(y[np.arange(n), labels] + DELTA)) / n


def _call_quietly(fn, y, t, name):
    """The student's loss of (y, t); log(0) warnings stay out of the notebook (the diagnosis
    says what happened), and y and t must come back unchanged."""
    y_before, t_before = y.copy(), t.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        try:
            E = call_student(fn, y, t)
        except ExerciseFailed as failed:
            raise _error_diagnosis(failed, t, name) from failed.__cause__
    if not np.array_equal(y, y_before, equal_nan=True):
        raise ExerciseFailed(MESSAGES["changed_y"], MESSAGES["changed_y.hint"])
    if not np.array_equal(t, t_before):
        raise ExerciseFailed(MESSAGES["changed_t"], MESSAGES["changed_t.hint"])
    return E


def _error_diagnosis(failed, t, name):
    cause, message = failed.__cause__, str(failed.__cause__)
    said = failed.what.rstrip()  # the error as call_student reported it
    if name == "labels" and isinstance(cause, ValueError) and "broadcast" in message:
        return ExerciseFailed(
            MESSAGES["broadcast"].format(said=said, shape=t.shape), MESSAGES["broadcast.hint"]
        )
    if name == "labels" and isinstance(cause, IndexError) and "axis 0" in message:
        return ExerciseFailed(
            MESSAGES["label_as_row"].format(said=said, size=t.size), MESSAGES["label_as_row.hint"]
        )
    if name == "one_hot" and isinstance(cause, IndexError) and "integer" in message:
        return ExerciseFailed(
            MESSAGES["one_hot_as_index"].format(said=said), MESSAGES["one_hot_as_index.hint"]
        )
    return failed


def _as_number(E, n, name):
    """The loss as a float, or ExerciseFailed for an array or a non-number."""
    if isinstance(E, np.ndarray) and E.size > 1:
        if E.shape == (n,):
            raise ExerciseFailed(MESSAGES["per_sample"].format(n=n), MESSAGES["per_sample.hint"])
        if E.shape == (n, n) and name == "labels":
            raise ExerciseFailed(MESSAGES["table"].format(shape=E.shape), MESSAGES["table.hint"])
        raise ExerciseFailed(MESSAGES["array"].format(shape=E.shape), MESSAGES["array.hint"])
    try:
        return float(E)
    except (TypeError, ValueError):
        raise ExerciseFailed(
            MESSAGES["not_a_number"].format(value=repr(E)), MESSAGES["not_a_number.hint"]
        ) from None


def _slips(y, labels, t, name):
    """{slip: the value it gives} for the usual slips of this exercise; the catalog's
    "slip.<slip>" says what went wrong, "slip.<slip>.hint" how to fix it."""
    n = y.shape[0]
    right = _right_value(y, labels)
    with np.errstate(divide="ignore", invalid="ignore"):
        slips = {
            "sum": right * n,
            "minus": -right,
            "log10": right / np.log(10),
            "fixed_100": right * n / 100,
            "mean_all": right / NUM_CLASSES,
            "largest": -np.sum(np.log(y.max(axis=1) + DELTA)) / n,
            "log_of_targets": -np.sum(np.log((labels if name == "labels" else t) + DELTA)) / n,
        }
        if name == "labels":
            if labels.max() < n:  # else y[t] raises an IndexError, explained by _error_diagnosis
                slips["rows_by_label"] = -np.sum(np.log(y[labels] + DELTA)) / n
            slips["all_columns"] = -np.sum(np.log(y[:, labels] + DELTA)) / n
            if n == NUM_CLASSES:  # then labels * log(y) broadcasts instead of failing
                slips["one_hot_formula"] = -np.sum(labels * np.log(y + DELTA)) / n
        else:
            slips["every_entry"] = -np.sum(np.log(y + DELTA)) / n
    return {slip: value for slip, value in slips.items() if not _close(value, right)}


def _close(a, b):
    """Equal up to what the 1e-7 changes where no probability is 0 (about 1e-6 of the loss):
    a missing or another tiny number is caught on the batch with a sure wrong answer."""
    return bool(np.isclose(a, b, rtol=1e-5, atol=1e-12))


def _diagnose(E, y, labels, t, name):
    """ExerciseFailed naming the slip that gives E, or a plain 'wrong value'."""
    n = y.shape[0]
    right = _right_value(y, labels)
    if np.isnan(E) or np.isinf(E):
        sure_wrong = np.any(y[np.arange(n), labels] == 0)
        if np.isinf(E) and sure_wrong:
            raise ExerciseFailed(MESSAGES["infinite"], MESSAGES["tiny_number.hint"])
        if np.isnan(E):
            raise ExerciseFailed(MESSAGES["nan"], MESSAGES["tiny_number.hint"])
        raise ExerciseFailed(MESSAGES["not_finite"].format(E=E), MESSAGES["not_finite.hint"])
    for slip, value in _slips(y, labels, t, name).items():
        if _close(E, value):
            what = MESSAGES[f"slip.{slip}"].format(n=n, n10=n * 10)
            raise ExerciseFailed(
                MESSAGES["slip"].format(what=what, E=E, right=right), MESSAGES[f"slip.{slip}.hint"]
            )
    if np.any(y[np.arange(n), labels] == 0):  # only sample 0 is sure and wrong: which tiny number was added?
        rest = -np.sum(np.log(y[np.arange(1, n), labels[1:]] + DELTA))
        added = np.exp(-(n * E - rest))
        if 1e-14 < added < 1e-2 and not np.isclose(added, DELTA, rtol=1e-3):
            raise ExerciseFailed(
                MESSAGES["other_delta"].format(added=added, loss=np.log(1 / added)),
                MESSAGES["other_delta.hint"],
            )
    raise ExerciseFailed(MESSAGES["wrong_value"].format(n=n, right=right, E=E), MESSAGES["wrong_value.hint"])


def _check_loss_on(fn, name, n, seed, zero_at_right_class=False):
    y, labels, t = made_up_batch(n, seed, zero_at_right_class)
    targets = labels if name == "labels" else t
    E = _as_number(_call_quietly(fn, y, targets, name), n, name)
    if not _close(E, _right_value(y, labels)):
        _diagnose(E, y, labels, t, name)


# --- one-hot targets ------------------------------------------------------------------


@exercise(
    "cross_entropy_error_one_hot", hints=Hints(MESSAGES, "one_hot.hint1", "one_hot.hint2", "one_hot.hint3")
)
def check_cross_entropy_one_hot(cross_entropy_error_one_hot):
    """Check ``cross_entropy_error_one_hot(y, t)``: y (N, 10) probabilities, t (N, 10) one-hot
    -> one float, -Σ t log(y + 1e-7) / N.

    Diagnoses: the sum instead of the mean, a fixed 100, np.mean over N * 10 entries,
    no minus, log10, no 1e-7 (nan from 0 * log 0, inf from a sure wrong answer), another
    tiny number, the log of every entry, one loss per sample, t used as an index, and
    changing y in place.
    """
    _check_loss_on(cross_entropy_error_one_hot, "one_hot", n=4, seed=1)
    _check_loss_on(cross_entropy_error_one_hot, "one_hot", n=10, seed=2, zero_at_right_class=True)
    _check_loss_on(cross_entropy_error_one_hot, "one_hot", n=1, seed=3)
    passed(MESSAGES["one_hot.passed"])


# --- labels ---------------------------------------------------------------------------


@exercise("cross_entropy_error_labels", hints=Hints(MESSAGES, "labels.hint1", "labels.hint2", "labels.hint3"))
def check_cross_entropy_labels(cross_entropy_error_labels):
    """Check ``cross_entropy_error_labels(y, t)``: y (N, 10) probabilities, t (N,) uint8 labels
    -> one float, -Σ_n log(y[n, t[n]] + 1e-7) / N.

    Diagnoses, besides those of the one-hot check: the one-hot formula with labels (a
    broadcasting error, or a wrong number when N == 10), ``y[t]`` (rows by label),
    ``y[:, t]`` (an N x N table), and each row's largest probability instead of the right one.
    """
    _check_loss_on(cross_entropy_error_labels, "labels", n=4, seed=1)
    _check_loss_on(cross_entropy_error_labels, "labels", n=10, seed=2, zero_at_right_class=True)
    _check_loss_on(cross_entropy_error_labels, "labels", n=1, seed=3)
    passed(MESSAGES["labels.passed"])
