"""The lecture slides' code, run as it stands on nnlib.

The class TwoLayerNet (ch04/two_layer_net.py) and the loop of ch04/train_neuralnet.py
are copied from the slides line for line; only the imports differ: the book's
``sys.path.append(os.pardir)`` and ``common.*`` / ``dataset.*`` modules become nnlib's
(and matplotlib, which the loop imports but does not use, is left out). If nnlib's
functions ever stop behaving like the book's, the slides' code is what breaks here.
"""

import numpy as np

from nnlib.functions import cross_entropy_error, sigmoid, sigmoid_grad, softmax
from nnlib.gradient import numerical_gradient
from nnlib.mnist import load_mnist
from nnlib.two_layer_net import TwoLayerNet as NnlibTwoLayerNet

# fmt: off
# --- the slides: ch04/two_layer_net.py -------------------------------------------------


class TwoLayerNet:

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        # 重みの初期化
        self.params = {}
        self.params['W1'] = weight_init_std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = weight_init_std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def predict(self, x):
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']

        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        return y

    # x:入力データ, t:教師データ
    def loss(self, x, t):
        y = self.predict(x)

        return cross_entropy_error(y, t)

    def accuracy(self, x, t):
        y = self.predict(x)
        y = np.argmax(y, axis=1)
        t = np.argmax(t, axis=1)

        accuracy = np.sum(y == t) / float(x.shape[0])
        return accuracy

    # x:入力データ, t:教師データ
    def numerical_gradient(self, x, t):
        loss_W = lambda W: self.loss(x, t)  # noqa: E731

        grads = {}
        grads['W1'] = numerical_gradient(loss_W, self.params['W1'])
        grads['b1'] = numerical_gradient(loss_W, self.params['b1'])
        grads['W2'] = numerical_gradient(loss_W, self.params['W2'])
        grads['b2'] = numerical_gradient(loss_W, self.params['b2'])

        return grads

    def gradient(self, x, t):
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']
        grads = {}

        batch_num = x.shape[0]

        # forward
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        # backward
        dy = (y - t) / batch_num
        grads['W2'] = np.dot(z1.T, dy)
        grads['b2'] = np.sum(dy, axis=0)

        dz1 = np.dot(dy, W2.T)
        da1 = sigmoid_grad(a1) * dz1
        grads['W1'] = np.dot(x.T, da1)
        grads['b1'] = np.sum(da1, axis=0)

        return grads

# fmt: on
# --- the tests ------------------------------------------------------------------------


def test_slides_network_equals_nnlib_network(sample_mnist):
    """Same seed, same weights; same predictions, loss, accuracy and gradient."""
    (x_train, t_train), _ = sample_mnist
    x, labels = x_train[:50], t_train[:50]
    t = np.eye(10)[labels]  # the slides' one-hot targets
    np.random.seed(0)
    slides = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
    np.random.seed(0)
    ours = NnlibTwoLayerNet(input_size=784, hidden_size=50, output_size=10)
    for key in ("W1", "b1", "W2", "b2"):
        np.testing.assert_array_equal(slides.params[key], ours.params[key])
        ours.params[key] += 0.05 * np.random.randn(*ours.params[key].shape)  # leave the
        slides.params[key] = ours.params[key].copy()  # all-0.1 predictions of the start
    np.testing.assert_allclose(ours.predict(x), slides.predict(x), rtol=1e-12)
    assert ours.loss(x, t) == slides.loss(x, t)
    assert ours.accuracy(x, t) == ours.accuracy(x, labels) == slides.accuracy(x, t)
    g_slides, g_ours = slides.gradient(x, t), ours.gradient(x, labels)
    for key in ("W1", "b1", "W2", "b2"):
        np.testing.assert_allclose(g_ours[key], g_slides[key], rtol=1e-10, atol=1e-15)


def test_slides_training_loop_on_full_mnist(full_mnist, capsys):
    """ch04/train_neuralnet.py as on the slides: the book reports test acc 0.9465."""
    np.random.seed(0)  # the slides do not seed; this makes the run repeatable

    # fmt: off
    # --- the slides: ch04/train_neuralnet.py ----------------------------------------
    # データの読み込み
    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)

    network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)

    iters_num = 10000  # 繰り返しの回数を適宜設定する
    train_size = x_train.shape[0]
    batch_size = 100
    learning_rate = 0.1

    train_loss_list = []
    train_acc_list = []
    test_acc_list = []

    iter_per_epoch = max(train_size / batch_size, 1)

    for i in range(iters_num):
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]

        # 勾配の計算
        #grad = network.numerical_gradient(x_batch, t_batch)
        grad = network.gradient(x_batch, t_batch)

        # パラメータの更新
        for key in ('W1', 'b1', 'W2', 'b2'):
            network.params[key] -= learning_rate * grad[key]

        loss = network.loss(x_batch, t_batch)
        train_loss_list.append(loss)

        if i % iter_per_epoch == 0:
            train_acc = network.accuracy(x_train, t_train)
            test_acc = network.accuracy(x_test, t_test)
            train_acc_list.append(train_acc)
            test_acc_list.append(test_acc)
            print("train acc, test acc | " + str(train_acc) + ", " + str(test_acc))
    # fmt: on

    assert train_size == 60000  # the full set, not the offline sample
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == len(test_acc_list) == 17
    assert all(line.startswith("train acc, test acc | ") for line in printed)
    assert np.mean(train_loss_list[:10]) > 2.2 and np.mean(train_loss_list[-100:]) < 0.3
    assert test_acc_list[-1] >= 0.94
    assert network.accuracy(x_test, t_test) >= 0.94
