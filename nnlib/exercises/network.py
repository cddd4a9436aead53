"""Check for notebook 04 (TwoLayerNet): the forward pass ``predict``.

The student subclasses ``TwoLayerNet`` and writes ``predict`` (the slides' lines
19-28). The check runs it on a small made-up network whose sizes all differ
(7 inputs, 5 hidden units, 3 classes, a batch of 4), so that a transposed weight
fails with a shape error instead of passing by chance, and whose weights and
biases are large and non-zero, so that a forgotten bias or activation changes
the answer. A wrong answer is compared with the typical mistakes to name it.
"""

import numpy as np

from nnlib.exercises import ExerciseFailed, Hints, check_weights_unchanged, exercise, passed, student_subclass
from nnlib.functions import relu, sigmoid, sigmoid_grad, softmax
from nnlib.i18n import catalog

INPUT, HIDDEN, OUTPUT, BATCH = 7, 5, 3, 4

MESSAGES = catalog("exercises.network", {
    # the hints of the exercise
    "predict.hint1": (
        "The slide's lines 19-28: each layer is y = wx + b followed by an activation. Start by taking "
        "W1, b1, W2 and b2 out of self.params.",
        "スライドの 19〜28 行目を見てください。どの層も y = wx + b を計算してから活性化関数を通します。"
        "まず self.params から W1, b1, W2, b2 を取り出しましょう。",
    ),
    "predict.hint2": (
        "Layer 1: a1 is the matrix product of x and W1 (np.dot, x first: the images are rows) plus b1, "
        "and z1 is sigmoid of a1. Print the shapes as you go: (N, 784) -> (N, 50).",
        "1 層目: a1 は x と W1 の行列の積に b1 を足したものです（np.dot を使い、x を先に書きます。"
        "画像が 1 枚ずつ行に並んでいるからです）。z1 は a1 をシグモイド関数に通したものです。"
        "途中で形状を表示して確かめましょう: (N, 784) -> (N, 50)。",
    ),
    "predict.hint3": (
        "Layer 2 does the same with z1, W2 and b2; then softmax (not sigmoid) turns the scores a2 into "
        "probabilities. Return those probabilities y, one row per image.",
        "2 層目も z1, W2, b2 で同じ計算をします。そのあと sigmoid ではなく softmax で、スコア a2 を"
        "確率に変えます。その確率 y（画像 1 枚につき 1 行）を返してください。",
    ),
    # check_predict
    "same_answer": (
        "predict gives the same answer for two networks with different weights: it does not "
        "read this network's own weights",
        "重みの違う 2 つのネットワークで、predict が同じ答えを返しました。"
        "このネットワーク自身の重みを読んでいません",
    ),
    "same_answer.hint": (
        "take the weights from self.params: W1, W2 = self.params['W1'], self.params['W2'] (and b1, b2)",
        "重みは self.params から取り出してください: W1, W2 = self.params['W1'], self.params['W2']"
        "（b1, b2 も同じです）",
    ),
    "passed": (
        "predict computes y = softmax(sigmoid(x·W1 + b1)·W2 + b2): x ({batch}, {input}) -> "
        "a1, z1 ({batch}, {hidden}) -> a2, y ({batch}, {output}), every row of y sums to 1.",
        "predict は y = softmax(sigmoid(x·W1 + b1)·W2 + b2) を計算しています。x ({batch}, {input}) -> "
        "a1, z1 ({batch}, {hidden}) -> a2, y ({batch}, {output}) となり、y のどの行も和が 1 です。",
    ),
    # _run
    "raised": ("predict raised {error}: {exc}", "predict で {error} が発生しました: {exc}"),
    "value_error.hint": (
        "this check uses its own small network: x is ({batch}, {input}), one sample per row, and "
        "self.params['W1'] is ({input}, {hidden}). Take the weights from self.params and write "
        "np.dot(x, W1), x first; likewise np.dot(z1, W2). The slide's y = wx + b is written for one "
        "column vector; with samples in rows the product is x·W",
        "このチェックは専用の小さなネットワークを使います。x は ({batch}, {input}) で 1 行が 1 サンプル、"
        "self.params['W1'] は ({input}, {hidden}) です。重みは self.params から取り出し、x を先にして "
        "np.dot(x, W1) と書いてください。np.dot(z1, W2) も同じです。スライドの y = wx + b は列ベクトル "
        "1 本の場合の書き方です。サンプルを行に並べるときは、積は x·W になります",
    ),
    "key_error.hint": (
        "self.params has exactly the keys 'W1', 'b1', 'W2', 'b2' (capital W, lower-case b)",
        "self.params のキーは 'W1', 'b1', 'W2', 'b2' の 4 つだけです（W は大文字、b は小文字）",
    ),
    "error.hint": (
        "compare your method with lines 19-28 of the slide; sigmoid and softmax come from "
        "nnlib.functions",
        "あなたのメソッドをスライドの 19〜28 行目と比べてください。sigmoid と softmax は "
        "nnlib.functions にあります",
    ),
    "none": ("predict returned None", "predict が None を返しました"),
    "none.hint": ("end the method with return y", "メソッドの最後に return y と書いてください"),
    "changed_x": (
        "predict changed the input x it was given",
        "predict が、渡された入力 x を書き換えています",
    ),
    "changed_x.hint": (
        "compute new arrays (a1 = np.dot(x, W1) + b1) instead of updating x in place (x += ...)",
        "x をその場で書き換える（x += ...）のではなく、新しい配列を計算してください"
        "（a1 = np.dot(x, W1) + b1）",
    ),
    "changed_params.hint": (
        "predict only reads the weights; write a1 = np.dot(x, W1) + b1, not W1 += ... or b1 += ...",
        "predict は重みを読むだけです。W1 += ... や b1 += ... ではなく、a1 = np.dot(x, W1) + b1 と"
        "書いてください",
    ),
    # _diagnose
    "hidden_shape": (
        "for x of shape {x_shape} predict returned shape {y_shape}, the shape of the hidden layer",
        "形状 {x_shape} の x に対して、predict が形状 {y_shape} を返しました。これは隠れ層の形状です",
    ),
    "hidden_shape.hint": (
        "go on to the second layer: a2 = np.dot(z1, W2) + b2, y = softmax(a2), and return y",
        "2 層目まで計算を続けてください: a2 = np.dot(z1, W2) + b2、y = softmax(a2) として、y を返します",
    ),
    "transposed": (
        "for x of shape {x_shape} predict returned shape {y_shape}: one column per sample, "
        "the transpose of what the network should return",
        "形状 {x_shape} の x に対して、predict が形状 {y_shape} を返しました。1 列が 1 サンプルになっていて、"
        "返すべき配列の転置です",
    ),
    "transposed.hint": (
        "keep samples in rows: np.dot(x, W1) + b1 and np.dot(z1, W2) + b2, not np.dot(W1.T, x.T)",
        "サンプルは行に並べたままにします。np.dot(W1.T, x.T) ではなく、np.dot(x, W1) + b1 と "
        "np.dot(z1, W2) + b2 です",
    ),
    "shape": (
        "for x of shape {x_shape} predict returned shape {y_shape}, expected ({batch}, {output}): "
        "one row of class probabilities per sample",
        "形状 {x_shape} の x に対して、predict が形状 {y_shape} を返しました。正しくは "
        "({batch}, {output}) で、1 サンプルにつき 1 行のクラスの確率です",
    ),
    "lines": (  # what the slide's four lines do, in words: a hint, not the answer
        "lines 23-26 of the slide: two layers, each a product with its weights plus its bias; "
        "sigmoid after the first, softmax after the second",
        "スライドの 23〜26 行目（2 つの層があり、どちらも重みとの積にバイアスを足します。"
        "1 層目のあとにシグモイド関数、2 層目のあとにソフトマックス関数を使います）",
    ),
    "follow": ("follow {lines}", "{lines}のとおりに書いてください"),
    "not_finite": ("predict returned nan or inf", "predict が nan か inf を返しました"),
    "columns": (
        "the columns of y sum to 1, not the rows: softmax normalised over axis 0, across the samples",
        "y の行ではなく列の和が 1 になっています。softmax が axis 0 の方向に、つまりサンプルをまたいで"
        "正規化しています",
    ),
    "columns.hint": (
        "each sample (row) needs its own probabilities: use softmax from nnlib.functions, or sum "
        "with axis=1, keepdims=True in your own",
        "確率はサンプル（行）ごとに求めます。nnlib.functions の softmax を使うか、自分で書くなら "
        "axis=1, keepdims=True で和をとってください",
    ),
    "whole_batch": (
        "the whole batch of y sums to 1, not each row: softmax normalised over all samples at once",
        "y の各行ではなく、バッチ全体の和が 1 になっています。softmax が全サンプルをまとめて正規化しています",
    ),
    "whole_batch.hint": (
        "normalise each row: np.sum(np.exp(a), axis=1, keepdims=True), "
        "or use softmax from nnlib.functions",
        "行ごとに正規化してください: np.sum(np.exp(a), axis=1, keepdims=True)。"
        "nnlib.functions の softmax を使ってもかまいません",
    ),
    "scores": (
        "predict returned the scores a2, not probabilities (rows do not sum to 1)",
        "predict が確率ではなく、スコア a2 を返しました（行の和が 1 になりません）",
    ),
    "scores.hint": (
        "finish with y = softmax(a2) and return y",
        "最後に y = softmax(a2) を計算して、y を返してください",
    ),
    "sigmoid_output": (
        "the output layer uses sigmoid: the rows of y do not sum to 1",
        "出力層でシグモイド関数を使っています。そのため y の行の和が 1 になりません",
    ),
    "sigmoid_output.hint": (
        "the output layer uses softmax, which turns the scores into probabilities: y = softmax(a2)",
        "出力層ではソフトマックス関数を使います。スコアを確率に変える関数です: y = softmax(a2)",
    ),
    "row_sums": (
        "the rows of y should each sum to 1 (probabilities of the {output} classes), "
        "they sum to {sums}",
        "y の各行の和は 1 になるはずですが（{output} クラスの確率です）、{sums} になっています",
    ),
    "row_sums.hint": (
        "end with y = softmax(a2); follow {lines}",
        "最後は y = softmax(a2) です。{lines}のとおりに書いてください",
    ),
    # the typical mistakes (_mistakes), then the last resort
    "no_biases": ("both biases b1 and b2 are missing", "バイアス b1 と b2 が、どちらも足されていません"),
    "no_biases.hint": (
        "each layer adds its bias after its product, as in y = wx + b: b1 in the first, b2 in the second",
        "y = wx + b のように、どの層も積のあとにバイアスを足します。1 層目は b1、2 層目は b2 です",
    ),
    "no_b1": ("the bias b1 is missing", "バイアス b1 が足されていません"),
    "no_b1.hint": (
        "the first layer is y = wx + b too: add b1 to the product of x and W1",
        "1 層目も y = wx + b の形です。x と W1 の積に b1 を足してください",
    ),
    "no_b2": ("the bias b2 is missing", "バイアス b2 が足されていません"),
    "no_b2.hint": (
        "the second layer is y = wx + b too: add b2 to the product of z1 and W2",
        "2 層目も y = wx + b の形です。z1 と W2 の積に b2 を足してください",
    ),
    "no_sigmoid": (
        "the hidden layer has no sigmoid: a2 is computed from a1 instead of z1 = sigmoid(a1)",
        "隠れ層にシグモイド関数がありません。a2 を z1 = sigmoid(a1) からではなく、a1 から計算しています",
    ),
    "no_sigmoid.hint": (
        "apply sigmoid to a1, and give the result, z1, to the second layer",
        "a1 に sigmoid を適用し、その結果の z1 を 2 層目に渡してください",
    ),
    "sigmoid_grad": (
        "the hidden layer uses sigmoid_grad (the derivative) instead of sigmoid",
        "隠れ層で sigmoid ではなく sigmoid_grad（シグモイド関数の微分）を使っています",
    ),
    "sigmoid_grad.hint": (
        "the forward pass uses the function itself: z1 = sigmoid(a1); sigmoid_grad belongs to the "
        "backward pass",
        "順伝播ではシグモイド関数そのものを使います: z1 = sigmoid(a1)。sigmoid_grad は逆伝播で使う関数です",
    ),
    "relu": (
        "the hidden layer uses relu instead of sigmoid",
        "隠れ層で sigmoid ではなく relu を使っています",
    ),
    "relu.hint": (
        "the book's TwoLayerNet uses sigmoid: z1 = sigmoid(a1)",
        "教科書の TwoLayerNet はシグモイド関数を使います: z1 = sigmoid(a1)",
    ),
    "softmax_hidden": (
        "the hidden layer uses softmax instead of sigmoid",
        "隠れ層で sigmoid ではなく softmax を使っています",
    ),
    "softmax_hidden.hint": (
        "sigmoid in the hidden layer, softmax only at the output: z1 = sigmoid(a1)",
        "隠れ層はシグモイド関数です。ソフトマックス関数を使うのは出力層だけです: z1 = sigmoid(a1)",
    ),
    "differs": (
        "y differs from the slides' forward pass by up to {diff:.3g}",
        "y がスライドの順伝播の結果と、最大 {diff:.3g} ずれています",
    ),
    "differs.hint": (
        "compare your lines one by one with {lines}",
        "あなたの行を 1 行ずつ、{lines}と比べてください",
    ),
})  # fmt: skip


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
    m = MESSAGES
    return {
        m["no_biases"]: (softmax(np.dot(sigmoid(np.dot(x, W1)), W2)), m["no_biases.hint"]),
        m["no_b1"]: (softmax(np.dot(sigmoid(np.dot(x, W1)), W2) + b2), m["no_b1.hint"]),
        m["no_b2"]: (softmax(np.dot(sigmoid(a1), W2)), m["no_b2.hint"]),
        m["no_sigmoid"]: (softmax(np.dot(a1, W2) + b2), m["no_sigmoid.hint"]),
        m["sigmoid_grad"]: (softmax(np.dot(sigmoid_grad(a1), W2) + b2), m["sigmoid_grad.hint"]),
        m["relu"]: (softmax(np.dot(relu(a1), W2) + b2), m["relu.hint"]),
        m["softmax_hidden"]: (softmax(np.dot(softmax(a1), W2) + b2), m["softmax_hidden.hint"]),
    }


