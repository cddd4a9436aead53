"""The lecture demos: one click sets the dashboard up and trains labelled runs side by side.

Each demo is a few runs that differ in one setting, trained one after the other on a
cleared plot (as ``Dashboard.compare``), and one sentence that says what to look at,
shown in the dashboard's message line when the runs are done. No widgets here.

    await dash.demo("lr_too_large")     # from code; or the dashboard's "demo" menu
"""

from dataclasses import dataclass

from nnlib.i18n import catalog

# Each demo's line in the menu (title) and the sentence shown after it (look): short,
# with the title one line of the message area at 1280 px.
MESSAGES = catalog("dashboard.demos", {
    "lr_too_large_title": ("learning rate too large (10)", "学習率が大きすぎる例 (10)"),
    "lr_too_large_look": (
        "Look at the loss: with η = 10 it jumps up, then stays at guessing (2.3) and the run is "
        "stopped; η = 0.1 falls.",
        "損失関数の値を見てください。η = 10 では跳ね上がり、当てずっぽうの 2.3 から"
        "下がらず、学習が止められます。η = 0.1 では下がります。",
    ),
    "lr_too_small_title": ("learning rate too small (0.001)", "学習率が小さすぎる例 (0.001)"),
    "lr_too_small_look": (
        "Look at the loss: η = 0.001 stays on the plateau at 2.3 for 500 iterations; η = 0.1, "
        "100× larger steps, falls.",
        "損失関数の値を見てください。η = 0.001 では 500 回更新しても 2.3 のプラトーのままです。"
        "100 倍大きく進む η = 0.1 では下がります。",
    ),
    "batch_1_vs_100_title": ("batch size 1 vs 100", "バッチサイズ 1 と 100 の比較"),
    "batch_1_vs_100_look": (
        "Look at the light band around the loss: batch 1 jumps around far more than batch 100, "
        "and is further behind.",
        "損失関数の値のまわりの薄い帯を見てください。バッチサイズ 1 は 100 よりずっと大きく"
        "ばらつき、下がり方も遅れます。",
    ),
    "overfitting_title": ("over-fitting (300 training images)", "過学習の例 (訓練データ 300 枚)"),
    "overfitting_look": (
        "Look at the accuracy: the 300 training images (─) are soon all right, the test images "
        "(- -) stay far lower.",
        "認識精度を見てください。訓練データ 300 枚 (─) はすぐに全問正解になりますが、"
        "テストデータ (- -) はずっと低いままです。",
    ),
    "hidden_size_title": ("hidden size 5 vs 50 vs 200", "ニューロン数 5、50、200 の比較"),
    "hidden_size_look": (
        "Look at the test accuracy (- -): 5 hidden units fall behind; 200 do about as well as 50, "
        "at 4× the computation.",
        "テストデータの認識精度 (- -) を見てください。ニューロン 5 個では遅れます。"
        "200 個は 50 個とほぼ同じで、計算は 4 倍です。",
    ),
    "unknown": ("demo: unknown demo {name!r}; the demos are {names}",
                "demo: {name!r} というデモはありません。デモは {names} です"),
})  # fmt: skip


@dataclass(frozen=True)
class Demo:
    """name: what ``dash.demo(name)`` takes; settings: what every run uses (learning_rate,
    batch_size, hidden_size, train_size); vary: (setting, [value per run]); iterations: per
    run. Its title (its line in the menu) and look (the sentence shown after) are in
    ``MESSAGES``, in the language chosen when they are read."""

    name: str
    settings: dict
    vary: tuple
    iterations: int

    @property
    def title(self):
        """Its line in the menu: "over-fitting (300 training images)"."""
        return MESSAGES[f"{self.name}_title"]

    @property
    def look(self):
        """The sentence shown when its runs are done: what to look at."""
        return MESSAGES[f"{self.name}_look"]

    @property
    def heading(self):
        """The title without its parenthesis, capitalised: "Over-fitting"."""
        short = self.title.split(" (")[0]
        return short[0].upper() + short[1:]


DEMOS = {
    demo.name: demo
    for demo in [
        Demo("lr_too_large", dict(batch_size=100, hidden_size=50, train_size=0),
             ("learning_rate", [0.1, 10.0]), 500),
        Demo("lr_too_small", dict(batch_size=100, hidden_size=50, train_size=0),
             ("learning_rate", [0.001, 0.1]), 500),
        Demo("batch_1_vs_100", dict(learning_rate=0.1, hidden_size=50, train_size=0),
             ("batch_size", [1, 100]), 1000),
        Demo("overfitting", dict(learning_rate=0.5, batch_size=100, hidden_size=50),
             ("train_size", [300]), 1500),
        Demo("hidden_size", dict(learning_rate=0.5, batch_size=100, train_size=0),
             ("hidden_size", [5, 50, 200]), 600),
    ]
}  # fmt: skip


def find(name):
    """The demo called ``name``; a ValueError listing the names for an unknown one."""
    if name not in DEMOS:
        raise ValueError(MESSAGES["unknown"].format(name=name, names=", ".join(DEMOS)))
    return DEMOS[name]
