"""The command line: ``python -m nnlib train`` and ``python -m nnlib download`` (or ``nnlib ...``).

Every text a user reads is in ``TEXT`` below, in one place (a translation comes later).
"""

import argparse
import math
import os
import sys
from pathlib import Path

from nnlib import mnist

# --- what the user reads ---------------------------------------------------------------

TEXT = {
    "description": "Train the book's two-layer network on MNIST, or download MNIST for offline use.",
    "epilog": "Run 'COMMAND --help' for the options of a command, e.g. 'PROG train --help'.",
    "train_help": "train TwoLayerNet on MNIST by mini-batch SGD (the book's recipe)",
    "train_description": (
        "Train the book's TwoLayerNet (784 -> hidden -> 10) on MNIST by mini-batch SGD, "
        "with the slides' recipe by default."
    ),
    "train_epilog": (
        "What it prints: a progress bar while it trains (on stderr); once per epoch (each "
        "time as many images as the training set has were drawn: every 600 iterations with "
        "the full MNIST and batch 100), the slides' line 'train acc, test acc | 0.9012, "
        "0.9056' (on stdout), a few hundred iterations after that epoch began, because the "
        "accuracy is measured on a second core while training goes on; and at the end, "
        "the accuracy of the final weights, marked 'final'. Training that diverges stops "
        "with a message (exit status 1). Without internet it trains on the offline sample "
        "(4,000 training digits) and says so."
    ),
    "download_help": "fetch and verify the full MNIST into the cache (for offline use)",
    "iters": "iterations, 1 to {max} (default: %(default)s)",
    "batch_size": "mini-batch size, at least 1; more than the training set has is cut to "
    "its size (default: %(default)s)",
    "lr": "learning rate, a number > 0 (default: %(default)s)",
    "hidden": "hidden units, 1 to {max} (default: %(default)s)",
    "seed": "seed for the weights and the mini-batches, a whole number >= 0 "
    "(default: none, a different run each time)",
    "plot": "save the accuracy figure to PATH before exiting; the format is PATH's extension "
    "(png if it has none): {formats}",
    # argument errors: argparse puts "argument --NAME: " in front of each
    "not_whole": "{text!r} is not a whole number",
    "not_number": "{text!r} is not a number",
    "not_finite": "{text!r} is not a finite number; give a number > 0, e.g. {example}",
    "too_small": "must be at least {low}, got {text}",
    "not_positive": "must be greater than 0, got {text}",
    "too_large": "must be at most {high}, got {text}",
    "plot_format": "{path}: unknown figure format '.{ext}'; use one of {formats}",
    "plot_no_folder": "{path}: the folder {folder} does not exist; create it first or choose another",
    "plot_not_writable": "{path}: cannot write into the folder {folder} (no permission)",
    "plot_file_not_writable": "{path} exists and may not be overwritten (no permission); choose another name",
    "plot_is_folder": "{path} is a folder; give a file name, e.g. {path}/acc.png",
    # messages while running
    "batch_capped": (
        "nnlib: --batch-size {asked} is more than the {size} training images; using {size} "
        "(a larger mini-batch only repeats images and is slower)"
    ),
    "final": "final: train acc, test acc | {train:.4f}, {test:.4f} "
    "(after {iters} iterations, epoch {epoch:.2f})",
    "diverged": (
        "training diverged at iteration {iteration}: the loss is {loss:.3g}. "
        "The learning rate {lr:g} is too large; try a smaller --lr."
    ),
    "plot_title": "final (iteration {iters}): train {train:.4f}, test {test:.4f}",
    "plot_final_label": "final",
    "saved_plot": "saved the accuracy figure to {path}",
    "downloaded": "MNIST ({train} train, {test} test images) verified in {folder}",
    "interrupted": "nnlib: interrupted (Ctrl-C)",
    "interrupted_training": "nnlib: interrupted (Ctrl-C) at iteration {iteration} of {iters}; "
    "nothing was saved",
    "error": "error: {exc}",
}

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


def parser(prog=None):
    """The argument parser; ``prog`` is the command as the user typed it (default: the script's name)."""
    p = argparse.ArgumentParser(prog=prog, description=TEXT["description"])
    p.epilog = TEXT["epilog"].replace("PROG", p.prog)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    t = sub.add_parser("train", help=TEXT["train_help"], description=TEXT["train_description"],
                       epilog=TEXT["train_epilog"])  # fmt: skip
    t.add_argument("--iters", type=whole_number(1, MAX_ITERS), default=10000, metavar="N",
                   help=TEXT["iters"].format(max=f"{MAX_ITERS:,}"))  # fmt: skip
    t.add_argument("--batch-size", type=whole_number(1), default=100, metavar="N", help=TEXT["batch_size"])
    t.add_argument("--lr", type=positive_number("--lr 0.1"), default=0.1, metavar="X", help=TEXT["lr"])
    t.add_argument("--hidden", type=whole_number(1, MAX_HIDDEN), default=50, metavar="N",
                   help=TEXT["hidden"].format(max=f"{MAX_HIDDEN:,}"))  # fmt: skip
    t.add_argument("--seed", type=whole_number(0), default=None, metavar="N", help=TEXT["seed"])
    t.add_argument("--plot", type=figure_path, metavar="PATH",
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
    with tqdm(total=args.iters, unit="it", file=sys.stderr, leave=False) as bar:
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
