"""The exercise machinery: stubs, wrong and right answers, hints in steps, solutions,
and the 'predict before you run' questions."""

import importlib
import pkgutil

import ipywidgets
import numpy as np
import pytest
from exercises_support import JAPANESE, assert_japanese, assert_not_yet_in_japanese, speaking

import nnlib
import nnlib.exercises
from nnlib.exercises import EXERCISES, hint, is_stub, solution
from nnlib.exercises.questions import ask, ask_number
from nnlib.i18n import placeholders

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


# --- in Japanese ----------------------------------------------------------------------
# Every text comes from the catalog when it is printed: the checker modules were imported
# in English (above), and speak Japanese once nnlib.set_language("ja") is called.


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_the_reference_solution_passes_in_both_languages(name, language, capsys):
    entry = EXERCISES[name]
    check = getattr(importlib.import_module(f"nnlib.exercises.{entry.module}"), entry.check.__name__)
    with speaking(language):
        check(entry.solution())
    out = capsys.readouterr().out
    assert out.startswith({"en": "✓ Correct: ", "ja": "✓ 正解です: "}[language]), out
    assert "✗" not in out


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_a_stub_gets_not_yet_and_the_first_hint_in_japanese(name, japanese, capsys):
    entry = EXERCISES[name]
    entry.hints_shown = 0
    check = getattr(importlib.import_module(f"nnlib.exercises.{entry.module}"), entry.check.__name__)
    check(_stub_answer(entry))
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("✗ まだです: ") and "スタブ" in out[0]
    hints = entry.hints
    assert out[1] == f"  ヒント 1/{len(hints)}: {hints[0]}"
    assert_japanese(hints[0])
    assert out[2] == f'  さらにヒント: hint("{name}")'
    assert not any(line.startswith("✓") for line in out)


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_every_hint_is_in_japanese_and_differs_from_the_english(name, japanese):
    entry = EXERCISES[name]
    japanese_hints = entry.hints
    nnlib.set_language("en")
    english_hints = entry.hints
    assert len(japanese_hints) == len(english_hints)
    for ja, en in zip(japanese_hints, english_hints, strict=True):
        assert_japanese(ja)
        assert ja != en


def test_a_wrong_answer_prints_the_diagnosis_in_japanese(japanese, capsys):
    from nnlib.exercises.data import check_one_hot

    check_one_hot(lambda t: np.zeros((t.size, 10)))  # no ones at all
    assert_not_yet_in_japanese(capsys.readouterr().out, "to_one_hot")


def test_an_exception_in_the_answer_is_feedback_in_japanese(japanese, capsys):
    from nnlib.exercises.data import check_one_hot

    def broken(t):
        return t.nonexistent

    check_one_hot(broken)
    out = capsys.readouterr().out
    assert out.startswith("✗ まだです: あなたの関数で AttributeError が発生しました: ")
    assert_not_yet_in_japanese(out, "to_one_hot")


def test_hints_come_in_steps_then_point_to_the_solution_in_japanese(japanese, capsys):
    from nnlib.exercises.data import check_one_hot

    entry = EXERCISES["to_one_hot"]
    entry.hints_shown = 0
    check_one_hot(_stub_answer(entry))
    capsys.readouterr()
    n = len(entry.hints)
    for k in range(2, n + 1):
        hint()
        out = capsys.readouterr().out
        assert out.startswith(f"ヒント {k}/{n}: {entry.hints[k - 1]}")
        if k < n:
            assert out.splitlines()[-1] == '  さらにヒント: hint("to_one_hot")'
    assert out.splitlines()[-1] == '  これが最後のヒントです。解答例を見るには: solution("to_one_hot")'


def test_the_language_is_read_when_a_hint_is_shown_not_when_the_exercise_was_checked(capsys):
    from nnlib.exercises.data import check_one_hot

    entry = EXERCISES["to_one_hot"]
    entry.hints_shown = 0
    check_one_hot(_stub_answer(entry))  # in English
    assert capsys.readouterr().out.startswith("✗ Not yet:")
    with speaking("ja"):
        hint()
    assert capsys.readouterr().out.startswith("ヒント 2/")
    hint()
    assert capsys.readouterr().out.startswith("Hint 3 of")


def test_an_unknown_exercise_name_is_a_clear_error_in_japanese(japanese):
    with pytest.raises(ValueError, match="'one_hot' という演習はありません。読み込まれている演習: .*\"to_"):
        hint("one_hot")


def test_no_exercise_checked_yet_is_a_clear_error_in_both_languages(monkeypatch, japanese):
    monkeypatch.setattr(nnlib.exercises, "_last", None)
    with pytest.raises(ValueError, match="まだどの演習もチェックしていません"):
        solution()
    nnlib.set_language("en")
    with pytest.raises(ValueError, match="no exercise checked yet: run an exercise cell first"):
        solution()


