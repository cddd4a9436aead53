"""Checks for notebook 01 (data): one-hot labels and the mini-batch of step 1.

Both checks call the student's function on small made-up data whose every row
says which row it is, so that a wrong answer can be traced to its cause.
"""

import re
import warnings

import numpy as np

from nnlib.exercises import ExerciseFailed, Hints, call_student, exercise, passed
from nnlib.i18n import catalog

NUM_CLASSES = 10

MESSAGES = catalog("exercises.data", {
    # --- to_one_hot
    "to_one_hot.hint1": (
        "Start from an array of zeros with one row per label and one column per class. What shape "
        "is that, and which cells must then become 1?",
        "まず、ラベル 1 つにつき 1 行、クラス 1 つにつき 1 列の、0 だけの配列を用意しましょう。"
        "その配列の形はどうなりますか。そのあと、どのマスを 1 にすればよいでしょうか。"),
    "to_one_hot.hint2": (
        "Row i needs a single 1, in the column whose number is the label t[i]. A for loop over i "
        "does it; numpy can also set many single cells in one line, if you index T with an array "
        "of row numbers and an array of column numbers of the same length.",
        "i 行目には 1 がちょうど 1 つ入ります。場所は、ラベル t[i] と同じ番号の列です。"
        "i についての for 文でも書けます。numpy なら、同じ長さの「行番号の配列」と「列番号の配列」で "
        "T を添字指定すると、多くのマスを 1 行でまとめて設定できます。"),
    "to_one_hot.hint3": (
        "The array of row numbers is 0, 1, ..., N-1 (np.arange makes it); the array of column "
        "numbers you already have.",
        "行番号の配列は 0, 1, ..., N-1 です（np.arange で作れます）。列番号の配列は、もう手元にあります。"),
    "to_one_hot.passed": (
        "each row is all zeros except a 1 in the column of its label, shape (N, 10).",
        "各行は、ラベルの列だけが 1 で、残りはすべて 0 です。形は (N, 10) です。"),
    "wrapped": (
        "{said}.\n  The labels are uint8 (whole numbers 0 to 255, as load_mnist gives them), "
        "which have no negative numbers: label 0 minus {wrapped} wraps around to {index} instead of "
        "-{wrapped}{overflow}, and column {index} does not exist",
        "{said}\n  ラベルは uint8 型（load_mnist が返すとおり、0 から 255 までの整数）で、"
        "負の数を表せません。ラベル 0 から {wrapped} を引くと -{wrapped} ではなく {index} になり"
        "{overflow}、{index} 列目は存在しません"),
    "wrapped.overflow": (" (numpy's 'overflow' warning)", "（numpy の「overflow」の警告はこのためです）"),
    "wrapped.hint": (
        "no shift is needed at all: label k has its 1 in column k, so label 0 in column 0",
        "列をずらす必要はまったくありません。ラベル k の 1 は k 列目に入ります。ラベル 0 なら 0 列目です"),
    "beyond_last_column": (
        "{said}.\n  Label 9 + {extra} asks for column {index}, but the columns are 0 to 9",
        "{said}\n  ラベル 9 に {extra} を足すと {index} 列目を指しますが、列は 0 から 9 "
        "までしかありません"),
    "beyond_last_column.hint": (
        "no shift is needed: label k has its 1 in column k, so label 9 in the last column, 9",
        "列をずらす必要はありません。ラベル k の 1 は k 列目に入ります。ラベル 9 なら最後の 9 列目です"),
    "label_as_row": (
        "{said}.\n  A label was used as a row number: with {size} labels there are only "
        "rows 0 to {last}",
        "{said}\n  ラベルが行番号として使われています。ラベルが {size} 個なら、"
        "行は 0 から {last} までしかありません"),
    "label_as_row.hint": (
        "rows are the images and columns the classes: the row index is the position i, the "
        "column index the label t[i]",
        "行は画像、列はクラスに対応します。行の添字は位置 i、列の添字はラベル t[i] です"),
    "changed_t": (
        "your function changed the labels t it was given",
        "あなたの関数が、受け取ったラベル t を書き換えています"),
    "changed_t.hint": (
        "build a new array of zeros for the result and only read t",
        "結果には 0 の配列を新しく作り、t は読むだけにしましょう"),
    "not_an_array": (
        "your function returned a {type}, not a numpy array",
        "あなたの関数の戻り値が numpy の配列ではなく {type} です"),
    "not_an_array.hint": ("return the numpy array you filled in",
                          "値を入れた numpy の配列を return しましょう"),
    "transposed": (
        "for {n} labels the result has shape {shape}: rows and columns are swapped",
        "ラベル {n} 個に対して、結果の形が {shape} です。行と列が入れ替わっています"),
    "transposed.hint": (
        "one row per label and one column per class: the shape is (t.size, 10)",
        "ラベル 1 つにつき 1 行、クラス 1 つにつき 1 列です。形は (t.size, 10) になります"),
    "width_from_labels": (
        "for the labels {labels} the result has {columns} columns, not 10: the width "
        "came from the largest label",
        "ラベル {labels} に対して、結果の列数が 10 ではなく {columns} です。"
        "列数を最大のラベルから決めています"),
    "width_from_labels.hint": (
        "there are always 10 classes, whatever labels this batch happens to hold",
        "このバッチにたまたまどのラベルが含まれていても、クラスは常に 10 個です"),
    "shape": (
        "for {n} labels the result has shape {shape}, expected ({n}, 10)",
        "ラベル {n} 個に対して、結果の形が {shape} です。({n}, 10) になるはずです"),
    "shape.hint": (
        "one row per label and one column per class: start from np.zeros((t.size, 10))",
        "ラベル 1 つにつき 1 行、クラス 1 つにつき 1 列です。np.zeros((t.size, 10)) から始めましょう"),
    "bool": (
        "the result holds True/False (dtype bool), not the numbers 0 and 1",
        "結果が数値の 0 と 1 ではなく、True/False（dtype bool）になっています"),
    "bool.hint": (
        "the loss and the gradient compute with t, and numpy refuses some arithmetic on bool "
        "arrays (-T raises TypeError); turn it into numbers with .astype(float)",
        "損失関数や勾配の計算では t を使って計算します。numpy は bool の配列の計算を一部受け付けません"
        "（-T は TypeError になります）。.astype(float) で数値に変えましょう"),
    "dtype": ("the result has dtype {dtype}, not numbers", "結果の dtype が {dtype} で、数値ではありません"),
    "dtype.hint": ("start from np.zeros((t.size, 10))", "np.zeros((t.size, 10)) から始めましょう"),
    "not_0_1": ("the result holds values other than 0 and 1", "結果に 0 と 1 以外の値が入っています"),
    "not_0_1.hint": (
        "start from zeros and put exactly one 1 per row",
        "0 の配列から始めて、各行にちょうど 1 つだけ 1 を置きましょう"),
    "ones_per_row": (
        "row {row} (label {label}) holds {ones} ones instead of exactly one",
        "{row} 行目（ラベル {label}）に 1 が {ones} 個あります。ちょうど 1 個のはずです"),
    "ones_per_row.hint": (
        "T[:, t] = 1 sets whole columns, in every row. Row i needs one cell only, in column t[i]: "
        "pair each row number with its own label",
        "T[:, t] = 1 は、すべての行で列全体を 1 にします。i 行目で 1 にするのは t[i] 列目の 1 マスだけです。"
        "行番号ごとに、その行のラベルを組にしましょう"),
    "too_far_right": ("{n} column(s) too far right", "右に {n} 列"),
    "too_far_left": ("{n} column(s) too far left", "左に {n} 列"),
    "shifted": (
        "the 1 of each row sits {side} (label {label} has its 1 in column {column})",
        "各行の 1 が{side}ずれています（ラベル {label} の 1 が {column} 列目にあります）"),
    "shifted.hint": (
        "label k has its 1 in column k: no +1 or -1",
        "ラベル k の 1 は k 列目に入ります。+1 も -1 も要りません"),
    "wrong_columns": (
        "the 1s are not in the columns of the labels: labels {labels}, columns {columns}",
        "1 がラベルの列に入っていません。ラベルは {labels}、1 のある列は {columns} です"),
    "wrong_columns.hint": (
        "row i gets its 1 in the column whose number is t[i]",
        "i 行目の 1 は、t[i] と同じ番号の列に入れます"),
    # --- choose_minibatch
    "choose_minibatch.hint1": (
        "Step 1 of SGD takes batch_size random rows of the training set. First decide which rows: "
        "draw their row numbers (indices), then take those rows.",
        "SGD のステップ 1 では、訓練データから batch_size 行をランダムに選びます。まず、"
        "どの行を使うかを決めます。"
        "行番号（添字）をランダムに選び、それからその行を取り出しましょう。"),
    "choose_minibatch.hint2": (
        "np.random.choice(n, k) draws k random whole numbers from 0 to n-1. Which n lets every "
        "row of x_train be chosen, and where in the arguments do you find it?",
        "np.random.choice(n, k) は、0 から n-1 までの整数を k 個ランダムに選びます。x_train のどの行も"
        "選ばれるようにするには、n をいくつにすればよいでしょうか。その値は引数のどこから分かりますか。"),
    "choose_minibatch.hint3": (
        "Index x_train and t_train with the same array of row numbers, so that each image keeps "
        "its label; indexing an array with an array of integers returns those rows.",
        "x_train と t_train を同じ行番号の配列で添字指定すれば、それぞれの画像とラベルの組が保たれます。"
        "配列を整数の配列で添字指定すると、その番号の行が返ります。"),
    "choose_minibatch.passed": (
        "{batch_size} random rows of the whole training set, the same rows of x_train and t_train.",
        "訓練データ全体からランダムに {batch_size} 行を選び、x_train と t_train で同じ行を取り出しています。"
        ""),
    "changed_training_set": (
        "your function changed the training set it was given (e.g. np.random.shuffle(x_train))",
        "あなたの関数が、受け取った訓練データを書き換えています（例: np.random.shuffle(x_train)）"),
    "changed_training_set.hint": (
        "leave x_train and t_train alone: draw row numbers and index with them",
        "x_train と t_train は変えずに、行番号を選んでそれで添字指定しましょう"),
    "not_a_pair": (
        "your function returned a {type}, not the pair (x_batch, t_batch)",
        "あなたの関数の戻り値が、組 (x_batch, t_batch) ではなく {type} です"),
    "not_a_pair.hint": ("end with: return x_batch, t_batch", "最後を return x_batch, t_batch にしましょう"),
    "different_rows": (
        "x_batch and t_batch come from different rows: the labels no longer belong to their images",
        "x_batch と t_batch が別々の行から取り出されています。ラベルが画像と対応していません"),
    "different_rows.hint": (
        "draw the row numbers once, keep them in a variable (the slides call it batch_mask), "
        "and index both x_train and t_train with that same variable",
        "行番号は 1 回だけ選んで変数に入れ（スライドでは batch_mask という名前です）、"
        "x_train と t_train の両方をその同じ変数で添字指定しましょう"),
    "x_shape.hint": (
        "draw batch_size row numbers and take those rows of x_train",
        "行番号を batch_size 個選び、x_train からその行を取り出しましょう"),
    "x_shape.hint_one_number": (
        "np.random.choice(n) alone gives ONE number; its second argument says how many to draw",
        "np.random.choice(n) だけでは数が 1 つしか返りません。2 番目の引数で、いくつ選ぶかを指定します"),
    "x_shape.hint_all_rows": (
        "take only the chosen rows of x_train instead of returning all of it",
        "x_train 全体を返さず、選んだ行だけを取り出しましょう"),
    "x_shape.hint_batch_size": (
        "the batch must have as many rows as the argument batch_size says (here {batch_size}); "
        "use the argument, not a fixed number",
        "バッチの行数は、引数 batch_size の値（ここでは {batch_size}）と同じでなければなりません。"
        "決まった数ではなく、引数を使いましょう"),
    "x_shape": ("x_batch has shape {shape}, expected {expected}",
                "x_batch の形が {shape} です。{expected} になるはずです"),
    "t_shape": ("t_batch has shape {shape}, expected {expected}",
                "t_batch の形が {shape} です。{expected} になるはずです"),
    "t_shape.hint": (
        "take the same rows of t_train as of x_train, with the same row numbers",
        "t_train からも x_train と同じ行を、同じ行番号で取り出しましょう"),
    "batch_dtype": (
        "{name} has dtype {dtype} but the training set has {expected}",
        "{name} の dtype が {dtype} ですが、訓練データの dtype は {expected} です"),
    "batch_dtype.hint": (
        "index the training arrays with the row numbers instead of filling a new np.zeros array: "
        "indexing keeps the dtype (labels stay integers, images stay float32)",
        "新しい np.zeros の配列に値を詰めるのではなく、訓練データの配列を行番号で添字指定しましょう。"
        "添字指定なら dtype はそのままです（ラベルは整数、画像は float32 のまま）"),
    "not_rows": (
        "x_batch holds rows that are not rows of the x_train passed to your function",
        "x_batch に、関数に渡された x_train の行ではないものが入っています"),
    "not_rows.hint": (
        "use the function's arguments x_train and t_train (not variables of the notebook) and take "
        "whole rows",
        "（ノートブックの変数ではなく）関数の引数 x_train と t_train を使い、行を丸ごと取り出しましょう"),
    "first_rows": (
        "every call returns the first {batch_size} rows (x_train[:batch_size])",
        "どの呼び出しでも、先頭の {batch_size} 行（x_train[:batch_size]）が返ります"),
    "first_rows.hint": (
        "a mini-batch is chosen at random: draw random row numbers with np.random.choice",
        "ミニバッチはランダムに選びます。np.random.choice で行番号をランダムに選びましょう"),
    "same_rows": ("every call returns the same rows", "どの呼び出しでも同じ行が返ります"),
    "same_rows.hint": (
        "draw new row numbers at every call, and do not call np.random.seed inside the function",
        "呼び出しのたびに新しく行番号を選びましょう。関数の中で np.random.seed を呼んではいけません"),
    "first_part": (
        "the rows all come from the first {batch_size} of the {train_size} training rows",
        "選ばれた行が、訓練データ {train_size} 行のうち先頭の {batch_size} 行からしか来ていません"),
    "first_part.hint": (
        "choose among ALL training rows: the first argument of np.random.choice is how many rows "
        "there are to choose from, not how many to choose",
        "訓練データの「すべての」行から選びましょう。np.random.choice の 1 番目の引数は、"
        "選ぶ個数ではなく、選ぶ元になる行の数です"),
    "consecutive": (
        "each batch is a block of consecutive rows (x_train[i:i + batch_size])",
        "どのバッチも、連続した行のかたまり（x_train[i:i + batch_size]）になっています"),
    "consecutive.hint": (
        "pick each row at random on its own: draw batch_size random row numbers",
        "1 行ずつ別々にランダムに選びましょう。行番号を batch_size 個ランダムに選びます"),
    "no_row_from_start": (
        "in {batches} batches no row came from the start of the training set",
        "{batches} 個のバッチのどれにも、訓練データの先頭付近の行が入っていません"),
    "no_row_from_end": (
        "in {batches} batches no row came from the end of the training set",
        "{batches} 個のバッチのどれにも、訓練データの末尾付近の行が入っていません"),
    "no_row_from.hint": (
        "every row must have the same chance: draw from 0 to the number of rows minus one, "
        "and find the number of rows in x_train itself (x_train.shape[0])",
        "どの行も同じ確率で選ばれる必要があります。0 から「行数 - 1」までの中から選び、"
        "行数は x_train そのものから求めましょう（x_train.shape[0]）"),
    "the_last_row": ("the last row", "最後の行"),
    "the_last_rows": ("the last {n} rows", "最後の {n} 行"),
    "last_rows_missing": (
        "from a training set of {train_size} rows, {batches} batches never held {last} "
        "(row {rows}): your draw cannot reach it",
        "{train_size} 行の訓練データから作った {batches} 個のバッチに、{last}（{rows} 行目）が一度も"
        "入りませんでした。あなたの選び方では、その行が選ばれることがありません"),
    "last_rows_missing.hint": (
        "np.random.choice(n, k) already stops at n - 1, so n must be the number of rows itself, "
        "not one less (and np.random.randint(low, high) also stops before high)",
        "np.random.choice(n, k) はもともと n - 1 までしか選びません。なので n は行数から 1 "
        "を引いた数ではなく、"
        "行数そのものにします（np.random.randint(low, high) も high の手前までです）"),
    "rows_missing": (
        "from a training set of {train_size} rows, {batches} batches never held rows {rows}",
        "{train_size} 行の訓練データから作った {batches} 個のバッチに、行 {rows} が一度も入りませんでした"),
    "rows_missing.hint": (
        "every row must have the same chance of being drawn",
        "どの行も同じ確率で選ばれる必要があります"),
})  # fmt: skip


