"""Checks for notebook 05 (numerical vs analytic gradients): ``sigmoid_grad`` and
the backward pass ``gradient`` of TwoLayerNet.

The backward pass is checked the way the book checks it, against the numerical
gradient (a gradient check), on a small made-up network whose sizes all differ
(7 inputs, 5 hidden units, 3 classes, a batch of 4): a missing transpose or a sum
over the wrong axis then gives a wrong shape, not a right answer by chance. A
wrong gradient is compared with the typical mistakes to name it.
"""

import inspect

import numpy as np

from nnlib.exercises import MESSAGES as FRAMEWORK
from nnlib.exercises import (
    ExerciseFailed,
    Hints,
    call_student,
    check_weights_unchanged,
    exercise,
    is_stub,
    passed,
    student_subclass,
)
from nnlib.functions import sigmoid, softmax
from nnlib.gradient import gradient_check, numerical_diff
from nnlib.i18n import catalog
from nnlib.two_layer_net import TwoLayerNet

INPUT, HIDDEN, OUTPUT, BATCH = 7, 5, 3, 4
ORDER = ("W2", "b2", "W1", "b1")  # the order in which the backward pass computes them

MESSAGES = catalog("exercises.backprop", {
    # sigmoid_grad: the hints of the exercise
    "sigmoid_grad.hint1": (
        "The slope of the sigmoid can be written with the sigmoid itself: start with s = sigmoid(x).",
        "シグモイド関数の傾きは、シグモイド関数そのものを使って書けます。"
        "まず s = sigmoid(x) を計算しましょう。",
    ),
    "sigmoid_grad.hint2": (
        "Differentiate 1 / (1 + exp(-x)) on paper and write the result with s: two factors, s and 1 - s.",
        "1 / (1 + exp(-x)) を紙の上で微分し、結果を s で書き表してください。s と 1 - s の 2 つの因子の積に"
        "なります。",
    ),
    "sigmoid_grad.hint3": (
        "Elementwise operations only (* and -): the slope of each element depends on that element alone.",
        "要素ごとの演算（* と -）だけを使います。各要素の傾きは、その要素の値だけで決まります。",
    ),
    # check_sigmoid_grad
    "sg.none": ("sigmoid_grad returned None", "sigmoid_grad が None を返しました"),
    "sg.none.hint": ("end the function with return ...", "関数の最後に return ... と書いてください"),
    "sg.changed_x": (
        "sigmoid_grad changed the array x it was given",
        "sigmoid_grad が、渡された配列 x を書き換えています",
    ),
    "sg.changed_x.hint": (
        "compute a new array, s = sigmoid(x), instead of updating x in place",
        "x をその場で書き換えずに、新しい配列 s = sigmoid(x) を計算してください",
    ),
    "sg.shape": (
        "for x of shape {x_shape} sigmoid_grad returned shape {d_shape}; it works elementwise",
        "形状 {x_shape} の x に対して、sigmoid_grad が形状 {d_shape} を返しました。sigmoid_grad は"
        "要素ごとに計算する関数です",
    ),
    "sg.shape.hint": (
        "use elementwise operations only (*, -), no np.dot and no sum",
        "要素ごとの演算（*, -）だけを使ってください。np.dot や sum は使いません",
    ),
    "sg.not_numerical": (
        "sigmoid_grad disagrees with the numerical derivative",
        "sigmoid_grad が数値微分の結果と一致しません",
    ),
    "tell_the_teacher": ("tell the teacher", "先生に知らせてください"),
    "sg.passed": (
        "sigmoid_grad(x) = (1 - sigmoid(x)) * sigmoid(x), equal to the numerical derivative; "
        "largest at x = 0, where it is 0.25.",
        "sigmoid_grad(x) = (1 - sigmoid(x)) * sigmoid(x) で、数値微分の結果と一致します。"
        "x = 0 で最大になり、その値は 0.25 です。",
    ),
    "sg.sigmoid": (
        "sigmoid_grad returned sigmoid(x) itself, not its slope",
        "sigmoid_grad が、傾きではなく sigmoid(x) そのものを返しました",
    ),
    "sg.sigmoid.hint": (
        "at x = 0 sigmoid is 0.5 but its slope is 0.25: the slope is a product of s = sigmoid(x) "
        "and one more factor made of s",
        "x = 0 でシグモイド関数の値は 0.5 ですが、傾きは 0.25 です。傾きは、s = sigmoid(x) と、"
        "s を使ったもう 1 つの因子との積です",
    ),
    "sg.of_x": (
        "the formula (1 - s) * s was applied to x itself: at x = 0 that gives 0, but the slope "
        "of sigmoid at 0 is 0.25",
        "式 (1 - s) * s を x そのものに使っています。これだと x = 0 で 0 になりますが、"
        "シグモイド関数の x = 0 での傾きは 0.25 です",
    ),
    "sg.of_x.hint": (
        "first s = sigmoid(x), then use s, not x, in the formula",
        "まず s = sigmoid(x) を計算し、式には x ではなく s を使ってください",
    ),
    "sg.sign": (
        "sigmoid_grad has the wrong sign: sigmoid rises everywhere, so its slope is positive",
        "sigmoid_grad の符号が逆です。シグモイド関数はどこでも増加するので、傾きは正です",
    ),
    "sg.sign.hint": (
        "one of your two factors is negative; which of s and 1 - s is it, with s between 0 and 1?",
        "掛けている 2 つの因子のうち、1 つが負になっています。s は 0 と 1 の間の値です。"
        "s と 1 - s のどちらを書き間違えていますか？",
    ),
    "sg.worst": (
        "at x = {x:g} your sigmoid_grad gives {got:.4g}, but the slope of sigmoid there "
        "is {right:.4g}",
        "x = {x:g} で、あなたの sigmoid_grad は {got:.4g} を返しますが、そこでのシグモイド関数の傾きは "
        "{right:.4g} です",
    ),
    "sg.worst.hint": (
        "compute s = sigmoid(x) first and write the slope with s alone; at x = 0 it must be 0.25",
        "まず s = sigmoid(x) を計算し、傾きを s だけで書いてください。x = 0 では 0.25 になるはずです",
    ),
    # gradient: the hints of the exercise
    "gradient.hint1": (
        "Start with the forward pass of predict, keeping a1, z1 and y: the backward pass needs them. "
        "Then go backwards, from the loss to W1.",
        "まず predict と同じ順伝播を書き、a1, z1, y を残しておきます。逆伝播でこれらを使うからです。"
        "それから損失関数から W1 に向かって、逆向きに計算していきます。",
    ),
    "gradient.hint2": (
        "At the output: the gradient of the loss with respect to the scores a2 is prediction minus "
        "target, divided by the batch size (the loss is a mean over the batch). Call it dy.",
        "出力層: スコア a2 についての損失関数の勾配は、予測から正解ラベルを引き、バッチサイズで割ったもの"
        "です（損失関数はバッチの平均だからです）。これを dy とします。",
    ),
    "gradient.hint3": (
        "Layer 2 (a2 = z1·W2 + b2): a weight's gradient is its input, transposed, times the gradient of "
        "its output; a bias's gradient sums that over the samples (axis=0). Compare the shapes with "
        "W2 and b2.",
        "2 層目（a2 = z1·W2 + b2）: 重みの勾配は、その重みへの入力を転置して、出力側の勾配に掛けたもの"
        "です。バイアスの勾配は、出力側の勾配をサンプルについて足し合わせたもの（axis=0）です。"
        "形状を W2、b2 と比べてみましょう。",
    ),
    "gradient.hint4": (
        "One layer down: back through W2 (dy times W2 transposed) gives dz1; back through the sigmoid, "
        "multiply elementwise by its slope at a1 (sigmoid_grad) to get da1; then W1 and b1 as in hint 3, "
        "with x and da1.",
        "1 つ下の層へ進みます。W2 を逆にたどる（dy に W2 の転置を掛ける）と dz1 になります。"
        "シグモイド関数を逆にたどるには、a1 での傾き（sigmoid_grad）を要素ごとに掛けて da1 を求めます。"
        "あとは x と da1 を使って、ヒント 3 と同じように W1 と b1 を求めます。",
    ),
    # check_gradient
    "check_failed": ("the gradient check failed:\n{report}", "勾配確認で不合格になりました:\n{report}"),
    "passed": (
        "all four gradients have the shapes of their parameters and agree with the numerical "
        "gradient (largest norm relative error {worst:.0e}).",
        "4 つの勾配はどれもパラメータと同じ形状で、数値微分による勾配と一致します"
        "（ノルムの相対誤差は最大 {worst:.0e}）。",
    ),
    # _run
    "raised": ("gradient raised {error}: {exc}", "gradient で {error} が発生しました: {exc}"),
    "value_error.hint": (
        "this check uses its own small network: x ({batch}, {input}), z1 ({batch}, {hidden}), "
        "dy ({batch}, {output}). Each gradient has the shape of its parameter, so the batch axis "
        "must be summed away by the product: np.dot(z1.T, dy) is (hidden, N)·(N, out) = W2's shape; "
        "dz1 = np.dot(dy, W2.T) is (N, out)·(out, hidden) = z1's shape; take W1, W2, ... from "
        "self.params",
        "このチェックは専用の小さなネットワークを使います: x ({batch}, {input})、z1 ({batch}, {hidden})、"
        "dy ({batch}, {output})。勾配はどれもそのパラメータと同じ形状なので、バッチの軸は行列の積で"
        "足し合わされて消えなければなりません。np.dot(z1.T, dy) は (hidden, N)·(N, out) で W2 の形状、"
        "dz1 = np.dot(dy, W2.T) は (N, out)·(out, hidden) で z1 の形状です。W1, W2, ... は "
        "self.params から取り出してください",
    ),
    "key_error.hint": (
        "self.params has exactly the keys 'W1', 'b1', 'W2', 'b2'; create grads = {{}} before filling it",
        "self.params のキーは 'W1', 'b1', 'W2', 'b2' の 4 つだけです。値を入れる前に grads = {{}} を"
        "作ってください",
    ),
    "error.hint": (
        "compare your method with lines 56-79 of the slide; sigmoid, sigmoid_grad and softmax come "
        "from nnlib.functions",
        "あなたのメソッドをスライドの 56〜79 行目と比べてください。sigmoid, sigmoid_grad, softmax は "
        "nnlib.functions にあります",
    ),
    "none": ("gradient returned None", "gradient が None を返しました"),
    "none.hint": ("end the method with return grads", "メソッドの最後に return grads と書いてください"),
    "not_dict": ("gradient returned a {type}, not a dict", "gradient が dict ではなく {type} を返しました"),
    "not_dict.hint": (
        "return grads, the dict with keys 'W1', 'b1', 'W2', 'b2'",
        "キー 'W1', 'b1', 'W2', 'b2' をもつ dict、grads を返してください",
    ),
    "changed_xt": (
        "gradient changed the input x or the targets t it was given",
        "gradient が、渡された入力 x か正解ラベル t を書き換えています",
    ),
    "changed_xt.hint": (
        "compute new arrays (dy = (y - t) / batch_num) instead of updating x or t in place",
        "x や t をその場で書き換えずに、新しい配列を計算してください（dy = (y - t) / batch_num）",
    ),
    "changed_params.hint": (
        "the gradient only reads the weights; updating them is the training loop's job (step 3)",
        "gradient は重みを読むだけです。重みの更新は学習のループの仕事です（ステップ 3）",
    ),
    "no_keys": (
        "grads has none of the keys 'W2', 'b2', 'W1', 'b1' (it has {keys})",
        "grads にキー 'W2', 'b2', 'W1', 'b1' が 1 つもありません（あるのは {keys} です）",
    ),
    "no_keys.hint": (
        "fill in grads['W2'], grads['b2'] (lines 71-72), grads['W1'], grads['b1'] (lines 76-77)",
        "grads['W2'], grads['b2']（71〜72 行目）と grads['W1'], grads['b1']（76〜77 行目）に"
        "値を入れてください",
    ),
    # _diagnose: what each line of the slide computes, in words (a hint, not the answer)
    "line.W2": (
        "line 71: W2's input z1, transposed, times dy",
        "71 行目: W2 への入力 z1 を転置して、dy に掛けます",
    ),
    "line.b2": (
        "line 72: dy summed over the samples (axis=0)",
        "72 行目: dy をサンプルについて足し合わせます（axis=0）",
    ),
    "line.W1": (
        "line 76: W1's input x, transposed, times da1 (line 75: the slope of sigmoid at a1, times dz1)",
        "76 行目: W1 への入力 x を転置して、da1 に掛けます（75 行目: da1 は、a1 でのシグモイド関数の傾きに "
        "dz1 を掛けたものです）",
    ),
    "line.b1": (
        "line 77: da1 summed over the samples (axis=0)",
        "77 行目: da1 をサンプルについて足し合わせます（axis=0）",
    ),
    "scalar": (
        "grads['{key}'] is a single number: np.sum without axis adds up everything",
        "grads['{key}'] が 1 つの数になっています。axis を指定しない np.sum は、すべての要素を足し合わせます",
    ),
    "scalar.hint": (
        "sum over the samples only, axis=0, which leaves one number per unit {shape}; {line}",
        "サンプルについてだけ足し合わせてください（axis=0）。ニューロンごとに 1 つずつ数が残り、"
        "形状は {shape} になります。{line}",
    ),
    "bias_axis1": (
        "grads['{key}'] has shape {g_shape}, one number per sample: the sum ran over axis=1",
        "grads['{key}'] の形状が {g_shape} で、サンプルごとに 1 つの数になっています。axis=1 の向きに"
        "足し合わせています",
    ),
    "bias_axis1.hint": (
        "the bias is added to every sample, so its gradient sums over the samples, axis=0; {line}",
        "バイアスはすべてのサンプルに足されるので、その勾配はサンプルについて足し合わせます（axis=0）。{line}",
    ),
    "transposed": (
        "grads['{key}'] has shape {g_shape}, the transpose of {key}'s {shape}",
        "grads['{key}'] の形状は {g_shape} で、{key} の形状 {shape} の転置です",
    ),
    "shape.hint": (
        "each gradient has the shape of its parameter; {line}",
        "勾配はどれも、そのパラメータと同じ形状です。{line}",
    ),
    "shape": (
        "grads['{key}'] has shape {g_shape}, but {key} has shape {shape}",
        "grads['{key}'] の形状は {g_shape} ですが、{key} の形状は {shape} です",
    ),
    "not_finite": ("a gradient contains nan or inf", "勾配に nan か inf が含まれています"),
    "not_finite.hint": (
        "compare your lines with lines 63-77 of the slide",
        "あなたの行を、スライドの 63〜77 行目と比べてください",
    ),
    # the typical mistakes (_mistakes)
    "sign": (
        "dy has the wrong sign: it is (t - y) instead of (y - t)",
        "dy の符号が逆です。(y - t) ではなく (t - y) になっています",
    ),
    "sign.hint": (
        "line 70: dy = (y - t) / batch_num; with the wrong sign SGD would climb the loss",
        "70 行目: dy = (y - t) / batch_num です。符号が逆だと、SGD は損失関数の値を増やす向きに"
        "進んでしまいます",
    ),
    "a1_for_z1": (
        "line 71 uses a1; in the forward pass W2 multiplies z1 = sigmoid(a1)",
        "71 行目で a1 を使っています。順伝播で W2 に掛かるのは z1 = sigmoid(a1) です",
    ),
    "a1_for_z1.hint": (
        "grads['W2'] = np.dot(z1.T, dy): the gradient of a weight is its input times the gradient of "
        "its output",
        "grads['W2'] = np.dot(z1.T, dy) です。重みの勾配は、その重みへの入力と、出力側の勾配との積です",
    ),
    "minus_t": ("dy forgot to subtract the targets t", "dy で正解ラベル t を引き忘れています"),
    "minus_t.hint": (
        "line 70: dy = (y - t) / batch_num, the gradient of softmax with cross-entropy",
        "70 行目: dy = (y - t) / batch_num です。ソフトマックス関数と交差エントロピー誤差を"
        "組み合わせたときの勾配です",
    ),
    "sigmoid": (
        "line 75 multiplies by sigmoid(a1) instead of its derivative sigmoid_grad(a1)",
        "75 行目で、微分 sigmoid_grad(a1) ではなく sigmoid(a1) を掛けています",
    ),
    "sigmoid.hint": (
        "the backward pass of z1 = sigmoid(a1) multiplies by the slope: da1 = sigmoid_grad(a1) * dz1",
        "z1 = sigmoid(a1) の逆伝播では、傾きを掛けます: da1 = sigmoid_grad(a1) * dz1",
    ),
    "grad_of_z1": (
        "line 75 takes sigmoid_grad of z1; sigmoid_grad expects the input a1",
        "75 行目で z1 の sigmoid_grad を求めています。sigmoid_grad に渡すのは入力の a1 です",
    ),
    "grad_of_z1.hint": (
        "da1 = sigmoid_grad(a1) * dz1 (sigmoid_grad computes sigmoid itself)",
        "da1 = sigmoid_grad(a1) * dz1 です（sigmoid は sigmoid_grad の中で計算されます）",
    ),
    "no_sigmoid": (
        "the sigmoid is skipped on the way back: da1 is missing the factor sigmoid_grad(a1)",
        "逆伝播でシグモイド関数を飛ばしています。da1 に sigmoid_grad(a1) が掛かっていません",
    ),
    "no_sigmoid.hint": (
        "line 75: da1 = sigmoid_grad(a1) * dz1, then line 76 uses da1, not dz1",
        "75 行目: da1 = sigmoid_grad(a1) * dz1 です。そして 76 行目では dz1 ではなく da1 を使います",
    ),
    "mistake": ("grads['{key}'] is wrong: {what}", "grads['{key}'] が間違っています: {what}"),
    "too_large": (
        "grads['{key}'] is {batch} times too large, the batch size: the division by batch_num "
        "is missing",
        "grads['{key}'] が、正しい値の {batch} 倍になっています。{batch} はバッチサイズです。"
        "batch_num で割るのを忘れています",
    ),
    "too_large.hint": (
        "the loss is the mean over the batch, so line 70 divides once: dy = (y - t) / batch_num, "
        "with batch_num = x.shape[0]",
        "損失関数はバッチの平均なので、70 行目で 1 回だけ割ります: dy = (y - t) / batch_num"
        "（batch_num = x.shape[0]）",
    ),
    "too_small": (
        "grads['{key}'] is {batch} times too small: it is divided by batch_num twice",
        "grads['{key}'] が {batch} 分の 1 の大きさしかありません。batch_num で 2 回割っています",
    ),
    "too_small.hint": (
        "divide only once, in line 70: dy = (y - t) / batch_num",
        "割るのは 70 行目の 1 回だけです: dy = (y - t) / batch_num",
    ),
    "ratio": (
        "grads['{key}'] is {ratio:.3g} times the right value",
        "grads['{key}'] が、正しい値の {ratio:.3g} 倍になっています",
    ),
    "ratio.hint": (
        "line 70 divides by the number of samples, batch_num = x.shape[0], not by another size",
        "70 行目で割るのはサンプル数 batch_num = x.shape[0] です。ほかの大きさで割ってはいけません",
    ),
    "disagrees": (
        "grads['{key}'] disagrees with the gradient check by up to {diff:.3g}",
        "勾配確認で、grads['{key}'] が最大 {diff:.3g} ずれています",
    ),
    "disagrees.hint": (
        "{line}; check the lines it depends on too",
        "{line}。この行が使っている、それより前の行も確かめてください",
    ),
    "right_so_far.one": (
        "{right} is right; grads has no {missing} yet",
        "{right} は正しいです。grads にはまだ {missing} がありません",
    ),
    "right_so_far.many": (
        "{right} are right; grads has no {missing} yet",
        "{right} は正しいです。grads にはまだ {missing} がありません",
    ),
    "go_on": ("go on down the slide: {lines}", "スライドの続きを書いてください。{lines}"),
    "go_on.separator": ("; ", "。次に、"),
    # check_gradient_on_mnist
    "mnist.stub": (
        "Your gradient is not written yet (Exercise 2), so this runs nnlib's TwoLayerNet.gradient, "
        "the slides' code:",
        "gradient はまだ書かれていません（演習 2）。代わりに nnlib の TwoLayerNet.gradient"
        "（スライドのコード）で確かめます:",
    ),
    "mnist.whose.nnlib": ("nnlib's", "nnlib の"),
    "mnist.whose.yours": ("your", "あなたの"),
    "mnist.raised": (
        "{whose} gradient on MNIST raised {error}: {exc}",
        "{whose} gradient を MNIST で実行すると、{error} が発生しました: {exc}",
    ),
    "mnist.raised.hint": (
        "run check_gradient(MyTwoLayerNet) above first and follow its hints",
        "まず上の check_gradient(MyTwoLayerNet) を実行して、そのヒントに従ってください",
    ),
    "mnist.passes": (
        "{mark}The gradient check on {n} MNIST images passes: {whose} backward pass "
        "agrees with the numerical gradient for all four parameters ({n_params:,} numbers).",
        "{mark}MNIST の画像 {n} 枚で勾配確認に合格しました: {whose} gradient（逆伝播）は、"
        "4 つのパラメータすべて（{n_params:,} 個の数）で数値微分による勾配と一致します。",
    ),
    "mnist.bad": ("{name} ({verdict})", "{name}（{verdict}）"),
    "mnist.bad.separator": (", ", "、"),
    "mnist.verdict.wrong": ("wrong", "誤り"),
    "mnist.verdict.check": ("check", "要確認"),
    "mnist.disagrees": (
        "on MNIST {whose} gradient disagrees with the numerical one for {bad}",
        "MNIST では、{whose} gradient が数値微分による勾配と一致しません: {bad}",
    ),
    "mnist.disagrees.hint": (
        "run check_gradient(MyTwoLayerNet) above: it names the usual mistakes",
        "上の check_gradient(MyTwoLayerNet) を実行してください。よくある間違いを教えてくれます",
    ),
})  # fmt: skip


