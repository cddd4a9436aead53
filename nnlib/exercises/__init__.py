"""Self-checks for the notebooks' exercises: one module per notebook.

What a student sees. An exercise cell holds a stub: a function (or a method of a
``TwoLayerNet`` subclass) whose body is ``...``, and a call of its checker, e.g.
``check_one_hot(to_one_hot)``. Run as it is, the checker prints
"✗ Not yet: ... still the stub" and the first hint. A wrong answer gets "✗ Not yet:" with
what is wrong and a hint aimed at that mistake; a right one "✓ Correct: ...". Then

    hint()             the next hint of the exercise checked last (hint("to_one_hot") names one)
    solution()         the reference solution, printed: only when asked for

How an exercise is written (for authors). In ``nnlib/exercises/<notebook>.py``:

    @exercise("to_one_hot", hints=("a nudge", "more", "nearly the answer"))
    def check_one_hot(to_one_hot):
        ...  # raise ExerciseFailed(what, hint) for a wrong answer
        passed("what the right answer does")

The decorator turns ``ExerciseFailed`` into the printed "✗" lines and a stub into
"still the stub"; the checker returns nothing, so no True/False appears under the cell.
The reference solution is the object of the same name (or ``solution=`` another name) in
``nnlib/exercises/solutions/<notebook>.py``; the tests run every one through its checker
and expect "✓". The notebook cell carries the tag ``exercise`` and is committed as the
stub; the cells after it use nnlib's own function, never the student's answer.
"""

import dis
import functools
import importlib
import inspect

import numpy as np

from nnlib.two_layer_net import TwoLayerNet


class ExerciseFailed(Exception):
    """A wrong answer: ``what`` went wrong and a ``hint`` towards the fix."""

    def __init__(self, what, hint):
        super().__init__(f"{what}\nHint: {hint}")
        self.what = what
        self.hint = hint


class NotSolved(ExerciseFailed):
    """The answer is still the stub (or returns nothing yet)."""


def passed(message):
    """Report a correct answer."""
    print(f"✓ Correct: {message}")


# --- the registry: name -> checker, hints, solution ---------------------------------

EXERCISES = {}  # name -> Exercise
_last = None  # the name of the exercise checked last, for hint() and solution()


class Exercise:
    """One exercise: its checker, its hints (nudge first), where its solution lives."""

    def __init__(self, name, check, hints, module, solution):
        self.name, self.check, self.hints = name, check, tuple(hints)
        self.module, self.solution_name = module, solution
        self.hints_shown = 0

    def solution(self):
        """The reference solution (a function or a class) from nnlib.exercises.solutions."""
        module = importlib.import_module(f"nnlib.exercises.solutions.{self.module}")
        return getattr(module, self.solution_name)

    def next_hint(self):
        """The next hint as 'Hint k of n: ...', and a pointer to what comes after it."""
        if not self.hints:
            return f'No hints for this one; solution("{self.name}") shows an answer.'
        k = min(self.hints_shown, len(self.hints) - 1)
        self.hints_shown = k + 1
        text = f"Hint {k + 1} of {len(self.hints)}: {self.hints[k]}"
        if k + 1 < len(self.hints):
            return text + f'\n  More help: hint("{self.name}")'
        return text + f'\n  That was the last hint. To see an answer: solution("{self.name}")'


def exercise(name, hints, solution=None):
    """Decorator for a checker: registers it and prints its verdict (see the module docstring)."""

    def decorate(check):
        module = check.__module__.rsplit(".", 1)[-1]
        entry = Exercise(name, check, hints, module, solution or name)
        EXERCISES[name] = entry

        @functools.wraps(check)
        def run(answer, *args, **kwargs):
            global _last
            _last = name
            try:
                if _is_stub_answer(answer):
                    what = f"{_name_of(answer)} is still the stub: write its body, then run this cell again"
                    raise NotSolved(what, "")
                check(answer, *args, **kwargs)
            except NotSolved as failed:
                print(f"✗ Not yet: {failed.what}")
                print(f"  {entry.next_hint()}")
            except ExerciseFailed as failed:
                print(f"✗ Not yet: {failed.what}")
                print(f"  Hint: {failed.hint}")
                print(f'  More help: hint("{name}")')

        run.exercise = entry
        return run

    return decorate


def hint(name=None):
    """Print the next hint of exercise ``name`` (default: the one checked last)."""
    print(_entry(name).next_hint())


def solution(name=None):
    """Print the reference solution of exercise ``name`` (default: the one checked last)."""
    print(inspect.getsource(_entry(name).solution()).rstrip())


def _entry(name):
    name = name or _last
    if name not in EXERCISES:
        known = ", ".join(f'"{n}"' for n in sorted(EXERCISES))
        if name is None:
            raise ValueError(f"no exercise checked yet: run an exercise cell first, or name one: {known}")
        raise ValueError(f"no exercise called {name!r}; the exercises loaded so far: {known}")
    return EXERCISES[name]


# --- stubs -------------------------------------------------------------------------


def is_stub(fn):
    """Whether ``fn``'s body does nothing: only ``...``, ``pass`` or ``return None``, with or
    without a docstring (what an unsolved exercise holds)."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return False
    ops = [(i.opname, i.argval) for i in dis.get_instructions(code) if i.opname not in ("RESUME", "NOP")]
    return ops in ([("LOAD_CONST", None), ("RETURN_VALUE", None)], [("RETURN_CONST", None)])


def _own_methods(cls):
    own = vars(cls).items()
    return [value for key, value in own if inspect.isfunction(value) and not key.startswith("__")]


def _is_stub_answer(answer):
    """A stub function, or a class (or an instance) whose own methods are all stubs."""
    if inspect.isfunction(answer):
        return is_stub(answer)
    cls = answer if inspect.isclass(answer) else type(answer)
    methods = _own_methods(cls) if cls.__module__ not in ("builtins", "numpy") else []
    return bool(methods) and all(is_stub(m) for m in methods)


def _name_of(answer):
    if inspect.isfunction(answer):
        return f"{answer.__name__}"
    cls = answer if inspect.isclass(answer) else type(answer)
    return ", ".join(f"{cls.__name__}.{m.__name__}" for m in _own_methods(cls))


# --- helpers shared by the checkers ---------------------------------------------------

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