# --- one-hot labels ----------------------------------------------------------------


@exercise("to_one_hot", hints=Hints(MESSAGES, "to_one_hot.hint1", "to_one_hot.hint2", "to_one_hot.hint3"))
def check_one_hot(to_one_hot):
    """Check ``to_one_hot(t)``: labels (N,) uint8 -> one-hot (N, 10) numbers 0 and 1.

    Float or integer results pass (``cross_entropy_error`` accepts both). Diagnoses:
    no conversion, transposed result, width taken from the labels (``t.max() + 1``),
    whole columns set (``T[:, t] = 1``), ones in the wrong column (off by one, also
    the IndexError of ``t + 1`` and of ``t - 1``, which wraps around to 255 on uint8
    labels), a bool result, and changing ``t`` in place.
    """
    t = np.array([5, 0, 4, 1, 9, 2, 1, 3], dtype=np.uint8)  # the first eight MNIST labels
    _check_one_hot_on(to_one_hot, t)
    # No 9 in these labels: the width must still be 10.
    _check_one_hot_on(to_one_hot, np.array([3, 0, 2, 2, 1], dtype=np.uint8))
    _check_one_hot_on(to_one_hot, np.array([7], dtype=np.uint8))
    passed(MESSAGES["to_one_hot.passed"])


