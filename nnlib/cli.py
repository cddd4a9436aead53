"""The command line: ``python -m nnlib train`` and ``python -m nnlib download``."""

import argparse
import sys

from nnlib import mnist


def _positive(kind):
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a valid {kind.__name__}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be greater than 0, got {text}")
        return value

    return parse


def parser():
    p = argparse.ArgumentParser(prog="python -m nnlib", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("train", help="train TwoLayerNet on MNIST by mini-batch SGD (the book's recipe)")
    t.add_argument("--iters", type=_positive(int), default=10000, help="iterations (default 10000)")
    t.add_argument("--batch-size", type=_positive(int), default=100, help="mini-batch size (default 100)")
    t.add_argument("--lr", type=_positive(float), default=0.1, help="learning rate (default 0.1)")
    t.add_argument("--hidden", type=_positive(int), default=50, help="hidden units (default 50)")
    t.add_argument("--seed", type=int, default=None, help="seed for weights and mini-batches")
    t.add_argument("--plot", metavar="PATH", help="save the accuracy figure (e.g. acc.png)")

    sub.add_parser("download", help="fetch and verify the full MNIST into the cache (for offline use)")
    return p


def train(args):
    from tqdm import tqdm

    from nnlib.train import Trainer

    (x_train, t_train), (x_test, t_test) = mnist.load_mnist(normalize=False)  # uint8: 4x less memory
    trainer = Trainer(x_train, t_train, x_test, t_test, hidden_size=args.hidden,
                      learning_rate=args.lr, batch_size=args.batch_size, seed=args.seed)  # fmt: skip
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
    if last.diverged:  # run() stopped after this step
        print(f"training diverged at iteration {last.iteration}: the loss is {last.loss}. "
              f"The learning rate {args.lr} is too large; try a smaller --lr.", file=sys.stderr)  # fmt: skip
        return 1
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")  # a file, no window
        from nnlib.plotting.training import plot_accuracy

        ax = plot_accuracy(trainer.train_acc_list, trainer.test_acc_list)
        ax.figure.savefig(args.plot, dpi=100, bbox_inches="tight")
        print(f"saved the accuracy figure to {args.plot}", file=sys.stderr)
    return 0


def download(args):
    paths = mnist.download()
    arrays, source = mnist.load_raw()
    print(f"MNIST ({len(arrays['x_train'])} train, {len(arrays['x_test'])} test images) "
          f"verified in {paths['train_img'].parent}")  # fmt: skip
    return 0


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return {"train": train, "download": download}[args.command](args)
    except (mnist.MnistUnavailable, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
