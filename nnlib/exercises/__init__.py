"""Self-checks for the notebooks' exercises: one module per notebook.

What a student sees. An exercise cell holds a stub: a function (or a method of a
``TwoLayerNet`` subclass) whose body is ``...``, and a call of its checker, e.g.
``check_one_hot(to_one_hot)``. Run as it is, the checker prints
"✗ Not yet: ... still the stub" and the first hint. A wrong answer gets "✗ Not yet:" with
what is wrong and a hint aimed at that mistake; a right one "✓ Correct: ...". Then

    hint()             the next hint of the exercise checked last (hint("to_one_hot") names one)
    solution()         the reference solution, printed: only when asked for

How an exercise is written (for authors). In ``nnlib/exercises/<notebook>.py``:

    MESSAGES = catalog("exercises.data", {
        "to_one_hot.hint1": ("a nudge", "最初の手がかり"),
        "to_one_hot.hint2": ("more", "もう少し詳しく"),
        "zeros": ("the result is all zeros", "結果がすべて 0 です"),
        "zeros.hint": ("put a 1 in each row", "各行に 1 を 1 つ置きましょう"),
        "to_one_hot.passed": ("what the right answer does", "正しい答えがすること"),
    })

    @exercise("to_one_hot", hints=Hints(MESSAGES, "to_one_hot.hint1", "to_one_hot.hint2"))
    def check_one_hot(to_one_hot):
        ...  # raise ExerciseFailed(MESSAGES["zeros"], MESSAGES["zeros.hint"]) for a wrong answer
        passed(MESSAGES["to_one_hot.passed"])

Every text a student reads comes from the message catalog (``nnlib.i18n``), looked up
when it is printed, so ``nnlib.set_language("ja")`` after import changes it: the hints
are ``Hints(section, *keys)``, which holds only keys (a tuple of plain strings is still
accepted, in one language only). ``ExerciseFailed`` and ``passed`` take texts already
looked up and formatted; the framework adds "✓ Correct:" / "✓ 正解です:", "✗ Not yet:" /
"✗ まだです:", "Hint:" / "ヒント:" and the "More help" line.

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
from collections.abc import Sequence

import numpy as np

from nnlib.i18n import catalog
from nnlib.two_layer_net import TwoLayerNet

MESSAGES = catalog("exercises", {
    "failed": ("{what}\nHint: {hint}", "{what}\nヒント: {hint}"),
    "correct": ("✓ Correct: {message}", "✓ 正解です: {message}"),
    "no_hints": ('No hints for this one; solution("{name}") shows an answer.',
                 'この演習にはヒントがありません。solution("{name}") で解答例を表示できます。'),
    "hint_k_of_n": ("Hint {k} of {n}: {hint}", "ヒント {k}/{n}: {hint}"),
    "more_help": ('  More help: hint("{name}")', '  さらにヒント: hint("{name}")'),
    "last_hint": ('  That was the last hint. To see an answer: solution("{name}")',
                  '  これが最後のヒントです。解答例を見るには: solution("{name}")'),
    "still_stub": ("{name} is still the stub: write its body, then run this cell again",
                   "{name} の中身がまだ空のまま（スタブ）です。"
                   "本体を書いてから、このセルをもう一度実行してください"),
    "not_yet": ("✗ Not yet: {what}", "✗ まだです: {what}"),
    "hint_line": ("  Hint: {hint}", "  ヒント: {hint}"),
    "none_checked": ("no exercise checked yet: run an exercise cell first, or name one: {known}",
                     "まだどの演習もチェックしていません。先に演習のセルを実行するか、"
                     "演習の名前を指定してください: {known}"),
    "unknown": ("no exercise called {name}; the exercises loaded so far: {known}",
                "{name} という演習はありません。読み込まれている演習: {known}"),
    "your_function_raised": ("your function raised {error}: {exc}",
                             "あなたの関数で {error} が発生しました: {exc}"),
    "raised": ("{what} raised {error}: {exc}", "{what} で {error} が発生しました: {exc}"),
    "small_example": ("run it on a small example in a cell of its own and read the error line by line",
                      "別のセルで小さな例に対して実行し、エラーメッセージを 1 行ずつ読んでみてください"),
    "not_a_class": ("{check} expects your class, got {got}",
                    "{check} にはあなたが定義したクラスを渡してください（渡されたのは {got} です）"),
    "not_a_class.hint": ("define class MyTwoLayerNet(TwoLayerNet): with a {method} method, then call "
                         "{check}(MyTwoLayerNet)",
                         "class MyTwoLayerNet(TwoLayerNet): を定義して {method} メソッドを書き、"
                         "{check}(MyTwoLayerNet) を呼び出してください"),
    "not_overridden": ("{cls} does not define its own {method}, so it runs nnlib's",
                       "{cls} は自分の {method} を定義していないので、nnlib の {method} が動いています"),
    "not_overridden.hint": ("write def {method}{signature}: inside the class body, indented, "
                            "and end it with return {returns}",
                            "クラスの本体の中に、インデントして def {method}{signature}: を書き、"
                            "最後を return {returns} にしてください"),
    "changed_params": ("{method} changed self.params['{key}']",
                       "{method} が self.params['{key}'] を書き換えています"),
})  # fmt: skip


class ExerciseFailed(Exception):
    """A wrong answer: ``what`` went wrong and a ``hint`` towards the fix (texts already
    in the current language: look them up in the catalog and format them first)."""

    def __init__(self, what, hint):
        super().__init__(MESSAGES["failed"].format(what=what, hint=hint))
        self.what = what
        self.hint = hint


class NotSolved(ExerciseFailed):
    """The answer is still the stub (or returns nothing yet)."""


def passed(message):
    """Report a correct answer."""
    print(MESSAGES["correct"].format(message=message))


class Hints(Sequence):
    """The hints of an exercise as catalog keys of ``section``, read in the language
    current when a hint is shown (``@exercise(name, hints=Hints(MESSAGES, "x.hint1", ...))``)."""

    def __init__(self, section, *keys):
        missing = [key for key in keys if key not in section]
        if missing:
            raise KeyError(f"the section {section.name} has no entry {', '.join(missing)}")
        self.section, self.keys = section, keys

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self.section[key] for key in self.keys[index])
        return self.section[self.keys[index]]

    def __len__(self):
        return len(self.keys)


# --- the registry: name -> checker, hints, solution ---------------------------------

EXERCISES = {}  # name -> Exercise
_last = None  # the name of the exercise checked last, for hint() and solution()


class Exercise:
    """One exercise: its checker, its hints (nudge first), where its solution lives."""

    def __init__(self, name, check, hints, module, solution):
        self.name, self.check = name, check
        self._hints = hints if isinstance(hints, Hints) else tuple(hints)
        self.module, self.solution_name = module, solution
        self.hints_shown = 0

    @property
    def hints(self):
        """The hints as a tuple of str, in the current language."""
        return tuple(self._hints)

    def solution(self):
        """The reference solution (a function or a class) from nnlib.exercises.solutions."""
        module = importlib.import_module(f"nnlib.exercises.solutions.{self.module}")
        return getattr(module, self.solution_name)

    def next_hint(self):
        """The next hint as 'Hint k of n: ...', and a pointer to what comes after it."""
        hints = self.hints
        if not hints:
            return MESSAGES["no_hints"].format(name=self.name)
        k = min(self.hints_shown, len(hints) - 1)
        self.hints_shown = k + 1
        text = MESSAGES["hint_k_of_n"].format(k=k + 1, n=len(hints), hint=hints[k])
        if k + 1 < len(hints):
            return text + "\n" + MESSAGES["more_help"].format(name=self.name)
        return text + "\n" + MESSAGES["last_hint"].format(name=self.name)


def exercise(name, hints, solution=None):
    """Decorator for a checker: registers it and prints its verdict (see the module docstring).

    hints: ``Hints(section, *keys)`` (read in the current language when shown), or a tuple
    of str (one language only)."""

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
                    raise NotSolved(MESSAGES["still_stub"].format(name=_name_of(answer)), "")
                check(answer, *args, **kwargs)
            except NotSolved as failed:
                print(MESSAGES["not_yet"].format(what=failed.what))
                print(f"  {entry.next_hint()}")
            except ExerciseFailed as failed:
                print(MESSAGES["not_yet"].format(what=failed.what))
                print(MESSAGES["hint_line"].format(hint=failed.hint))
                print(MESSAGES["more_help"].format(name=name))

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
            raise ValueError(MESSAGES["none_checked"].format(known=known))
        raise ValueError(MESSAGES["unknown"].format(name=repr(name), known=known))
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


def call_student(fn, *args, what=None, hint=None):
    """``fn(*args)``, with an exception from the student's code turned into feedback.

    what (the name of what was called), hint: texts in the current language; None for
    the framework's own ("your function raised ...", "run it on a small example ...")."""
    try:
        return fn(*args)
    except ExerciseFailed:
        raise
    except Exception as exc:
        said = MESSAGES["your_function_raised"] if what is None else MESSAGES["raised"]
        said = said.format(what=what, error=type(exc).__name__, exc=exc)
        raise ExerciseFailed(said, MESSAGES["small_example"] if hint is None else hint) from exc


def student_subclass(network_class, method, check, signature, returns):
    """The student's subclass of TwoLayerNet (or the class of an instance) that
    overrides ``method``; ExerciseFailed that says how to write one otherwise."""
    if isinstance(network_class, TwoLayerNet):
        network_class = type(network_class)
    if not (inspect.isclass(network_class) and issubclass(network_class, TwoLayerNet)):
        raise ExerciseFailed(
            MESSAGES["not_a_class"].format(check=check, got=repr(network_class)),
            MESSAGES["not_a_class.hint"].format(method=method, check=check),
        )
    if getattr(network_class, method) is getattr(TwoLayerNet, method):
        raise ExerciseFailed(
            MESSAGES["not_overridden"].format(cls=network_class.__name__, method=method),
            MESSAGES["not_overridden.hint"].format(method=method, signature=signature, returns=returns),
        )
    return network_class


def check_weights_unchanged(network, params, method, hint):
    """ExerciseFailed if ``method`` changed one of the weights; params: copies from before."""
    for key in params:
        if not np.array_equal(network.params[key], params[key]):
            raise ExerciseFailed(MESSAGES["changed_params"].format(method=method, key=key), hint)