_OUT_OF_BOUNDS = re.compile(r"index (-?\d+) is out of bounds for axis (\d+) with size (\d+)")


def _call_to_one_hot(to_one_hot, t):
    """The student's ``to_one_hot(t)``; an IndexError is explained by what caused it."""
    with warnings.catch_warnings(record=True) as caught:
        # np.uint8(0) - 1 warns "overflow encountered in scalar subtract" (a red box in the
        # notebook); the diagnosis below says what happened instead.
        warnings.simplefilter("always")
        try:
            return call_student(to_one_hot, t)
        except ExerciseFailed as failed:
            if isinstance(failed.__cause__, IndexError):
                overflow = any("overflow" in str(w.message) for w in caught)
                raise _index_error_diagnosis(failed, t, overflow) from failed.__cause__
            raise


def _index_error_diagnosis(failed, t, overflow):
    match = _OUT_OF_BOUNDS.search(str(failed.__cause__))
    said = failed.what.rstrip()  # the error as call_student reported it
    if not match:
        return failed
    index, axis, size = (int(g) for g in match.groups())
    if axis == 1 and index >= 256 - NUM_CLASSES and t.dtype == np.uint8:
        wrapped = 256 - index
        return ExerciseFailed(
            MESSAGES["wrapped"].format(
                said=said,
                wrapped=wrapped,
                index=index,
                overflow=MESSAGES["wrapped.overflow"] if overflow else "",
            ),
            MESSAGES["wrapped.hint"],
        )
    if axis == 1 and index >= NUM_CLASSES:
        return ExerciseFailed(
            MESSAGES["beyond_last_column"].format(said=said, extra=index - 9, index=index),
            MESSAGES["beyond_last_column.hint"],
        )
    if axis == 0 and size == len(t):
        return ExerciseFailed(
            MESSAGES["label_as_row"].format(said=said, size=size, last=size - 1),
            MESSAGES["label_as_row.hint"],
        )
    return failed


