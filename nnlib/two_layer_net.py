"""The book's two-layer network (``ch04/two_layer_net.py``): 784 -> hidden -> 10.

    x --W1,b1--> a1 --sigmoid--> z1 --W2,b2--> a2 --softmax--> y

Same attributes, methods and results as the book; ``predict``, ``loss`` and
``gradient`` are the slides' code line for line, so that ``TwoLayerNet??`` shows
what the lecture shows. The additions: targets may be class labels (N,) as well as
one-hot (N, 10) (one line in ``gradient``); ``accuracy`` works through large inputs
in chunks, so that evaluating all 60,000 training images needs little memory; and
``loss_and_gradient``, the fast path a training loop (``nnlib.train.Trainer``)
calls: the same numbers as ``loss`` and ``gradient`` to the last bit, written for
speed rather than for reading; and ``save_params`` / ``load_params`` (the book's later
chapters' names) in ``.npz``, never pickled (``nnlib.params_file``).
"""

import numpy as np

from nnlib.functions import cross_entropy_error, sigmoid, sigmoid_grad, softmax
from nnlib.gradient import numerical_gradient
from nnlib.i18n import catalog
from nnlib.params_file import load_params, save_params

MESSAGES = catalog("two_layer_net", {
    "one_hot_shape": ("t: one-hot targets must have shape {expected}, got {shape}",
                      "t: one-hot 表現の正解ラベルは形状 {expected} にしてください"
                      "（形状 {shape} が渡されました）"),
    "label_count": ("t: {labels} labels for {images} images; give one label per image",
                    "t: 画像 {images} 枚に対してラベルが {labels} 個あります。"
                    "画像 1 枚にラベルを 1 つ指定してください"),
    "label_dtype": ("t: labels must be integers (class indices), got dtype {dtype}",
                    "t: ラベルは整数（クラスの番号）にしてください（dtype {dtype} が渡されました）"),
    "label_range": ("t: labels must be in 0..{last}, got {low}..{high}",
                    "t: ラベルは 0..{last} の範囲にしてください（{low}..{high} が渡されました）"),
})  # fmt: skip

EVAL_CHUNK = 1000  # rows per chunk in accuracy(): small temporaries that stay in the CPU cache


def one_hot(t, num_classes):
    """Labels (N,) int -> one-hot (N, num_classes) float32; one-hot input is returned as is."""
    t = np.asarray(t)
    if t.ndim == 2:
        return t
    out = np.zeros((t.size, num_classes), dtype=np.float32)
    out[np.arange(t.size), t] = 1
    return out