def _slide_line(key):
    """What line of the slide computes the gradient of ``key``, in words."""
    return MESSAGES[f"line.{key}"]


# --- sigmoid_grad ------------------------------------------------------------------


@exercise(
    "sigmoid_grad",
    hints=Hints(MESSAGES, "sigmoid_grad.hint1", "sigmoid_grad.hint2", "sigmoid_grad.hint3"),
)
def check_sigmoid_grad(sigmoid_grad):
    """Check ``sigmoid_grad(x)``: the derivative of sigmoid at ``x``, elementwise.

    Diagnoses: returning sigmoid itself, applying ``(1 - x) * x`` to x instead of
    to sigmoid(x), a wrong sign, a wrong shape, changing x in place.
    """
    x = np.linspace(-6.0, 6.0, 13).reshape(13, 1) * np.ones((1, 2))  # (13, 2), includes 0
    x_given = x.copy()
    d = call_student(sigmoid_grad, x_given, what="sigmoid_grad")
    if d is None:
        raise ExerciseFailed(MESSAGES["sg.none"], MESSAGES["sg.none.hint"])
    if not np.array_equal(x_given, x):
        raise ExerciseFailed(MESSAGES["sg.changed_x"], MESSAGES["sg.changed_x.hint"])
    d = np.asarray(d)
    if d.shape != x.shape:
        raise ExerciseFailed(
            MESSAGES["sg.shape"].format(x_shape=x.shape, d_shape=d.shape), MESSAGES["sg.shape.hint"]
        )
    s = sigmoid(x)
    right = (1.0 - s) * s
    if np.allclose(d, right, rtol=1e-6, atol=1e-12):
        numeric = numerical_diff(sigmoid, x)
        if not np.allclose(d, numeric, atol=1e-8):  # cannot happen unless sigmoid itself is wrong
            raise ExerciseFailed(MESSAGES["sg.not_numerical"], MESSAGES["tell_the_teacher"])
        passed(MESSAGES["sg.passed"])
        return
    if np.allclose(d, s):
        raise ExerciseFailed(MESSAGES["sg.sigmoid"], MESSAGES["sg.sigmoid.hint"])
    if np.allclose(d, (1.0 - x) * x):
        raise ExerciseFailed(MESSAGES["sg.of_x"], MESSAGES["sg.of_x.hint"])
    if np.allclose(d, -right):
        raise ExerciseFailed(MESSAGES["sg.sign"], MESSAGES["sg.sign.hint"])
    worst = np.unravel_index(np.argmax(np.abs(d - right)), x.shape)
    raise ExerciseFailed(
        MESSAGES["sg.worst"].format(x=x[worst], got=d[worst], right=right[worst]),
        MESSAGES["sg.worst.hint"],
    )


