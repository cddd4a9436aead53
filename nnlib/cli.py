"""The command line: ``python -m nnlib train`` and ``python -m nnlib download`` (or ``nnlib ...``).

Every text a user reads is in ``TEXT`` below, in English and Japanese (``NNLIB_LANG=ja``),
and so are argparse's own words ("usage:", "options", the help option's line, the error
prefix): ``Parser`` and ``Formatter`` put them in, through the parser's help option,
``error()`` and the usage prefix, so no ``.mo`` file is needed.
"""

import argparse
import math
import os
import re
import sys
import unicodedata
from pathlib import Path

from nnlib import mnist
from nnlib.i18n import catalog

# --- what the user reads ---------------------------------------------------------------

TEXT = catalog("cli", {
    # argparse's own words
    "usage": ("usage: ",
              "使い方: "),
    "options": ("options",
                "オプション"),
    "help": ("show this help message and exit",
             "このヘルプを表示して終了します"),
    # the help
    "description": ("Train the book's two-layer network on MNIST, or download MNIST for offline use.",
                    "本書の 2 層ニューラルネットワークを MNIST で学習します。"
                    "オフラインで使うために MNIST をダウンロードすることもできます。"),
    "epilog": ("Run 'COMMAND --help' for the options of a command, e.g. 'PROG train --help'.",
               "各コマンドのオプションは 'COMMAND --help' で表示できます（例: 'PROG train --help'）。"),
    "commands": ("commands",
                 "コマンド"),
    "train_help": ("train TwoLayerNet on MNIST by mini-batch SGD (the book's recipe)",
                   "TwoLayerNet を MNIST でミニバッチ学習します（確率的勾配降下法 (SGD)、本書の手順）"),
    "train_description": (
        "Train the book's TwoLayerNet (784 -> hidden -> 10) on MNIST by mini-batch SGD, "
        "with the slides' recipe by default.",
        "本書の TwoLayerNet（784 -> 隠れ層 -> 10）を、確率的勾配降下法 (SGD) によるミニバッチ学習で "
        "MNIST について学習します。既定値はスライドと同じ設定です。"),
    "train_epilog": (
        "What it prints: a progress bar while it trains (on stderr); once per epoch (each "
        "time as many images as the training set has were drawn: every 600 iterations with "
        "the full MNIST and batch 100), the slides' line 'train acc, test acc | 0.9012, "
        "0.9056' (on stdout), a few hundred iterations after that epoch began, because the "
        "accuracy is measured on a second core while training goes on; and at the end, "
        "the accuracy of the final weights, marked 'final'. Training that diverges stops "
        "with a message (exit status 1). Without internet it trains on the offline sample "
        "(4,000 training digits) and says so.",
        "表示する内容: 学習中は、進み具合を示すバーを表示します（標準エラー出力）。"
        "1 エポックごとに（訓練データと同じ枚数の画像を取り出すたびに。MNIST の全データで"
        "バッチサイズ 100 なら 600 イテレーションごとに）、スライドと同じ行 "
        "'train acc, test acc | 0.9012, 0.9056' を表示します（標準出力）。train acc は訓練データの"
        "認識精度、test acc はテストデータの認識精度です。認識精度は学習を続けながら別のコアで"
        "測るので、この行はそのエポックが始まってから数百イテレーション後に出ます。最後に、"
        "学習を終えた重みの認識精度を「最終結果」として表示します。学習が発散したときは、"
        "メッセージを表示して止まります（終了コード 1）。インターネットにつながらないときは、"
        "オフライン用のサンプル（訓練データ 4,000 枚）で学習し、そのことを表示します。"),
    "download_help": ("fetch and verify the full MNIST into the cache (for offline use)",
                      "MNIST の全データを取得して検証し、キャッシュに保存します（オフラインで使うため）"),
    "iters": ("iterations, 1 to {max} (default: %(default)s)",
              "更新回数（イテレーション）。1 から {max} まで（既定値: %(default)s）"),
    "batch_size": ("mini-batch size, at least 1; more than the training set has is cut to "
                   "its size (default: %(default)s)",
                   "バッチサイズ。1 以上。訓練データの枚数より大きいときは、その枚数にします"
                   "（既定値: %(default)s）"),
    "lr": ("learning rate, a number > 0 (default: %(default)s)",
           "学習率。0 より大きい数（既定値: %(default)s）"),
    "hidden": ("hidden units, 1 to {max} (default: %(default)s)",
               "隠れ層のニューロンの数。1 から {max} まで（既定値: %(default)s）"),
    "seed": ("seed for the weights and the mini-batches, a whole number >= 0 "
             "(default: none, a different run each time)",
             "重みの初期値とミニバッチの選び方を決める乱数のシード。0 以上の整数"
             "（既定値: なし。毎回ちがう結果になります）"),
    "plot": ("save the accuracy figure to PATH before exiting; the format is PATH's extension "
             "(png if it has none): {formats}",
             "終了する前に、認識精度のグラフを PATH に保存します。形式は PATH の拡張子で決まります"
             "（拡張子がなければ png）: {formats}"),
    # argument errors: argparse puts "argument --NAME: " in front of each
    "not_whole": ("{text!r} is not a whole number",
                  "{text!r} は整数ではありません"),
    "too_small": ("must be at least {low}, got {text}",
                  "{low} 以上の値にしてください（{text} が指定されました）"),
    "too_large": ("must be at most {high}, got {text}",
                  "{high} 以下の値にしてください（{text} が指定されました）"),
    "not_number": ("{text!r} is not a number",
                   "{text!r} は数ではありません"),
    "not_finite": ("{text!r} is not a finite number; give a number > 0, e.g. {example}",
                   "{text!r} は有限の数ではありません。0 より大きい数を指定してください（例: {example}）"),
    "not_positive": ("must be greater than 0, got {text}",
                     "0 より大きい数にしてください（{text} が指定されました）"),
    "plot_is_folder": ("{path} is a folder; give a file name, e.g. {path}/acc.png",
                       "{path} はフォルダです。ファイル名を指定してください（例: {path}/acc.png）"),
    "plot_format": ("{path}: unknown figure format '.{ext}'; use one of {formats}",
                    "{path}: 図の形式 '.{ext}' には対応していません。{formats} のどれかを使ってください"),
    "plot_no_folder": ("{path}: the folder {folder} does not exist; create it first or choose another",
                       "{path}: フォルダ {folder} がありません。先に作るか、別のフォルダを選んでください"),
    "plot_not_writable": ("{path}: cannot write into the folder {folder} (no permission)",
                          "{path}: フォルダ {folder} に書き込めません（権限がありません）"),
    "plot_file_not_writable": ("{path} exists and may not be overwritten (no permission); "
                               "choose another name",
                               "{path} はすでにあり、上書きできません（権限がありません）。"
                               "別の名前を選んでください"),
    # argparse's own errors, as it words them in English (see argparse_message)
    "argparse_error": ("{prog}: error: {message}",
                       "{prog}: エラー: {message}"),
    "argparse_argument": ("argument {name}: {message}",
                          "引数 {name}: {message}"),
    "argparse_expected_one": ("expected one argument",
                              "値を 1 つ指定してください"),
    "argparse_invalid_choice": ("invalid choice: {value} (choose from {choices})",
                                "{value} は選べません（{choices} から選んでください）"),
    "argparse_unrecognized": ("unrecognized arguments: {args}",
                              "解釈できない引数があります: {args}"),
    # messages while running
    "batch_capped": (
        "nnlib: --batch-size {asked} is more than the {size} training images; using {size} "
        "(a larger mini-batch only repeats images and is slower)",
        "nnlib: --batch-size {asked} は訓練データの枚数 {size} より多いので、{size} にします"
        "（ミニバッチを大きくしても同じ画像を繰り返すだけで、遅くなります）"),
    # the progress bar (tqdm's bar_format; English: tqdm's own, "  5%|▌    | 35/700 [00:01<00:20, 33.0it/s]")
    "progress": ("{l_bar}{bar}{r_bar}",
                 "学習中 {l_bar}{bar}{r_bar}"),
    "progress_unit": ("it",
                      "回"),
    "final": ("final: train acc, test acc | {train:.4f}, {test:.4f} "
              "(after {iters} iterations, epoch {epoch:.2f})",
              "最終結果: train acc, test acc | {train:.4f}, {test:.4f}"
              "（{iters} イテレーション後、エポック {epoch:.2f}）"),
    "plot_final_label": ("final",
                         "最終結果"),
    "plot_title": ("final (iteration {iters}): train {train:.4f}, test {test:.4f}",
                   "最終結果（{iters} イテレーション）: 訓練データ {train:.4f}、テストデータ {test:.4f}"),
    "saved_plot": ("saved the accuracy figure to {path}",
                   "認識精度のグラフを {path} に保存しました"),
    "diverged": (
        "training diverged at iteration {iteration}: the loss is {loss:.3g}. "
        "The learning rate {lr:g} is too large; try a smaller --lr.",
        "{iteration} イテレーション目で学習が発散しました。損失関数の値は {loss:.3g} です。"
        "学習率 {lr:g} が大きすぎます。--lr にもっと小さい値を指定してください。"),
    "downloaded": ("MNIST ({train} train, {test} test images) verified in {folder}",
                   "MNIST（訓練データ {train} 枚、テストデータ {test} 枚）を {folder} で検証しました"),
    "interrupted": ("nnlib: interrupted (Ctrl-C)",
                    "nnlib: 中断しました (Ctrl-C)"),
    "interrupted_training": ("nnlib: interrupted (Ctrl-C) at iteration {iteration} of {iters}; "
                             "nothing was saved",
                             "nnlib: {iters} イテレーションのうち {iteration} イテレーション目で中断しました "
                             "(Ctrl-C)。何も保存していません"),
    "error": ("error: {exc}",
              "エラー: {exc}"),
})  # fmt: skip

