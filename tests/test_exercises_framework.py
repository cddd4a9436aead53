"""The exercise machinery: stubs, wrong and right answers, hints in steps, solutions,
and the 'predict before you run' questions."""

import importlib
import pkgutil

import ipywidgets
import numpy as np
import pytest

import nnlib.exercises
from nnlib.exercises import EXERCISES, hint, is_stub, solution
from nnlib.exercises.questions import ask, ask_number

# Import every checker module, so that the registry holds every exercise.
CHECKER_MODULES = [
    importlib.import_module(f"nnlib.exercises.{m.name}")
    for m in pkgutil.iter_modules(nnlib.exercises.__path__)
    if not m.ispkg and m.name != "questions"
]


def test_every_checker_module_registers_an_exercise():
    modules = {entry.module for entry in EXERCISES.values()}
    assert modules == {m.__name__.rsplit(".", 1)[-1] for m in CHECKER_MODULES}


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_the_reference_solution_passes_its_checker(name, capsys):
    entry = EXERCISES[name]
    check = getattr(importlib.import_module(f"nnlib.exercises.{entry.module}"), entry.check.__name__)
    check(entry.solution())
    out = capsys.readouterr().out
    assert out.startswith("✓ Correct:"), out
    assert "✗" not in out


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_every_exercise_has_a_first_hint_that_is_not_a_solution(name):
    entry = EXERCISES[name]
    assert len(entry.hints) >= 2, "a nudge first, more on request"
    assert all(len(h) > 20 for h in entry.hints)


def _stub_answer(entry):
    """An answer shaped like the exercise's solution, with every body `...`."""
    reference = entry.solution()
    if isinstance(reference, type):
        methods = {k: v for k, v in vars(reference).items() if callable(v) and not k.startswith("__")}

        def stub(self, *args):
            """Docstring of the stub."""
            ...

        return type(reference.__name__, reference.__bases__, {k: stub for k in methods})

    def stub_function(*args):
        """What goes in, what comes out."""
        ...

    stub_function.__name__ = reference.__name__
    return stub_function


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_a_stub_gets_not_yet_and_the_first_hint(name, capsys):
    entry = EXERCISES[name]
    entry.hints_shown = 0
    check = getattr(importlib.import_module(f"nnlib.exercises.{entry.module}"), entry.check.__name__)
    check(_stub_answer(entry))
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("✗ Not yet:") and "still the stub" in out[0]
    assert out[1].strip() == f"Hint 1 of {len(entry.hints)}: {entry.hints[0]}"
    assert not any(line.startswith("✓") for line in out)


def test_a_wrong_answer_prints_the_diagnosis_and_does_not_raise(capsys):
    from nnlib.exercises.data import check_one_hot

    check_one_hot(lambda t: np.zeros((t.size, 10)))  # no ones at all
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("✗ Not yet:")
    assert out[1].strip().startswith("Hint:")
    assert out[2].strip() == 'More help: hint("to_one_hot")'


def test_an_exception_in_the_answer_is_feedback(capsys):
    from nnlib.exercises.data import check_one_hot

    def broken(t):
        return t.nonexistent

    check_one_hot(broken)
    out = capsys.readouterr().out
    assert out.startswith("✗ Not yet:") and "AttributeError" in out


def test_hints_come_in_steps_then_point_to_the_solution(capsys):
    from nnlib.exercises.data import check_one_hot

    entry = EXERCISES["to_one_hot"]
    entry.hints_shown = 0
    check_one_hot(_stub_answer(entry))  # shows hint 1 and makes this exercise the last one
    capsys.readouterr()
    for k in range(2, len(entry.hints) + 1):
        hint()
        out = capsys.readouterr().out
        assert out.startswith(f"Hint {k} of {len(entry.hints)}: {entry.hints[k - 1]}")
    assert 'solution("to_one_hot")' in out  # after the last hint
    hint("to_one_hot")  # asking again repeats the last one
    assert capsys.readouterr().out.startswith(f"Hint {len(entry.hints)} of")


def test_solution_prints_the_reference_code(capsys):
    solution("to_one_hot")
    out = capsys.readouterr().out
    assert out.startswith("def to_one_hot(t):") and "np.arange(t.size), t] = 1" in out


def test_an_unknown_exercise_name_is_a_clear_error():
    with pytest.raises(ValueError, match="no exercise called 'one_hot'.*\"to_one_hot\""):
        hint("one_hot")


def test_is_stub_tells_stubs_from_bodies():
    def dots(x):
        """Doc."""
        ...

    def passes(x):
        pass

    def body(x):
        return x

    def none(x):
        return None

    assert is_stub(dots) and is_stub(passes)
    assert not is_stub(body)
    assert not is_stub(np.zeros)  # not a Python function: never a stub
    assert not is_stub(lambda t: t)
    assert is_stub(none)  # `return None` alone does nothing either


# --- questions ----------------------------------------------------------------------


def test_a_multiple_choice_question_answers_each_choice():
    q = ask("What loss?", {"about 0": "0 means sure and right", "about 2.3": None}, why="ln 10 = 2.30")
    assert repr(q) == "Question: What loss?"
    assert q.answer_with("about 0") == "✗ Not quite: 0 means sure and right. Try another answer."
    assert q.answer_with("about 2.3") == "✓ Right: ln 10 = 2.30"
    radio = q.children[1]
    radio.value = "about 0"  # what a click does
    assert "Not quite" in q.feedback.value


def test_a_question_needs_exactly_one_right_option():
    with pytest.raises(ValueError, match="exactly one right option"):
        ask("?", {"a": None, "b": None}, why="")


def test_a_number_question_judges_within_the_tolerance():
    q = ask_number("x after one step?", answer=1.5, tolerance=0.01, why="x - lr * 2x")
    assert q.answer_with("1.505").startswith("✓ Right")
    assert q.answer_with("2") == "✗ Not quite: 2 is too large by more than 0.01. Try again."
    assert q.answer_with("1") == "✗ Not quite: 1 is too small by more than 0.01. Try again."
    assert q.answer_with("abc") == "Type a number, then press Check."
    box = q.children[1].children[0]
    box.value = "1.5"
    assert "Right" in q.feedback.value


@pytest.mark.skipif(ipywidgets.__version__.startswith("7."),
                    reason="ipywidgets 7 shows a widget through _ipython_display_, which cuts its text")
def test_a_long_question_keeps_its_whole_text_where_widgets_cannot_be_shown():
    text = "A question of more than a hundred and ten characters, " * 3
    bundle = ask(text, {"a": None, "b": "no"}, why="")._repr_mimebundle_()
    assert bundle["text/plain"] == f"Question: {text}"
