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

from nnlib.exercises import ExerciseFailed, Hints, call_student, exercise, passed
from nnlib.i18n import catalog
from nnlib.two_layer_net import TwoLayerNet, one_hot

KEYS = ("W1", "b1", "W2", "b2")
LEARNING_RATE = 0.03  # not the notebook's 0.1, so a hard-coded 0.1 shows
BATCH_SIZE = 5

MESSAGES = catalog("exercises.training", {
    # the hints of the exercise
    "update.hint1": (
        "Step 3 (パラメータの更新) moves every parameter a little against its gradient, as "
        "gradient_descent moved x in notebook 03. The parameters are the four arrays of "
        "network.params, under the keys 'W1', 'b1', 'W2', 'b2'; grad has the same keys.",
        "ステップ 3（パラメータの更新）では、すべてのパラメータを、勾配と逆の向きに少しだけ動かします。"
        "ノートブック 03 の gradient_descent で x を動かしたのと同じです。パラメータは network.params の "
        "4 つの配列で、キーは 'W1', 'b1', 'W2', 'b2' です。grad も同じキーをもっています。",
    ),
    "update.hint2": (
        "Loop over the four keys. For each: new value = old value - learning_rate x the "
        "gradient of the same key.",
        "4 つのキーについてループします。どのキーでも、新しい値 = 元の値 - learning_rate × 同じキーの勾配 "
        "です。",
    ),
    "update.hint3": (
        "Write into the dictionary: network.params[key] is what changes, on the left of an "
        "in-place -=; on the right, the learning rate times grad of that key. Nothing is returned.",
        "ディクショナリそのものに書き込みます。変わるのは network.params[key] で、その場で値を減らす -= の"
        "左辺に書きます。右辺は、学習率とそのキーの grad との積です。何も返しません。",
    ),
    # check_update
    "global_grad": (
        "your update reads the notebook's global `grad`, not the gradient passed in",
        "あなたの update は、渡された勾配ではなく、ノートブックのグローバル変数 `grad` を読んでいます",
    ),
    "global_grad.hint": (
        "name the second parameter grad (def update(network, grad, learning_rate)) "
        "or use the name you gave it",
        "2 番目の引数の名前を grad にする（def update(network, grad, learning_rate)）か、"
        "自分で付けた名前のほうを使ってください",
    ),
    "call.what": ("your update", "あなたの update"),
    "call.hint": (
        "run it on its own and read the error line by line: network.params and "
        "grad are dicts, one array per key ('W1', 'b1', 'W2', 'b2')",
        "関数だけを別のセルで実行して、エラーメッセージを 1 行ずつ読んでください。network.params と grad は"
        "ディクショナリで、キー（'W1', 'b1', 'W2', 'b2'）ごとに配列が 1 つ入っています",
    ),
    "changed_grad": (
        "your update changed the gradient itself: grad {keys} "
        "(e.g. grad[key] *= learning_rate)",
        "あなたの update が勾配そのものを書き換えています: grad {keys}"
        "（たとえば grad[key] *= learning_rate）",
    ),
    "changed_grad.hint": (
        "leave grad alone: learning_rate * grad[key] is a new array already, "
        "so nothing needs to be scaled in place first",
        "grad には手を付けないでください。learning_rate * grad[key] はそれだけで新しい配列になるので、"
        "先にその場で掛けておく必要はありません",
    ),
    "lost": ("network.params has lost {missing}", "network.params から {missing} が消えています"),
    "lost.hint": (
        "update the four entries; do not remove or rename them",
        "4 つの項目を更新してください。削除したり、名前を変えたりしてはいけません",
    ),
    "returned": (
        "no parameter changed: your function returned a {type}, but "
        "the training loop ignores what update returns; it reads network.params",
        "どのパラメータも変わっていません。あなたの関数は {type} を返しましたが、学習のループは update の"
        "戻り値を使いません。学習のループが読むのは network.params です",
    ),
    "returned.hint": (
        "change the arrays in network.params themselves (or store the new ones there); "
        "then there is nothing to return",
        "network.params の配列そのものを変えてください（または、新しい配列をそこに入れてください）。"
        "そうすれば、返すものはありません",
    ),
    "global_network": (
        "no parameter of the network passed in changed: your function updates the "
        "notebook's global `network` instead of its argument",
        "渡されたネットワークのパラメータが、どれも変わっていません。あなたの関数は、引数ではなく"
        "ノートブックのグローバル変数 `network` を更新しています",
    ),
    "global_network.hint": (
        "name the first parameter network (def update(network, grad, learning_rate)) "
        "or use the name you gave it",
        "1 番目の引数の名前を network にする（def update(network, grad, learning_rate)）か、"
        "自分で付けた名前のほうを使ってください",
    ),
    "local_name": (
        "no parameter changed. A line like `W = W - learning_rate * grad[key]` makes a new "
        "array and gives it a local name; network.params still holds the old one",
        "どのパラメータも変わっていません。`W = W - learning_rate * grad[key]` のような行は、新しい配列を"
        "作ってローカルな名前を付けるだけです。network.params には元の配列が入ったままです",
    ),
    "local_name.hint": (
        "write into the dictionary itself: network.params[key] on the left of the assignment",
        "ディクショナリそのものに書き込んでください。代入の左辺に network.params[key] を書きます",
    ),
    "only_some": (
        "only {right} moved; {unchanged} did not: every parameter "
        "has a gradient and must be updated",
        "{right} だけが動き、{unchanged} は動いていません。どのパラメータにも勾配があるので、"
        "すべて更新する必要があります",
    ),
    "only_some.hint": (
        "loop over all four keys: for key in ('W1', 'b1', 'W2', 'b2'):",
        "4 つのキーすべてについてループしてください: for key in ('W1', 'b1', 'W2', 'b2'):",
    ),
    # what happened to one parameter (_diagnose); the text reads after "every parameter" or "params['W1']"
    "every": ("every parameter {what}", "すべてのパラメータが{what}"),
    "one": ("params['{key}'] {what}", "params['{key}'] が{what}"),
    "shape": (
        "now has shape {after} instead of {before}",
        "、形状 {before} から {after} に変わってしまいました",
    ),
    "shape.hint": (
        "each parameter moves by its own gradient: the same key on both sides",
        "どのパラメータも、自分と同じキーの勾配で動きます。左辺と右辺で同じキーを使ってください",
    ),
    "unchanged": ("did not change", "変わっていません"),
    "unchanged.hint": (
        "every one of the four parameters takes a step, biases too",
        "4 つのパラメータはすべて更新します。バイアスも同じです",
    ),
    "replaced": (
        "was replaced by the step -learning_rate * grad: the old value is gone (= instead of -=)",
        "更新量 -learning_rate * grad で置き換えられ、元の値が消えています（-= ではなく = になっています）",
    ),
    "replaced.hint": (
        "the new value is the old value minus the step: keep the old value in the sum (or use -=)",
        "新しい値は、元の値から 1 回分の更新量を引いたものです。式の中に元の値を残してください"
        "（または -= を使います）",
    ),
    # a step of c * grad for the wrong c (_slips): c / (-learning_rate), in the order checked
    "up": (
        "moved UP the gradient (+= instead of -=): that is gradient ascent, the loss grows",
        "勾配の向き（上り坂）に動きました（-= ではなく += になっています）。これでは損失関数の値が"
        "大きくなってしまいます",
    ),
    "up.hint": (
        "the gradient points uphill; a step of descent goes the other way: subtract it, do not add it",
        "勾配は上り坂の向きを指しています。勾配降下法では逆の向きに進むので、勾配を足すのではなく"
        "引いてください",
    ),
    "no_lr": (
        "moved by the whole gradient: the learning rate is missing",
        "勾配そのものの大きさだけ動きました。学習率が掛かっていません",
    ),
    "no_lr.hint": (
        "the step is the gradient scaled by learning_rate (η), not the gradient itself",
        "1 回に動かす量は、勾配そのものではなく、勾配に learning_rate（η）を掛けたものです",
    ),
    "up_no_lr": (
        "moved up by the whole gradient: += instead of -=, and no learning rate",
        "勾配そのものの大きさだけ、上り坂の向きに動きました。-= ではなく += で、学習率も掛かっていません",
    ),
    "up_no_lr.hint": (
        "two slips: the step goes against the gradient (subtract), and it is scaled by learning_rate",
        "間違いが 2 つあります。勾配と逆の向きに進むこと（引くこと）と、learning_rate を掛けることです",
    ),
    "fixed_01": (
        "moved by 0.1 * grad, but the learning rate passed in was {lr}: "
        "the function uses a fixed 0.1 (or the notebook's global learning_rate) instead of its argument",
        "、0.1 * grad だけ動きましたが、渡された学習率は {lr} でした。この関数は引数ではなく、固定の 0.1"
        "（またはノートブックのグローバル変数 learning_rate）を使っています",
    ),
    "fixed.hint": (
        "use the parameter learning_rate of your def line, whatever value it is called with",
        "どんな値で呼ばれても、def の行にある引数 learning_rate を使ってください",
    ),
    "fixed_001": (
        "moved by 0.01 * grad, but the learning rate passed in was {lr}: "
        "the function uses a fixed number instead of its argument",
        "、0.01 * grad だけ動きましたが、渡された学習率は {lr} でした。この関数は引数ではなく、"
        "固定の数を使っています",
    ),
    "twice": (
        "moved twice as far as one step: the update ran twice",
        "、1 回分の 2 倍動きました。更新が 2 回行われています",
    ),
    "twice.hint": (
        "one call of update is one step: each key is updated once",
        "update を 1 回呼ぶと、更新 1 回分です。どのキーも 1 回だけ更新します",
    ),
    "per_batch": (
        "moved 1/{batch_size} of the step: the gradient was divided by the batch size "
        "again, but it already is the mean over the batch (dy = (y - t) / batch_num)",
        "、1 回分の 1/{batch_size} しか動きませんでした。勾配をもう一度バッチサイズで割っていますが、"
        "勾配はすでにバッチの平均になっています（dy = (y - t) / batch_num）",
    ),
    "per_batch.hint": (
        "no division by the batch size here: grad is ready to use",
        "ここではバッチサイズで割りません。grad はそのまま使えます",
    ),
    "lr_squared": (
        "moved by learning_rate**2 * grad: the learning rate was applied twice",
        "、learning_rate**2 * grad だけ動きました。学習率を 2 回掛けています",
    ),
    "lr_squared.hint": ("multiply by learning_rate once", "learning_rate を掛けるのは 1 回だけです"),
    # any other c, or no c at all
    "other_c": (
        "moved by {c:.4g} * grad; one step is -learning_rate * grad = {step} * grad",
        "、{c:.4g} * grad だけ動きました。1 回の更新は -learning_rate * grad = {step} * grad です",
    ),
    "other_c.hint": (
        "one step is -learning_rate times the gradient, nothing more",
        "1 回の更新は、勾配に -learning_rate を掛けたもの、それだけです",
    ),
    "other_direction": ("did not move along its own gradient", "自分の勾配の向きに動いていません"),
    "other_direction.hint": (
        "each parameter moves by the gradient of its own key: W1 by grad['W1'], and so on",
        "どのパラメータも、自分と同じキーの勾配で動きます。W1 は grad['W1'] で、ほかも同じです",
    ),
    # passed
    "in_place": ("updated in place with -=", "-= でその場で更新されています"),
    "replaced_arrays": (
        "replaced by new arrays (fine: the network reads params at every call; -= saves a copy)",
        "新しい配列に置き換えられています（これで正しく動きます。ネットワークは呼ばれるたびに params を"
        "読むからです。-= ならコピーを作らずに済みます）",
    ),
    "passed": (
        "every parameter moved by -learning_rate * grad[key], {how}; grad left unchanged.",
        "すべてのパラメータが -learning_rate * grad[key] だけ動きました。{how}。grad は変わっていません。",
    ),
})  # fmt: skip