MAX_ITERS = 10_000_000  # 10,000 is the book's; ten million take hours
MAX_HIDDEN = 10_000  # 784 x 10,000 weights: 31 MB in float32
DEFAULT_PLOT_FORMAT = "png"  # matplotlib's default when a file name has no extension
# What matplotlib writes without extra programs (pgf needs LaTeX); the Agg backend's list.
PLOT_FORMATS = ("png", "pdf", "svg", "jpg", "jpeg", "eps", "ps", "tif", "tiff", "webp")

# --- argument types: each error names the option (argparse adds "argument --NAME:") ---


def whole_number(low, high=None):
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(TEXT["not_whole"].format(text=text)) from None
        if value < low:
            raise argparse.ArgumentTypeError(TEXT["too_small"].format(low=low, text=text))
        if high is not None and value > high:
            raise argparse.ArgumentTypeError(TEXT["too_large"].format(high=f"{high:,}", text=text))
        return value

    return parse


def positive_number(example):
    def parse(text):
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(TEXT["not_number"].format(text=text)) from None
        if not math.isfinite(value):  # float() takes 'nan' and 'inf'
            raise argparse.ArgumentTypeError(TEXT["not_finite"].format(text=text, example=example))
        if value <= 0:
            raise argparse.ArgumentTypeError(TEXT["not_positive"].format(text=text))
        return value

    return parse