class TwoLayerNet:
    """A fully connected network with one sigmoid hidden layer and a softmax output.

    params: dict of the weights, float64 as in the book (or ``dtype``)
        W1: (input_size, hidden_size)   b1: (hidden_size,)
        W2: (hidden_size, output_size)  b2: (output_size,)
    Weights start as Gaussian noise times ``weight_init_std``; biases start at 0.
    They are drawn from ``np.random.randn`` as in the book (so ``np.random.seed``
    makes them reproducible), or from ``rng`` (a ``np.random.Generator``) if given.

    ``dtype=np.float32`` makes every product float32 when the images are float32
    (as deep-learning libraries train): half the memory and faster matrix products
    on a CPU (notebook 05 measures by how much on your machine). Then ``predict``,
    ``loss``, ``gradient`` and ``loss_and_gradient`` return float32 too. The numerical
    gradient needs float64: in float32 the loss itself is rounded to steps about as
    large as the changes that ``h = 1e-4`` makes.
    """

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, *,
                 rng=None, dtype=np.float64):  # fmt: skip
        randn = np.random.randn if rng is None else lambda *shape: rng.standard_normal(shape)
        self.params = {}
        self.params["W1"] = (weight_init_std * randn(input_size, hidden_size)).astype(dtype)
        self.params["b1"] = np.zeros(hidden_size, dtype=dtype)
        self.params["W2"] = (weight_init_std * randn(hidden_size, output_size)).astype(dtype)
        self.params["b2"] = np.zeros(output_size, dtype=dtype)

    def predict(self, x):
        """x: (N, input_size) -> y: (N, output_size) class probabilities; each row sums to 1.

        y is float64 for the book's network and float32 for a float32 network given
        float32 images (numpy computes in the wider dtype of x and the weights).
        """
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]

        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)
        return y

    def loss(self, x, t):
        """Cross-entropy of the predictions, a scalar in predict's dtype.

        x: (N, input_size); t: one-hot (N, output_size) or labels (N,) int.
        """
        y = self.predict(x)
        return cross_entropy_error(y, t)

    def accuracy(self, x, t):
        """Fraction of rows of ``x`` whose most probable class is the target class."""
        if np.ndim(t) != 1:
            t = np.argmax(t, axis=1)
        correct = 0
        for start in range(0, x.shape[0], EVAL_CHUNK):
            y = self.predict(x[start : start + EVAL_CHUNK])
            correct += np.sum(np.argmax(y, axis=1) == t[start : start + EVAL_CHUNK])
        return correct / float(x.shape[0])

    def numerical_gradient(self, x, t):
        """Gradients of the loss by central difference, a dict like ``params``. Slow.

        The loss is called twice per parameter (79,520 times for the book's sizes), so
        it is computed by ``_loss_for_numerical_gradient``: the same operations as
        ``loss``, hence the same numbers, without the checks of ``t`` at every call.
        """
        loss_W = self._loss_for_numerical_gradient(x, t)

        grads = {}
        with np.errstate(over="ignore"):  # as in sigmoid and softmax: exp(1000) = inf is right here
            for key in ("W1", "b1", "W2", "b2"):
                # The loss reads the weights from self.params, which numerical_gradient
                # nudges in place, one element at a time.
                grads[key] = numerical_gradient(loss_W, self.params[key])
        return grads

    def _loss_for_numerical_gradient(self, x, t):
        """``lambda W: self.loss(x, t)``, or a faster function with the same values.

        The faster one computes ``predict`` in place (as ``loss_and_gradient`` does), on
        images converted once to the weights' dtype (np.dot would do it at every call),
        and the cross-entropy of labels checked once. A subclass that changes ``loss`` or
        ``predict``, or weights that are not all of one float dtype, get ``self.loss`` itself.
        """
        book = lambda W: self.loss(x, t)  # noqa: E731  (the book's name and form)
        overridden = {"loss", "predict"} & vars(self).keys() or type(self).loss is not TwoLayerNet.loss \
            or type(self).predict is not TwoLayerNet.predict  # fmt: skip
        dtypes = {p.dtype for p in self.params.values()}
        if overridden or len(dtypes) != 1 or dtypes.pop().kind != "f":  # in place needs one float type
            return book
        y = self.predict(x)
        if y.ndim != 2:  # one image (784,): rare, and the loss reshapes it
            return book
        cross_entropy_error(y, t)  # checks t the way loss would, once
        t = np.asarray(t)
        label = t.reshape(y.shape).argmax(axis=1) if t.size == y.size else t.reshape(-1)  # as the loss
        if not np.issubdtype(label.dtype, np.integer):
            label = label.astype(np.intp)  # whole-number float labels, as the loss takes them
        picked = np.arange(y.shape[0]) * y.shape[1] + label  # y[rows, label] as flat indices, for take()
        batch_size = y.shape[0]
        # the type np.dot would convert x to at every call (float32 images, float64 weights)
        x_as_dot = np.asarray(x).astype(np.result_type(np.asarray(x).dtype, self.params["W1"].dtype),
                                        copy=False)  # fmt: skip

        def loss_W(W):  # numerical_gradient calls it in np.errstate(over="ignore")
            y = self._predict_in_place(x_as_dot)
            return -np.log(y.take(picked) + 1e-7).sum() / batch_size  # cross_entropy_error's formula

        return loss_W

    def _predict_in_place(self, x):
        """``predict(x)`` with each result written over the one before: the same values."""
        a1 = np.dot(x, self.params["W1"])
        a1 += self.params["b1"]
        z1 = _sigmoid_in_place(a1)
        a2 = np.dot(z1, self.params["W2"])
        a2 += self.params["b2"]
        return _softmax_in_place(a2)

    def gradient(self, x, t):
        """Gradients of the loss by backpropagation, a dict like ``params``.

        The slides' code (ch04/two_layer_net.py, lines 56-79), plus one line that
        turns labels into one-hot rows. x: (N, input_size); t: one-hot
        (N, output_size) or labels (N,) int. Each gradient has its parameter's shape,
        in predict's dtype (float32 for a float32 network given float32 images).
        """
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        grads = {}

        batch_num = x.shape[0]

        # forward
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        # backward
        t = _one_hot_like(y, t)  # nnlib: labels (N,) too; one-hot rows in y's dtype
        dy = (y - t) / batch_num
        grads["W2"] = np.dot(z1.T, dy)
        grads["b2"] = np.sum(dy, axis=0)

        dz1 = np.dot(dy, W2.T)
        da1 = sigmoid_grad(a1) * dz1
        grads["W1"] = np.dot(x.T, da1)
        grads["b1"] = np.sum(da1, axis=0)

        return grads

    def loss_and_gradient(self, x, t):
        """``(loss, gradient)`` from one forward and one backward pass: the fast path.

        What ``nnlib.train.Trainer`` calls. The loss is the one of the forward pass
        that backpropagation needs anyway, so a training loop gets it for free
        instead of calling ``loss`` again. x: (N, input_size); t: one-hot
        (N, output_size) or labels (N,) int. The same values as ``loss`` and
        ``gradient``, to the last bit (the same operations in the same order), in
        predict's dtype; written for speed, because a training step is little more
        than this method: labels are used directly (no one-hot rows are built) and
        temporaries are updated in place.
        """
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        grads = {}

        batch_num = x.shape[0]
        t = np.asarray(t)

        # forward: predict's operations, each result written over the one before
        a1 = np.dot(x, W1)
        a1 += b1
        with np.errstate(over="ignore"):  # as in sigmoid and softmax: exp(1000) = inf is right here
            z1 = _sigmoid_in_place(a1)
            a2 = np.dot(z1, W2)
            a2 += b2
            y = _softmax_in_place(a2)

        # backward: dy = d loss / d a2 = (y - t) / batch_num, t one-hot
        if t.ndim == 1:
            label = _checked_labels(t, batch_num, y.shape[1])
            rows = np.arange(batch_num)
            loss = -np.log(y[rows, label] + 1e-7).sum() / batch_num  # cross_entropy_error(y, t)
            dy = y  # y - t changes only the correct class of each row: subtract its 1 in place
            dy[rows, label] -= 1
        else:
            _check_one_hot_shape(t, y)
            loss = cross_entropy_error(y, t)
            # t in y's dtype, so float64 one-hot targets (load_mnist's) keep a float32 network float32
            dy = y - t.astype(y.dtype, copy=False)
        dy /= batch_num
        grads["W2"] = np.dot(z1.T, dy)
        grads["b2"] = dy.sum(axis=0)

        dz1 = np.dot(dy, W2.T)
        da1 = 1.0 - z1  # da1 = sigmoid_grad(a1) * dz1 = (1 - z1) * z1 * dz1, reusing z1 = sigmoid(a1)
        da1 *= z1
        da1 *= dz1
        grads["W1"] = np.dot(x.T, da1)
        grads["b1"] = da1.sum(axis=0)

        return loss, grads

    def save_params(self, file_name="params.npz"):
        """Write ``params`` to the .npz ``file_name`` (the book's method, but nothing is pickled).

        The file holds plain arrays only, and is replaced only by a complete one.
        Returns the path written.
        """
        return save_params(self.params, file_name)

    def load_params(self, file_name="params.npz"):
        """Read parameters written by ``save_params`` into this network, in place.

        Every key, shape and dtype must match this network; otherwise a ValueError
        names the mismatch and nothing is changed. Pickled data is refused.
        """
        loaded = load_params(file_name, like=self.params)  # all checked before any is copied
        for key, value in loaded.items():
            self.params[key][...] = value


