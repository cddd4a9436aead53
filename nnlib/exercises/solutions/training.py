"""Solution for notebook 06 (mini-batch training): step 3, the parameter update."""


def update(network, grad, learning_rate):
    for key in ("W1", "b1", "W2", "b2"):
        network.params[key] -= learning_rate * grad[key]