def _check_one_hot_on(to_one_hot, t):
    t_before = t.copy()
    T = _call_to_one_hot(to_one_hot, t)
    n = len(t)
    if not np.array_equal(t, t_before):
        raise ExerciseFailed(MESSAGES["changed_t"], MESSAGES["changed_t.hint"])
    if not isinstance(T, np.ndarray):
        raise ExerciseFailed(
            MESSAGES["not_an_array"].format(type=type(T).__name__), MESSAGES["not_an_array.hint"]
        )
    if T.shape == (NUM_CLASSES, n) and n != NUM_CLASSES:
        raise ExerciseFailed(MESSAGES["transposed"].format(n=n, shape=T.shape), MESSAGES["transposed.hint"])
    if T.ndim == 2 and T.shape[0] == n and T.shape[1] == int(t.max()) + 1 != NUM_CLASSES:
        raise ExerciseFailed(
            MESSAGES["width_from_labels"].format(labels=t.tolist(), columns=T.shape[1]),
            MESSAGES["width_from_labels.hint"],
        )
    if T.shape != (n, NUM_CLASSES):
        raise ExerciseFailed(MESSAGES["shape"].format(n=n, shape=T.shape), MESSAGES["shape.hint"])
    if T.dtype == bool:
        raise ExerciseFailed(MESSAGES["bool"], MESSAGES["bool.hint"])
    if not (np.issubdtype(T.dtype, np.floating) or np.issubdtype(T.dtype, np.integer)):
        raise ExerciseFailed(MESSAGES["dtype"].format(dtype=T.dtype), MESSAGES["dtype.hint"])
    if not np.all((T == 0) | (T == 1)):
        raise ExerciseFailed(MESSAGES["not_0_1"], MESSAGES["not_0_1.hint"])
    ones_per_row = T.sum(axis=1)
    if np.any(ones_per_row != 1):
        row = int(np.argmax(ones_per_row != 1))
        raise ExerciseFailed(
            MESSAGES["ones_per_row"].format(row=row, label=t[row], ones=int(ones_per_row[row])),
            MESSAGES["ones_per_row.hint"],
        )
    column = T.argmax(axis=1)
    if not np.array_equal(column, t):
        shift = (column.astype(int) - t.astype(int)) % NUM_CLASSES  # same shift for every row?
        if np.all(shift == shift[0]):
            side = (
                MESSAGES["too_far_right"].format(n=shift[0])
                if shift[0] <= 5
                else MESSAGES["too_far_left"].format(n=10 - shift[0])
            )
            raise ExerciseFailed(
                MESSAGES["shifted"].format(side=side, label=t[0], column=column[0]), MESSAGES["shifted.hint"]
            )
        raise ExerciseFailed(
            MESSAGES["wrong_columns"].format(labels=t.tolist(), columns=column.tolist()),
            MESSAGES["wrong_columns.hint"],
        )


