"""Solution for notebook 07 (interactive training): the moving average of the loss."""

import numpy as np


def moving_average(values, window):
    values = np.asarray(values, dtype=np.float64)
    averages = np.empty(len(values))
    for i in range(len(values)):
        start = max(0, i - window + 1)  # the first of the last `window` values (0 at the start)
        averages[i] = values[start : i + 1].mean()
    return averages