def test_the_helpers_for_checkers_speak_japanese(japanese):
    from nnlib.exercises import ExerciseFailed, call_student, check_weights_unchanged, student_subclass
    from nnlib.two_layer_net import TwoLayerNet

    failures = []
    for attempt in (
        lambda: call_student(lambda: 1 / 0),
        lambda: call_student(lambda: 1 / 0, what="f(0)", hint="f を小さな値で試しましょう"),
        lambda: student_subclass(3, "predict", "check_predict", "(self, x)", "y"),
        lambda: student_subclass(type("Net", (TwoLayerNet,), {}), "predict", "check_predict", "(x)", "y"),
    ):
        with pytest.raises(ExerciseFailed) as info:
            attempt()
        failures.append(info.value)
    network = TwoLayerNet(4, 3, 2)
    before = {key: value.copy() for key, value in network.params.items()}
    network.params["b2"] += 1
    with pytest.raises(ExerciseFailed) as info:
        check_weights_unchanged(network, before, "gradient", "self.params は読むだけにしましょう")
    failures.append(info.value)
    assert failures[0].what == "あなたの関数で ZeroDivisionError が発生しました: division by zero"
    assert failures[1].what == "f(0) で ZeroDivisionError が発生しました: division by zero"
    assert failures[4].what == "gradient が self.params['b2'] を書き換えています"
    for failed in failures:
        assert_japanese(failed.what) and assert_japanese(failed.hint)
        assert str(failed) == f"{failed.what}\nヒント: {failed.hint}"


def test_hints_may_still_be_a_tuple_of_strings(capsys):
    @nnlib.exercises.exercise("a_legacy_exercise", hints=("the first nudge", "the second one"))
    def check_legacy(answer):
        nnlib.exercises.passed("fine")

    try:
        assert EXERCISES["a_legacy_exercise"].hints == ("the first nudge", "the second one")

        def stub():
            ...

        check_legacy(stub)
        assert capsys.readouterr().out.splitlines()[1] == "  Hint 1 of 2: the first nudge"
    finally:
        del EXERCISES["a_legacy_exercise"]


def test_hints_name_entries_that_exist():
    from nnlib.exercises import Hints
    from nnlib.exercises.data import MESSAGES

    with pytest.raises(KeyError, match="to_one_hot.hint9"):
        Hints(MESSAGES, "to_one_hot.hint1", "to_one_hot.hint9")


# The sections of this part of nnlib: both languages, the same placeholders, Japanese in Japanese.
SECTIONS = ["exercises", "exercises.questions", "exercises.data", "exercises.loss", "exercises.sgd"]


@pytest.mark.parametrize("module", SECTIONS)
def test_every_entry_of_the_section_is_in_both_languages(module):
    section = importlib.import_module(f"nnlib.{module}").MESSAGES
    assert len(section) > 0
    for key in section:
        texts = section.both(key)
        assert texts["en"] and texts["ja"], key
        assert placeholders(texts["en"]) == placeholders(texts["ja"]), key
        assert JAPANESE.search(texts["ja"]), key


def test_a_multiple_choice_question_in_japanese(japanese):
    options = {"約 0": "0 なら、どの画像にも確信をもって正しく答えたことになります", "約 2.3": None}
    q = ask("損失はいくつ？", options, why="ln 10 = 2.30")
    assert repr(q) == "問題: 損失はいくつ？"
    assert q.children[0].value == "<b>予想してから次のセルを実行しましょう:</b> 損失はいくつ？"
    assert q.answer_with("約 0").startswith("✗ 不正解です: 0 なら、")
    assert q.answer_with("約 2.3") == "✓ 正解です: ln 10 = 2.30。"


def test_a_japanese_answer_ends_with_one_maru_whether_or_not_its_text_did(japanese):
    q = ask("問い", {"正しい": None, "違う": "違います。"}, why="理由です。")
    assert q.answer_with("正しい") == "✓ 正解です: 理由です。"
    assert q.answer_with("違う").startswith("✗ 不正解です: 違います。ほか")


def test_a_number_question_in_japanese(japanese):
    q = ask_number("1 ステップ後の x は？", answer=1.5, tolerance=0.01, why="x - lr * 2x")
    assert q.answer_with("1.505") == "✓ 正解です: x - lr * 2x。"
    assert q.answer_with("2") == (
        "✗ 不正解です: 2 は大きすぎます（差が 0.01 を超えています）。もう一度考えてみましょう。"
    )
    assert q.answer_with("1").startswith("✗ 不正解です: 1 は小さすぎます")
    assert q.answer_with("abc") == "数を入力してから「確認」を押してください。"
    box, button = q.children[1].children
    assert box.placeholder == "あなたの予想" and button.description == "確認"
    assert "問題: 1 ステップ後の x は？" == repr(q)


def test_a_question_made_in_english_stays_english_where_it_was_made(japanese):
    nnlib.set_language("en")
    q = ask_number("x?", answer=1.5, tolerance=0.01, why="x - lr * 2x")
    assert q.children[1].children[1].description == "Check"
    assert q.answer_with("2").startswith("✗ Not quite")
