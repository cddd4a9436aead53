"""Self-checks for the notebooks' exercises: one module per notebook.

A check either prints a short "correct" line, or raises ``ExerciseFailed`` whose
message says what is wrong and gives a hint. In Jupyter the message is shown
without a traceback: it is feedback for a student, not a crash.
"""


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
