"""Benchmark: ``TwoLayerNet.numerical_gradient``, nnlib against the book's, in one run.

    .venv/bin/python benchmarks/bench_gradient.py               # 10 images, 2 rounds
    .venv/bin/python benchmarks/bench_gradient.py --images 3 --rounds 1   # smoke run

Both networks are the book's sizes (784 -> 50 -> 10, float64, 39,760 parameters),
start from the same weights (np.random.seed) and get the same images and one-hot
targets, ``load_mnist(normalize=True, one_hot_label=True)``. Each contender computes
the numerical gradient: 79,520 calls of the loss.

    book   benchmarks/book_transcription.py: the slides' TwoLayerNet with the book's
           common/gradient.py and common/functions.py
    nnlib  nnlib.two_layer_net.TwoLayerNet with nnlib.gradient.numerical_gradient

They take turns (book, nnlib, book, ...) in this one process, with one BLAS thread,
and the best time of each counts. Target (exit 1 if missed): the two gradients are
bit-identical and best book time / best nnlib time >= 1. The numbers also go to
benchmarks/results/ as JSON.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy: small products, shared cores

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import book_transcription as book  # noqa: E402

from nnlib import mnist  # noqa: E402
from nnlib.two_layer_net import TwoLayerNet  # noqa: E402

MIN_SPEEDUP = 1.0  # the issue: at least as fast as the book's
KEYS = ("W1", "b1", "W2", "b2")


def networks(seed):
    """The book's network and nnlib's, with the same initial weights."""
    np.random.seed(seed)
    theirs = book.TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
    np.random.seed(seed)
    ours = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
    for key in KEYS:
        assert np.array_equal(theirs.params[key], ours.params[key])
    return {"book": theirs, "nnlib": ours}


def timed(network, x, t):
    """(wall seconds, CPU seconds of this process, grads)."""
    start, cpu = time.perf_counter(), time.process_time()
    grads = network.numerical_gradient(x, t)
    return time.perf_counter() - start, time.process_time() - cpu, grads


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--images", type=int, default=10, help="images in the batch (default 10)")
    p.add_argument("--rounds", type=int, default=2, help="turns of each contender (default 2)")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)

    (x_train, t_train), _ = mnist.load_mnist(normalize=True, one_hot_label=True)
    x, t = x_train[: args.images], t_train[: args.images]
    data = "full MNIST" if len(x_train) == 60000 else "the offline sample"
    print(f"numerical_gradient of TwoLayerNet(784, 50, 10) on {args.images} images of {data}, "
          f"{args.rounds} rounds, OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}")  # fmt: skip

    nets = networks(args.seed)
    times = {name: [] for name in nets}
    cpu_times = {name: [] for name in nets}
    grads = {}
    for _ in range(args.rounds):
        for name, network in nets.items():
            seconds, cpu, grads[name] = timed(network, x, t)
            times[name].append(seconds)
            cpu_times[name].append(cpu)
            print(f"  {name:<5} {seconds:6.2f} s ({cpu:.2f} s CPU)")

    identical = all(np.array_equal(grads["book"][k], grads["nnlib"][k]) for k in KEYS)
    best = {name: min(ts) for name, ts in times.items()}
    ratio = best["book"] / best["nnlib"]
    cpu_ratio = min(cpu_times["book"]) / min(cpu_times["nnlib"])
    print(f"best: book {best['book']:.2f} s, nnlib {best['nnlib']:.2f} s; "
          f"nnlib is {ratio:.2f} times as fast as the book's ({cpu_ratio:.2f} in CPU time)")  # fmt: skip
    load = os.getloadavg()[0]
    if load > 1.5:
        print(f"warning: the load average was {load:.1f}: other processes shared the cores, "
              "the times are noisy")  # fmt: skip
    print("values: bit-identical in all four parameters" if identical else "values: DIFFERENT")

    results = HERE / "results"
    results.mkdir(exist_ok=True)
    record = {"images": args.images, "rounds": args.rounds, "data": data, "times_s": times,
              "cpu_times_s": cpu_times, "ratio_book_over_nnlib": ratio, "cpu_ratio": cpu_ratio,
              "load_average": load, "identical": identical, "python": platform.python_version(),
              "numpy": np.__version__, "time": time.strftime("%Y-%m-%d %H:%M:%S")}  # fmt: skip
    out = results / f"gradient-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(record, indent=2))
    print(f"written to {out.relative_to(HERE.parent)}")

    missed = [] if identical else ["the two gradients differ"]
    if ratio < MIN_SPEEDUP:
        missed.append(f"speed: {ratio:.2f} < {MIN_SPEEDUP}")
    for line in missed:
        print("target missed:", line)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