def _tiny_problem():
    """A 4 -> 3 -> 2 network, a batch of 5 and its gradient (float64, fixed seed)."""
    rng = np.random.default_rng(5)
    network = TwoLayerNet(4, 3, 2, weight_init_std=0.5, rng=rng)
    x = rng.standard_normal((BATCH_SIZE, 4))
    t = one_hot(rng.integers(0, 2, BATCH_SIZE), 2).astype(np.float64)
    return network, network.gradient(x, t)


def _call(update, network, grad):
    return call_student(
        update, network, grad, LEARNING_RATE, what=MESSAGES["call.what"], hint=MESSAGES["call.hint"]
    )


def _slips():
    """What a step of c * grad means, as c / (-learning_rate): [(ratio, what went wrong, hint)].

    The hints point at the slip; none spells out the whole line (that is what solution() is for).
    """
    m, lr = MESSAGES, LEARNING_RATE
    return [
        (-1.0, m["up"], m["up.hint"]),
        (1 / lr, m["no_lr"], m["no_lr.hint"]),
        (-1 / lr, m["up_no_lr"], m["up_no_lr.hint"]),
        (0.1 / lr, m["fixed_01"].format(lr=lr), m["fixed.hint"]),
        (0.01 / lr, m["fixed_001"].format(lr=lr), m["fixed.hint"]),
        (2.0, m["twice"], m["twice.hint"]),
        (1 / BATCH_SIZE, m["per_batch"].format(batch_size=BATCH_SIZE), m["per_batch.hint"]),
        (lr, m["lr_squared"], m["lr_squared.hint"]),
    ]