# --- the backward pass -------------------------------------------------------------


def make_problem(seed):
    """A made-up network and batch: (params, x (BATCH, INPUT), t (BATCH, OUTPUT) one-hot), float64."""
    rng = np.random.default_rng(seed)
    params = {
        "W1": rng.standard_normal((INPUT, HIDDEN)),
        "b1": rng.standard_normal(HIDDEN),
        "W2": rng.standard_normal((HIDDEN, OUTPUT)),
        "b2": rng.standard_normal(OUTPUT),
    }
    x = rng.random((BATCH, INPUT))
    t = np.eye(OUTPUT)[rng.integers(0, OUTPUT, BATCH)]
    return params, x, t


def backward(params, x, t, divide=True, sign=1.0, hidden="sigmoid_grad(a1)", minus_t=True, w2_input="z1"):
    """The slides' backward pass (lines 63-77), with switches for the typical mistakes.

    divide: divide dy by batch_num; sign: +1 for y - t, -1 for t - y;
    hidden: the factor of line 75 ('sigmoid_grad(a1)', 'sigmoid(a1)', 'sigmoid_grad(z1)', 'none');
    minus_t: subtract t (False: dy = y / batch_num); w2_input: what line 71 multiplies ('z1' or 'a1').
    """
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    a1 = np.dot(x, W1) + b1
    z1 = sigmoid(a1)
    a2 = np.dot(z1, W2) + b2
    y = softmax(a2)

    dy = sign * (y - t if minus_t else y)
    if divide:
        dy = dy / x.shape[0]
    dz1 = np.dot(dy, W2.T)
    factor = {
        "sigmoid_grad(a1)": (1.0 - z1) * z1,
        "sigmoid(a1)": z1,
        "sigmoid_grad(z1)": (1.0 - sigmoid(z1)) * sigmoid(z1),
        "none": 1.0,
    }[hidden]
    da1 = factor * dz1
    return {
        "W2": np.dot((z1 if w2_input == "z1" else a1).T, dy),
        "b2": np.sum(dy, axis=0),
        "W1": np.dot(x.T, da1),
        "b1": np.sum(da1, axis=0),
    }


