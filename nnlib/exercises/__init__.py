"""Self-checks for the notebooks' exercises: one module per notebook.

A check either prints a short "correct" line, or raises ``ExerciseFailed`` whose
message says what is wrong and gives a hint. In Jupyter the message is shown
without a traceback: it is feedback for a student, not a crash.
"""

import inspect

import numpy as np

from nnlib.two_layer_net import TwoLayerNet


class ExerciseFailed(Exception):
    """A wrong answer: ``what`` went wrong and a ``hint`` towards the fix."""

    def __init__(self, what, hint):
        super().__init__(f"{what}\nHint: {hint}")
        self.what = what
        self.hint = hint

    def _render_traceback_(self):  # IPython: show the feedback, not a traceback
        return [f"✗ Not yet: {self.what}", f"  Hint: {self.hint}"]


def passed(message):
    """Report a correct answer."""
    print(f"✓ Correct: {message}")


ASK_FOR_SMALL_EXAMPLE = "run it on a small example in a cell of its own and read the error line by line"


def call_student(fn, *args, what="your function", hint=ASK_FOR_SMALL_EXAMPLE):
    """``fn(*args)``, with an exception from the student's code turned into feedback."""
    try:
        return fn(*args)
    except ExerciseFailed:
        raise
    except Exception as exc:
        raise ExerciseFailed(f"{what} raised {type(exc).__name__}: {exc}", hint) from exc


def student_subclass(network_class, method, check, signature, returns):
    """The student's subclass of TwoLayerNet (or the class of an instance) that
    overrides ``method``; ExerciseFailed that says how to write one otherwise."""
    if isinstance(network_class, TwoLayerNet):
        network_class = type(network_class)
    if not (inspect.isclass(network_class) and issubclass(network_class, TwoLayerNet)):
        raise ExerciseFailed(
            f"{check} expects your class, got {network_class!r}",
            f"define class MyTwoLayerNet(TwoLayerNet): with a {method} method, then call "
            f"{check}(MyTwoLayerNet)",
        )
    if getattr(network_class, method) is getattr(TwoLayerNet, method):
        raise ExerciseFailed(
            f"{network_class.__name__} does not define its own {method}, so it runs nnlib's",
            f"write def {method}{signature}: inside the class body, indented, "
            f"and end it with return {returns}",
        )
    return network_class


def check_weights_unchanged(network, params, method, hint):
    """ExerciseFailed if ``method`` changed one of the weights; params: copies from before."""
    for key in params:
        if not np.array_equal(network.params[key], params[key]):
            raise ExerciseFailed(f"{method} changed self.params['{key}']", hint)