# --- the mini-batch (step 1) --------------------------------------------------------


def _made_up_training_set(train_size=1000, one_hot_labels=False):
    """x: (train_size, 784) float32 whose row i is all i; t: label i % 10 of row i."""
    x = np.repeat(np.arange(train_size, dtype=np.float32)[:, None], 784, axis=1)
    labels = (np.arange(train_size) % 10).astype(np.uint8)
    if one_hot_labels:
        t = np.zeros((train_size, 10))
        t[np.arange(train_size), labels] = 1
    else:
        t = labels
    return x, t


@exercise(
    "choose_minibatch",
    hints=Hints(MESSAGES, "choose_minibatch.hint1", "choose_minibatch.hint2", "choose_minibatch.hint3"),
)
def check_minibatch(choose_minibatch, batch_size=100):
    """Check ``choose_minibatch(x_train, t_train, batch_size) -> (x_batch, t_batch)``.

    The answer must take ``batch_size`` random rows of the whole training set, the
    same rows of ``x_train`` and ``t_train``, keep dtypes and shapes, differ from
    call to call, give every row its chance (also the last one: ``choice(len(x) - 1)``
    never draws it) and leave the training set as it was. np.random's state is saved
    and restored around the check, so it is reproducible and changes nothing.
    """
    # The book draws with np.random.choice, so the legacy global generator is the one to pin.
    state = np.random.get_state()
    np.random.seed(0)
    try:
        for one_hot_labels in (False, True):
            _check_minibatch_on(choose_minibatch, batch_size, one_hot_labels)
        # 20 rows, batches of 10, 50 calls: a row that can be drawn is missed with a
        # probability of at most 0.95 ** 500 < 1e-11; one that cannot is always missed.
        batches = _check_minibatch_on(choose_minibatch, 10, False, train_size=20, calls=50)
        _check_every_row_comes_up(batches, train_size=20)
    finally:
        np.random.set_state(state)
    passed(MESSAGES["choose_minibatch.passed"].format(batch_size=batch_size))