def _numerical(params, x, t):
    """The numerical gradient of the loss of the made-up network (58 parameters: fast)."""
    network = TwoLayerNet(INPUT, HIDDEN, OUTPUT)
    network.params = {key: value.copy() for key, value in params.items()}
    return network.numerical_gradient(x, t)


def _mistakes():
    """The typical wrong backward passes: {what went wrong: (backward switches, hint)}."""
    m = MESSAGES
    return {
        m["sign"]: ({"sign": -1.0}, m["sign.hint"]),
        m["a1_for_z1"]: ({"w2_input": "a1"}, m["a1_for_z1.hint"]),
        m["minus_t"]: ({"minus_t": False}, m["minus_t.hint"]),
        m["sigmoid"]: ({"hidden": "sigmoid(a1)"}, m["sigmoid.hint"]),
        m["grad_of_z1"]: ({"hidden": "sigmoid_grad(z1)"}, m["grad_of_z1.hint"]),
        m["no_sigmoid"]: ({"hidden": "none"}, m["no_sigmoid.hint"]),
    }


@exercise(
    "gradient",
    hints=Hints(MESSAGES, "gradient.hint1", "gradient.hint2", "gradient.hint3", "gradient.hint4"),
    solution="MyTwoLayerNet",
)
def check_gradient(network_class):
    """Check a ``TwoLayerNet`` subclass whose ``gradient(self, x, t)`` the student wrote.

    t is one-hot (N, output_size), as in the slides. Each gradient must have the
    shape of its parameter and agree with the numerical gradient (gradient check).
    Diagnoses: gradient not overridden, an exception (e.g. a missing transpose),
    no dict, missing keys, sums over the wrong axis or over everything, transposed
    results, changing params/x/t in place, forgetting ``/ batch_num`` (or dividing
    by something else), the sign of dy, forgetting ``- t``, sigmoid instead of
    sigmoid_grad, sigmoid_grad of z1, no sigmoid_grad, a1 in place of z1.
    """
    network_class = student_subclass(network_class, "gradient", "check_gradient", "(self, x, t)", "grads")
    checked = []
    for seed in (1, 2):
        params, x, t = make_problem(seed)
        grads = _run(network_class, params, x, t)
        _diagnose(grads, params, x, t)
        checked.append((grads, params, x, t))
    # The report of the first problem, whose targets get probabilities around 0.1-0.6:
    # there the 1e-7 inside the loss's log keeps the agreement near 1e-7 (notebook 05).
    grads, params, x, t = checked[0]
    report = gradient_check(grads, _numerical(params, x, t))
    if not report.ok:  # cannot happen when grads equal the slides' backward pass
        raise ExerciseFailed(
            MESSAGES["check_failed"].format(report=repr(report)), MESSAGES["tell_the_teacher"]
        )
    worst = max(c.norm_error for c in report)
    passed(MESSAGES["passed"].format(worst=worst))