def figure_path(text):
    """--plot PATH: a known format in a writable folder, checked before any training.

    Returns the Path that will be written: PATH itself, or PATH.png if it has no extension.
    """
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(TEXT["plot_is_folder"].format(path=text))
    ext = path.suffix.lower().removeprefix(".")
    if not ext:
        path = path.with_name(path.name + "." + DEFAULT_PLOT_FORMAT)
    elif ext not in PLOT_FORMATS:
        raise argparse.ArgumentTypeError(TEXT["plot_format"].format(
            path=text, ext=ext, formats=", ".join(PLOT_FORMATS)))  # fmt: skip
    folder = path.parent
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(TEXT["plot_no_folder"].format(path=text, folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(TEXT["plot_not_writable"].format(path=text, folder=folder))
    if path.exists() and not os.access(path, os.W_OK):
        raise argparse.ArgumentTypeError(TEXT["plot_file_not_writable"].format(path=path))
    return path


# --- argparse in the current language ---------------------------------------------------

# argparse's own error sentences, as it words them (in English): each becomes its TEXT entry
_ARGPARSE_ERRORS = (
    (re.compile(r"argument (?P<name>\S+): (?P<message>.*)", re.S), "argparse_argument"),
    (re.compile(r"expected one argument"), "argparse_expected_one"),
    (re.compile(r"invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)", re.S),
     "argparse_invalid_choice"),
    (re.compile(r"unrecognized arguments: (?P<args>.*)", re.S), "argparse_unrecognized"),
)  # fmt: skip


def argparse_message(message):
    """An error message of argparse in the current language (English: ``message`` itself)."""
    for pattern, key in _ARGPARSE_ERRORS:
        match = pattern.fullmatch(message)
        if match:
            fields = match.groupdict()
            if "message" in fields:  # "argument --lr: expected one argument"
                fields["message"] = argparse_message(fields["message"])
            return TEXT[key].format(**fields)
    return message


# A line of Japanese may break between any two characters, but not before these or after those.
_NO_LINE_START = frozenset("、。，．）」』：；！？")
_NO_LINE_END = frozenset("（「『")


def _width(text):
    """Columns on a terminal: a wide (Japanese) character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text, width):
    """``text`` in lines of at most ``width`` columns: textwrap for text with Japanese in it.

    Whitespace is collapsed; a line breaks at a space or between two Japanese characters,
    and an English word or number is never split.
    """
    tokens = []  # words of narrow characters, single wide characters, single spaces
    for char in " ".join(text.split()):
        last = tokens[-1][-1] if tokens else " "
        narrow_word = _width(char) == 1 and _width(last) == 1  # inside an English word or number
        if char != " " and last != " " and (narrow_word or char in _NO_LINE_START or last in _NO_LINE_END):
            tokens[-1] += char
        else:
            tokens.append(char)
    lines, line = [], ""
    for token in tokens:
        if line and token != " " and _width(line + token) > width:
            lines.append(line.rstrip())
            line = ""
        if line or token != " ":
            line += token
    return [*lines, line.rstrip()] if line.strip() else lines


class Formatter(argparse.HelpFormatter):
    """argparse's layout with its "usage: " in the current language, and text that holds
    Japanese wrapped by ``wrap`` (argparse's textwrap counts characters, not columns, and
    breaks lines only at spaces). Text without Japanese is laid out exactly as argparse does."""

    def _format_usage(self, usage, actions, groups, prefix):
        if prefix is None:
            prefix = TEXT["usage"]
        text = super()._format_usage(usage, actions, groups, prefix)
        shift = _width(prefix) - len(prefix)  # argparse indents the usage's next lines by len(prefix)
        return re.sub(r"\n(?= )", "\n" + " " * shift, text) if shift else text

    def _split_lines(self, text, width):
        if _width(text) == len(text):
            return super()._split_lines(text, width)
        return wrap(text, width)

    def _fill_text(self, text, width, indent):
        if _width(text) == len(text):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks the current language: its help option and the heading
    "options" (``self.options``: add the options to this group), the usage line, and its
    error line, with argparse's own error messages (``argparse_message``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(add_help=False, **kwargs)
        self.options = self.add_argument_group(TEXT["options"])
        self.options.add_argument("-h", "--help", action="help", help=TEXT["help"])

    def error(self, message):
        """Print the usage and the error, then exit with status 2 (as argparse does)."""
        self.print_usage(sys.stderr)
        self.exit(2, TEXT["argparse_error"].format(prog=self.prog, message=argparse_message(message)) + "\n")


def parser(prog=None):
    """The argument parser; ``prog`` is the command as the user typed it (default: the script's name)."""
    p = Parser(prog=prog, description=TEXT["description"])
    p.epilog = TEXT["epilog"].replace("PROG", p.prog)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", title=TEXT["commands"])

    t = sub.add_parser("train", help=TEXT["train_help"], description=TEXT["train_description"],
                       epilog=TEXT["train_epilog"])  # fmt: skip
    options = t.options
    options.add_argument("--iters", type=whole_number(1, MAX_ITERS), default=10000, metavar="N",
                         help=TEXT["iters"].format(max=f"{MAX_ITERS:,}"))  # fmt: skip
    options.add_argument("--batch-size", type=whole_number(1), default=100, metavar="N",
                         help=TEXT["batch_size"])  # fmt: skip
    options.add_argument("--lr", type=positive_number("--lr 0.1"), default=0.1, metavar="X", help=TEXT["lr"])
    options.add_argument("--hidden", type=whole_number(1, MAX_HIDDEN), default=50, metavar="N",
                         help=TEXT["hidden"].format(max=f"{MAX_HIDDEN:,}"))  # fmt: skip
    options.add_argument("--seed", type=whole_number(0), default=None, metavar="N", help=TEXT["seed"])
    options.add_argument("--plot", type=figure_path, metavar="PATH",
                         help=TEXT["plot"].format(formats=", ".join(PLOT_FORMATS)))  # fmt: skip

    sub.add_parser("download", help=TEXT["download_help"], description=TEXT["download_help"])
    return p


# --- the commands ----------------------------------------------------------------------


def train(args):
    from tqdm import tqdm

    from nnlib.train import Trainer

    (x_train, t_train), (x_test, t_test) = mnist.load_mnist(normalize=False)  # uint8: 4x less memory
    batch_size = args.batch_size
    if batch_size > len(x_train):
        print(TEXT["batch_capped"].format(asked=batch_size, size=len(x_train)), file=sys.stderr)
        batch_size = len(x_train)
    trainer = Trainer(x_train, t_train, x_test, t_test, hidden_size=args.hidden,
                      learning_rate=args.lr, batch_size=batch_size, seed=args.seed)  # fmt: skip
    args.trainer = trainer  # for the Ctrl-C message
    printed = 0  # evaluations printed so far: they are measured in the background, and
    # each is printed once it is ready, a few hundred iterations after it was asked for
    with tqdm(total=args.iters, bar_format=TEXT["progress"], unit=TEXT["progress_unit"], file=sys.stderr,
              leave=False) as bar:
        for step in trainer.run(args.iters, evaluate_in_background=True):
            bar.update()
            last = step
            for evaluation in trainer.evaluations[printed:]:
                tqdm.write(str(evaluation), file=sys.stdout)
            printed = len(trainer.evaluations)
    for evaluation in trainer.evaluations[printed:]:  # recorded when the run ended
        print(evaluation)

    final = trainer.evaluations[-1] if trainer.evaluations else None
    if final is None or final.iteration != trainer.iteration:  # the run ended between two epochs
        final = trainer.evaluate()
    print(TEXT["final"].format(train=final.train_acc, test=final.test_acc, iters=final.iteration,
                               epoch=final.epoch))  # fmt: skip
    if args.plot:
        save_plot(trainer, args.plot)
    if last.diverged:  # run() stopped after this step
        print(TEXT["diverged"].format(iteration=last.iteration, loss=last.loss, lr=args.lr), file=sys.stderr)
        return 1
    return 0


def save_plot(trainer, path):
    import matplotlib

    matplotlib.use("Agg")  # a file, no window
    figure = accuracy_figure(trainer)
    figure.savefig(path, format=path.suffix.removeprefix(".").lower(), dpi=100, bbox_inches="tight")
    print(TEXT["saved_plot"].format(path=path), file=sys.stderr)


def accuracy_figure(trainer):
    """The book's accuracy figure of ``trainer.evaluations``: each point at its epoch, the last marked."""
    from nnlib.plotting.training import plot_accuracy

    epochs = [e.epoch for e in trainer.evaluations]
    ax = plot_accuracy(trainer.train_acc_list, trainer.test_acc_list, epochs=epochs)
    for line in ax.lines:  # the measured points get a dot
        line.set_marker("o")
        line.set_markersize(4)
    final = trainer.evaluations[-1]
    ax.plot([final.epoch] * 2, [final.train_acc, final.test_acc], linestyle="none", marker="*",
            markersize=14, color="C3", label=TEXT["plot_final_label"], zorder=3, clip_on=False)  # fmt: skip
    ax.set_xlim(0, max(final.epoch, 1e-3) * 1.04)
    ax.set_title(TEXT["plot_title"].format(iters=final.iteration, train=final.train_acc, test=final.test_acc))
    ax.legend(loc="best")  # where it covers the fewest points: low curves early, high ones later
    return ax.figure


def download(args):
    paths = mnist.download()
    arrays, source = mnist.load_raw()
    print(TEXT["downloaded"].format(train=len(arrays["x_train"]), test=len(arrays["x_test"]),
                                    folder=paths["train_img"].parent))  # fmt: skip
    return 0


def main(argv=None, prog=None):
    p = parser(prog)
    args = p.parse_args(argv)
    if args.command is None:  # the bare command: show what it can do
        p.print_help()
        return 0
    try:
        return {"train": train, "download": download}[args.command](args)
    except KeyboardInterrupt:
        trainer = getattr(args, "trainer", None)  # None: before training began
        if trainer is None:
            print(TEXT["interrupted"], file=sys.stderr)
        else:
            print(TEXT["interrupted_training"].format(iteration=trainer.iteration, iters=args.iters),
                  file=sys.stderr)  # fmt: skip
        return 130  # the shell's code for "ended by Ctrl-C"
    except (mnist.MnistUnavailable, ValueError, OSError) as exc:
        print(TEXT["error"].format(exc=exc), file=sys.stderr)
        return 2