@exercise(
    "predict",
    hints=Hints(MESSAGES, "predict.hint1", "predict.hint2", "predict.hint3"),
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
        raise ExerciseFailed(MESSAGES["same_answer"], MESSAGES["same_answer.hint"])
    _diagnose(first, first_params, x)
    _diagnose(second, second_params, x)
    passed(MESSAGES["passed"].format(batch=BATCH, input=INPUT, hidden=HIDDEN, output=OUTPUT))


def _run(network_class, params, x):
    """Run the student's predict on a made-up network and batch; return y as an array."""
    network = network_class(INPUT, HIDDEN, OUTPUT)
    network.params = {key: value.copy() for key, value in params.items()}
    x_given = x.copy()
    try:
        y = network.predict(x_given)
    except ExerciseFailed:
        raise
    except Exception as exc:
        if isinstance(exc, ValueError):
            error, hint = "ValueError", "value_error.hint"
        elif isinstance(exc, KeyError):
            error, hint = "KeyError", "key_error.hint"
        else:
            error, hint = type(exc).__name__, "error.hint"
        raise ExerciseFailed(
            MESSAGES["raised"].format(error=error, exc=exc),
            MESSAGES[hint].format(batch=BATCH, input=INPUT, hidden=HIDDEN),
        ) from exc

    if y is None:
        raise ExerciseFailed(MESSAGES["none"], MESSAGES["none.hint"])
    if not np.array_equal(x_given, x):
        raise ExerciseFailed(MESSAGES["changed_x"], MESSAGES["changed_x.hint"])
    check_weights_unchanged(network, params, "predict", MESSAGES["changed_params.hint"])
    return np.asarray(y)


def _diagnose(y, params, x):
    """Raise ExerciseFailed naming the mistake unless y is the slides' forward pass."""
    shapes = {"x_shape": x.shape, "y_shape": y.shape, "batch": BATCH, "output": OUTPUT}
    lines = MESSAGES["lines"]
    if y.shape == (BATCH, HIDDEN):
        raise ExerciseFailed(MESSAGES["hidden_shape"].format(**shapes), MESSAGES["hidden_shape.hint"])
    if y.shape == (OUTPUT, BATCH):
        raise ExerciseFailed(MESSAGES["transposed"].format(**shapes), MESSAGES["transposed.hint"])
    if y.shape != (BATCH, OUTPUT):
        raise ExerciseFailed(MESSAGES["shape"].format(**shapes), MESSAGES["follow"].format(lines=lines))
    if not np.all(np.isfinite(y)):
        raise ExerciseFailed(MESSAGES["not_finite"], MESSAGES["follow"].format(lines=lines))

    reference = reference_predict(params, x)
    if np.allclose(y, reference, rtol=1e-6, atol=1e-9):
        return
    row_sums = y.sum(axis=1)
    if not np.allclose(row_sums, 1.0):
        if np.allclose(y.sum(axis=0), 1.0):
            raise ExerciseFailed(MESSAGES["columns"], MESSAGES["columns.hint"])
        if np.isclose(y.sum(), 1.0):
            raise ExerciseFailed(MESSAGES["whole_batch"], MESSAGES["whole_batch.hint"])
        a2 = np.dot(sigmoid(np.dot(x, params["W1"]) + params["b1"]), params["W2"]) + params["b2"]
        if np.allclose(y, a2):
            raise ExerciseFailed(MESSAGES["scores"], MESSAGES["scores.hint"])
        if np.allclose(y, sigmoid(a2)):
            raise ExerciseFailed(MESSAGES["sigmoid_output"], MESSAGES["sigmoid_output.hint"])
        raise ExerciseFailed(
            MESSAGES["row_sums"].format(output=OUTPUT, sums=np.round(row_sums, 3).tolist()),
            MESSAGES["row_sums.hint"].format(lines=lines),
        )
    for what, (wrong, hint) in _mistakes(params, x).items():
        if np.allclose(y, wrong, rtol=1e-6, atol=1e-9):
            raise ExerciseFailed(what, hint)
    raise ExerciseFailed(
        MESSAGES["differs"].format(diff=np.abs(y - reference).max()),
        MESSAGES["differs.hint"].format(lines=lines),
    )