def _run(network_class, params, x, t):
    """Run the student's gradient on a made-up network and batch; return the grads dict."""
    network = network_class(INPUT, HIDDEN, OUTPUT)
    network.params = {key: value.copy() for key, value in params.items()}
    given = (x.copy(), t.copy())
    try:
        grads = network.gradient(*given)
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
            MESSAGES[hint].format(batch=BATCH, input=INPUT, hidden=HIDDEN, output=OUTPUT),
        ) from exc

    if grads is None:
        raise ExerciseFailed(MESSAGES["none"], MESSAGES["none.hint"])
    if not isinstance(grads, dict):
        raise ExerciseFailed(
            MESSAGES["not_dict"].format(type=type(grads).__name__), MESSAGES["not_dict.hint"]
        )
    if not np.array_equal(given[0], x) or not np.array_equal(given[1], t):
        raise ExerciseFailed(MESSAGES["changed_xt"], MESSAGES["changed_xt.hint"])
    check_weights_unchanged(network, params, "gradient", MESSAGES["changed_params.hint"])
    if not any(key in grads for key in ORDER):
        raise ExerciseFailed(
            MESSAGES["no_keys"].format(keys=sorted(map(str, grads))), MESSAGES["no_keys.hint"]
        )
    return {key: np.asarray(grads[key]) for key in ORDER if key in grads}