def _check_minibatch_on(choose_minibatch, batch_size, one_hot_labels, train_size=1000, calls=20):
    """The rows (calls, batch_size) the answer chose on a made-up training set."""
    x_train, t_train = _made_up_training_set(train_size, one_hot_labels=one_hot_labels)
    x_before, t_before = x_train.copy(), t_train.copy()
    batches = []
    for _ in range(calls):
        out = call_student(choose_minibatch, x_train, t_train, batch_size)
        if not np.array_equal(x_train, x_before) or not np.array_equal(t_train, t_before):
            raise ExerciseFailed(MESSAGES["changed_training_set"], MESSAGES["changed_training_set.hint"])
        if not (isinstance(out, tuple) and len(out) == 2):
            raise ExerciseFailed(
                MESSAGES["not_a_pair"].format(type=type(out).__name__), MESSAGES["not_a_pair.hint"]
            )
        x_batch, t_batch = (np.asarray(a) for a in out)
        _check_batch_shapes(x_batch, t_batch, x_train, t_train, batch_size)
        rows = _rows_of(x_batch, train_size)
        labels = t_batch.argmax(axis=1) if one_hot_labels else t_batch
        if not np.array_equal(labels, rows % 10):
            raise ExerciseFailed(MESSAGES["different_rows"], MESSAGES["different_rows.hint"])
        batches.append(rows)
    _check_randomness(batches, train_size, batch_size)
    return batches


