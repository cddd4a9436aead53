"""Solutions for notebook 01 (data)."""

import numpy as np


def to_one_hot(t):
    T = np.zeros((t.size, 10))
    T[np.arange(t.size), t] = 1
    return T


def choose_minibatch(x_train, t_train, batch_size):
    train_size = x_train.shape[0]
    batch_mask = np.random.choice(train_size, batch_size)
    x_batch = x_train[batch_mask]
    t_batch = t_train[batch_mask]
    return x_batch, t_batch