def _sigmoid_in_place(a):
    """``sigmoid(a)`` in a's own memory: the same operations, so the same values.

    a: (N, K) float. A training step makes about forty numpy calls on small arrays,
    and a new array for each costs time; the products are the rest.
    """
    np.negative(a, out=a)
    np.exp(a, out=a)
    a += 1
    return np.divide(1, a, out=a)


def _softmax_in_place(a):
    """``softmax(a)`` of the rows of a (N, K) float, in a's own memory; same values."""
    a -= a.max(axis=-1, keepdims=True)
    np.exp(a, out=a)
    a /= a.sum(axis=-1, keepdims=True)
    return a


def _one_hot_like(y, t):
    """The targets as one-hot rows like y (N, K), in y's dtype.

    t: labels (N,) int, checked, or one-hot (N, K) of any number type. In y's dtype,
    so that float64 one-hot targets (load_mnist's) keep a float32 network float32.
    """
    t = np.asarray(t)
    if t.ndim == 1:
        label = _checked_labels(t, *y.shape)
        rows = np.zeros_like(y)
        rows[np.arange(y.shape[0]), label] = 1
        return rows
    _check_one_hot_shape(t, y)
    return t.astype(y.dtype, copy=False)


def _check_one_hot_shape(t, y):
    if t.shape != y.shape:  # (N, 1) labels would broadcast into a wrong gradient
        raise ValueError(MESSAGES["one_hot_shape"].format(expected=y.shape, shape=t.shape))


def _checked_labels(t, batch_num, num_classes):
    """Label targets t (N,) as they are, after checking what indexing would not.

    A label of -1 would silently pick the last class, and a float label fails with
    an IndexError that does not say which argument is wrong.
    """
    if t.shape != (batch_num,):
        raise ValueError(MESSAGES["label_count"].format(labels=t.shape[0], images=batch_num))
    if not np.issubdtype(t.dtype, np.integer):
        raise ValueError(MESSAGES["label_dtype"].format(dtype=t.dtype))
    if batch_num and (t.min() < 0 or t.max() >= num_classes):
        raise ValueError(MESSAGES["label_range"].format(last=num_classes - 1, low=t.min(), high=t.max()))
    return t