def _diagnose(grads, params, x, t):
    """Raise ExerciseFailed naming the first wrong gradient (backward order) and the likely mistake.

    grads may lack some keys (a student who has written only lines 70-72 so far): the
    ones present are checked first, then the missing ones are named.
    """
    present = [key for key in ORDER if key in grads]
    for key in present:
        g, shape = grads[key], params[key].shape
        if g.shape == shape:
            continue
        about = {"key": key, "g_shape": g.shape, "shape": shape, "line": _slide_line(key)}
        if g.shape == ():
            raise ExerciseFailed(MESSAGES["scalar"].format(**about), MESSAGES["scalar.hint"].format(**about))
        if key.startswith("b") and g.shape == (BATCH,):
            raise ExerciseFailed(
                MESSAGES["bias_axis1"].format(**about), MESSAGES["bias_axis1.hint"].format(**about)
            )
        if len(shape) == 2 and g.shape == shape[::-1]:
            raise ExerciseFailed(
                MESSAGES["transposed"].format(**about), MESSAGES["shape.hint"].format(**about)
            )
        raise ExerciseFailed(MESSAGES["shape"].format(**about), MESSAGES["shape.hint"].format(**about))
    if not all(np.all(np.isfinite(grads[key])) for key in present):
        raise ExerciseFailed(MESSAGES["not_finite"], MESSAGES["not_finite.hint"])

    right = backward(params, x, t)
    for key in present:
        g, r = grads[key], right[key]
        if np.allclose(g, r, rtol=1e-6, atol=1e-10):
            continue
        for what, (switches, hint) in _mistakes().items():
            if np.allclose(g, backward(params, x, t, **switches)[key], rtol=1e-6, atol=1e-10):
                raise ExerciseFailed(MESSAGES["mistake"].format(key=key, what=what), hint)
        ratio = _constant_ratio(g, r)
        if ratio is not None and np.isclose(ratio, BATCH):
            raise ExerciseFailed(
                MESSAGES["too_large"].format(key=key, batch=BATCH), MESSAGES["too_large.hint"]
            )
        if ratio is not None and np.isclose(ratio, 1 / BATCH):
            raise ExerciseFailed(
                MESSAGES["too_small"].format(key=key, batch=BATCH), MESSAGES["too_small.hint"]
            )
        if ratio is not None:
            raise ExerciseFailed(MESSAGES["ratio"].format(key=key, ratio=ratio), MESSAGES["ratio.hint"])
        raise ExerciseFailed(
            MESSAGES["disagrees"].format(key=key, diff=np.abs(g - r).max()),
            MESSAGES["disagrees.hint"].format(line=_slide_line(key)),
        )
    missing = [key for key in ORDER if key not in grads]
    if missing:
        right_so_far = ", ".join(f"grads['{key}']" for key in present)
        so_far = "right_so_far.one" if len(present) == 1 else "right_so_far.many"
        lines = MESSAGES["go_on.separator"].join(_slide_line(key) for key in missing)
        raise ExerciseFailed(
            MESSAGES[so_far].format(right=right_so_far, missing=", ".join(repr(key) for key in missing)),
            MESSAGES["go_on"].format(lines=lines),
        )