def _diagnose(before, after, g):
    """What happened to one parameter: None if it moved by -learning_rate * g, else (what, hint).

    ``what`` reads after "every parameter" or "params['W1']" (MESSAGES["every"], MESSAGES["one"]).
    """
    step = -LEARNING_RATE * g
    after = np.asarray(after)
    if after.shape != before.shape:
        return MESSAGES["shape"].format(after=after.shape, before=before.shape), MESSAGES["shape.hint"]
    delta = after - before
    if np.allclose(delta, step, rtol=1e-6, atol=1e-12):
        return None
    if not delta.any():
        return MESSAGES["unchanged"], MESSAGES["unchanged.hint"]
    if np.allclose(after, step, rtol=1e-6, atol=1e-12):
        return MESSAGES["replaced"], MESSAGES["replaced.hint"]
    c = np.vdot(delta, g) / np.vdot(g, g)  # the best c with delta ≈ c * g
    if np.allclose(delta, c * g, rtol=1e-6, atol=1e-12):
        for ratio, what, hint in _slips():
            if np.isclose(c / -LEARNING_RATE, ratio, rtol=1e-6):
                return what, hint
        return MESSAGES["other_c"].format(c=c, step=-LEARNING_RATE), MESSAGES["other_c.hint"]
    return MESSAGES["other_direction"], MESSAGES["other_direction.hint"]