def _check_batch_shapes(x_batch, t_batch, x_train, t_train, batch_size):
    expected_x = (batch_size,) + x_train.shape[1:]
    if x_batch.shape != expected_x:
        hint = MESSAGES["x_shape.hint"]
        if x_batch.shape == x_train.shape[1:]:
            hint = MESSAGES["x_shape.hint_one_number"]
        elif x_batch.shape == x_train.shape:
            hint = MESSAGES["x_shape.hint_all_rows"]
        elif x_batch.shape[1:] == x_train.shape[1:]:
            hint = MESSAGES["x_shape.hint_batch_size"].format(batch_size=batch_size)
        raise ExerciseFailed(MESSAGES["x_shape"].format(shape=x_batch.shape, expected=expected_x), hint)
    expected_t = (batch_size,) + t_train.shape[1:]
    if t_batch.shape != expected_t:
        raise ExerciseFailed(
            MESSAGES["t_shape"].format(shape=t_batch.shape, expected=expected_t), MESSAGES["t_shape.hint"]
        )
    for name, batch, whole in (("x_batch", x_batch, x_train), ("t_batch", t_batch, t_train)):
        if batch.dtype != whole.dtype:
            raise ExerciseFailed(
                MESSAGES["batch_dtype"].format(name=name, dtype=batch.dtype, expected=whole.dtype),
                MESSAGES["batch_dtype.hint"],
            )


def _rows_of(x_batch, train_size):
    """Which training rows x_batch holds (row i of the made-up set is all i)."""
    rows = x_batch[:, 0]
    if not (np.all(x_batch == rows[:, None]) and np.all(rows == np.round(rows))
            and np.all((rows >= 0) & (rows < train_size))):  # fmt: skip
        raise ExerciseFailed(MESSAGES["not_rows"], MESSAGES["not_rows.hint"])
    return rows.astype(int)


def _check_randomness(batches, train_size, batch_size):
    first = batches[0]
    if all(np.array_equal(b, first) for b in batches):
        if np.array_equal(first, np.arange(batch_size)):
            raise ExerciseFailed(
                MESSAGES["first_rows"].format(batch_size=batch_size), MESSAGES["first_rows.hint"]
            )
        raise ExerciseFailed(MESSAGES["same_rows"], MESSAGES["same_rows.hint"])
    seen = np.concatenate(batches)
    if seen.max() < batch_size:
        raise ExerciseFailed(
            MESSAGES["first_part"].format(batch_size=batch_size, train_size=train_size),
            MESSAGES["first_part.hint"],
        )
    if all(np.array_equal(np.diff(b), np.ones(batch_size - 1)) for b in batches):
        raise ExerciseFailed(MESSAGES["consecutive"], MESSAGES["consecutive.hint"])
    tenth = train_size // 10
    if seen.min() >= tenth or seen.max() < train_size - tenth:
        key = "no_row_from_start" if seen.min() >= tenth else "no_row_from_end"
        raise ExerciseFailed(MESSAGES[key].format(batches=len(batches)), MESSAGES["no_row_from.hint"])


def _check_every_row_comes_up(batches, train_size):
    missing = sorted(set(range(train_size)) - set(np.concatenate(batches).tolist()))
    if not missing:
        return
    if missing == list(range(train_size - len(missing), train_size)):
        last = (
            MESSAGES["the_last_rows"].format(n=len(missing)) if len(missing) > 1 else MESSAGES["the_last_row"]
        )
        raise ExerciseFailed(
            MESSAGES["last_rows_missing"].format(
                train_size=train_size, batches=len(batches), last=last, rows=", ".join(map(str, missing))
            ),
            MESSAGES["last_rows_missing.hint"],
        )
    raise ExerciseFailed(
        MESSAGES["rows_missing"].format(train_size=train_size, batches=len(batches), rows=missing),
        MESSAGES["rows_missing.hint"],
    )
