"""What the drawing-pad tests share: one simple pen drawing per digit, and a network
trained by the slides' recipe.

``DIGIT_STROKES[d]`` draws digit d as a student might with a mouse: a "1" is one
vertical line, a "0" an ellipse, and so on. Points are (x, y) pixels on the pad's
280 x 280 canvas, y down. The unit tests rasterise them in Python; the browser test
draws the very same points with mouse events on the canvas.
"""

import numpy as np

from nnlib.train import Trainer


def arc(cx, cy, rx, ry, start, stop, points=24):
    """Points on an ellipse from angle ``start`` to ``stop`` (degrees; 0 = right, 90 = down)."""
    angles = np.radians(np.linspace(start, stop, points))
    return [(round(cx + rx * np.cos(a), 1), round(cy + ry * np.sin(a), 1)) for a in angles]


DIGIT_STROKES = {
    0: [arc(140, 140, 62, 95, -90, 275, 40)],
    1: [[(140, 45), (140, 235)]],
    2: [arc(140, 100, 55, 50, 180, 360, 16) + [(180, 150), (85, 235), (205, 235)]],
    3: [arc(138, 93, 55, 48, 200, 450, 18) + arc(138, 185, 60, 50, 270, 520, 18)],
    4: [[(120, 45), (85, 165), (205, 165)], [(170, 75), (170, 240)]],
    5: [[(195, 45), (105, 45), (95, 125)] + arc(140, 175, 58, 58, 240, 495, 18)],
    6: [[(185, 45), (120, 95)] + arc(140, 180, 55, 55, 195, 555, 24)],
    7: [[(80, 50), (200, 50), (125, 240)]],
    8: [arc(140, 92, 45, 47, 90, 450, 24) + arc(140, 185, 55, 50, -90, 270, 28)],
    9: [arc(138, 95, 52, 50, 0, 360, 24) + [(190, 95), (180, 240)]],
}


_trained = {}


def slides_network(x_train, t_train, seed=0):
    """The slides' recipe: TwoLayerNet(784, 50, 10), 10,000 iterations, batch 100, lr 0.1.

    float32 (the Trainer's default), evaluated only once, at the start: a few seconds.
    Cached per data set (arrays are compared by identity), so test files share it.
    """
    key = (id(x_train), id(t_train), seed)
    if key not in _trained:
        _trained[key] = _train(x_train, t_train, seed)
    return _trained[key]


def _train(x_train, t_train, seed):
    trainer = Trainer(x_train, t_train, x_train[:1], t_train[:1], hidden_size=50, learning_rate=0.1,
                      batch_size=100, seed=seed, eval_interval=10**12, eval_size=1)  # fmt: skip
    for _ in trainer.run(10000):
        pass
    return trainer.network