def _uses_global(update, name):
    code = getattr(update, "__code__", None)
    return code is not None and name in code.co_names and name not in code.co_varnames


@exercise("update", hints=Hints(MESSAGES, "update.hint1", "update.hint2", "update.hint3"))
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
        raise ExerciseFailed(MESSAGES["global_grad"], MESSAGES["global_grad.hint"])
    result = _call(update, network, grad)

    changed_grads = [key for key in KEYS if not np.array_equal(grad[key], grad_before[key])]
    if changed_grads:
        raise ExerciseFailed(
            MESSAGES["changed_grad"].format(keys=changed_grads), MESSAGES["changed_grad.hint"]
        )
    params = network.params
    missing = [key for key in KEYS if key not in params]
    if missing:
        raise ExerciseFailed(MESSAGES["lost"].format(missing=missing), MESSAGES["lost.hint"])

    problems = {key: _diagnose(before[key], params[key], grad_before[key]) for key in KEYS}
    unchanged = [key for key in KEYS if np.array_equal(np.asarray(params[key]), before[key])]
    if len(unchanged) == len(KEYS):
        if result is not None:
            raise ExerciseFailed(
                MESSAGES["returned"].format(type=type(result).__name__), MESSAGES["returned.hint"]
            )
        if _uses_global(update, "network"):
            raise ExerciseFailed(MESSAGES["global_network"], MESSAGES["global_network.hint"])
        raise ExerciseFailed(MESSAGES["local_name"], MESSAGES["local_name.hint"])
    right = [key for key in KEYS if problems[key] is None]
    if unchanged and len(right) + len(unchanged) == len(KEYS):
        raise ExerciseFailed(
            MESSAGES["only_some"].format(right=", ".join(right), unchanged=", ".join(unchanged)),
            MESSAGES["only_some.hint"],
        )
    wrong = [key for key in KEYS if problems[key] is not None]
    if wrong:
        what, hint = problems[wrong[0]]
        if len(wrong) == len(KEYS) and all(problems[key] == problems[wrong[0]] for key in KEYS):
            raise ExerciseFailed(MESSAGES["every"].format(what=what), hint)
        raise ExerciseFailed(MESSAGES["one"].format(key=wrong[0], what=what), hint)

    if all(params[key] is arrays_before[key] for key in KEYS):
        how = MESSAGES["in_place"]
    else:
        how = MESSAGES["replaced_arrays"]
    passed(MESSAGES["passed"].format(how=how))