def _constant_ratio(g, r):
    """g / r when g is a constant multiple of r (not 1), else None."""
    scale = float(np.vdot(g, r) / np.vdot(r, r))
    if not np.isclose(scale, 1.0) and np.allclose(g, scale * r, rtol=1e-6, atol=1e-10):
        return scale
    return None


# --- the backward pass on MNIST ---------------------------------------------------------


def check_gradient_on_mnist(network_class, network, x, t, grad_numerical):
    """The gradient check of notebook 05 §2 on the student's ``gradient``, on real digits.

    network_class: the student's TwoLayerNet subclass; network: the notebook's network,
    whose weights it borrows; x: (N, 784), t: (N, 10) one-hot; grad_numerical: that
    network's numerical gradient on x, t. While the student's ``gradient`` is still the
    stub (or not written), it checks nnlib's ``TwoLayerNet.gradient`` instead and says
    so, so that the notebook runs on unsolved. Prints sentences; returns nothing.
    """
    if isinstance(network_class, TwoLayerNet):
        network_class = type(network_class)
    if inspect.isclass(network_class) and issubclass(network_class, TwoLayerNet):
        own = vars(network_class).get("gradient")
    else:
        own = None
    if own is None or is_stub(own):
        print(MESSAGES["mnist.stub"])
        network_class, yours = TwoLayerNet, False
    else:
        yours = True
    whose = MESSAGES["mnist.whose.yours" if yours else "mnist.whose.nnlib"]
    mine = network_class(network.params["W1"].shape[0], network.params["b1"].size, network.params["b2"].size)
    mine.params = network.params  # the same weights
    try:
        grads = mine.gradient(x, t)
        report = gradient_check(grads, grad_numerical)
    except Exception as exc:  # shapes or keys that the small check did not meet
        what = MESSAGES["mnist.raised"].format(whose=whose, error=type(exc).__name__, exc=exc)
        print(FRAMEWORK["not_yet"].format(what=what))
        print(FRAMEWORK["hint_line"].format(hint=MESSAGES["mnist.raised.hint"]))
        return
    n_params = sum(value.size for value in network.params.values())
    if all(c.verdict == "good" for c in report):
        mark = "✓ " if yours else ""
        print(MESSAGES["mnist.passes"].format(mark=mark, n=x.shape[0], whose=whose, n_params=n_params))
    else:
        bad = MESSAGES["mnist.bad.separator"].join(
            MESSAGES["mnist.bad"].format(name=c.name, verdict=MESSAGES[f"mnist.verdict.{c.verdict}"])
            for c in report
            if c.verdict != "good"
        )
        print(FRAMEWORK["not_yet"].format(what=MESSAGES["mnist.disagrees"].format(whose=whose, bad=bad)))
        print(FRAMEWORK["hint_line"].format(hint=MESSAGES["mnist.disagrees.hint"]))
