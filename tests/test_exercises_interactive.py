"""The check of notebook 07: right answers pass, typical wrong answers are named."""

import numpy as np
import pytest
from exercises_support import JAPANESE, assert_correct_in_japanese, assert_not_yet_in_japanese

from nnlib.exercises import ExerciseFailed
from nnlib.exercises import interactive as checks
from nnlib.exercises.interactive import check_moving_average
from nnlib.i18n import placeholders
from nnlib.plotting import smooth

# The checkers without their printing wrapper (nnlib.exercises.exercise): a wrong answer
# raises ExerciseFailed, so each diagnosis can be asserted.
check_moving_average = check_moving_average.__wrapped__


def loop_answer(values, window):
    values = np.asarray(values, dtype=np.float64)
    averages = np.empty(len(values))
    for i in range(len(values)):
        start = max(0, i - window + 1)
        averages[i] = values[start : i + 1].mean()
    return averages


def list_answer(values, window):
    return [sum(values[max(0, i - window + 1) : i + 1]) / len(values[max(0, i - window + 1) : i + 1])
            for i in range(len(values))]  # fmt: skip


@pytest.mark.parametrize("answer", [loop_answer, list_answer, smooth])
def test_right_answers_pass(answer, capsys):
    check_moving_average(answer)
    assert capsys.readouterr().out.startswith("✓ Correct:")


def valid_convolution(values, window):
    return np.convolve(values, np.ones(window) / window, mode="valid")


def full_convolution(values, window):
    return np.convolve(values, np.ones(window) / window, mode="full")


def one_too_many(values, window):
    return loop_answer(values, window + 1)


def one_too_few(values, window):
    return loop_answer(values, window - 1)


def fixed_window(values, window):
    return loop_answer(values, 3)


def centred(values, window):
    values = np.asarray(values, dtype=np.float64)
    return np.array(
        [values[max(0, i - window // 2) : i + window - window // 2].mean() for i in range(len(values))]
    )


def divided_by_window(values, window):
    values = np.asarray(values, dtype=np.float64)
    return np.array([values[max(0, i - window + 1) : i + 1].sum() / window for i in range(len(values))])


def nan_at_start(values, window):
    out = loop_answer(values, window)
    out[: window - 1] = np.nan
    return out


def zero_at_start(values, window):
    out = loop_answer(values, window)
    out[: window - 1] = 0
    return out


def in_place(values, window):
    values[:] = loop_answer(values, window)
    return values


def no_return(values, window):
    loop_answer(values, window)


def raises(values, window):
    return values.mean(axis=2)


def off_somewhere(values, window):
    out = loop_answer(values, window)
    out[5] += 1
    return out


def one_short(values, window):
    return loop_answer(values, window)[:-1]


def right_for_3_only(values, window):
    return loop_answer(values, 3 if window == 3 else 4)


MISTAKES = [
        (valid_convolution, "mode='valid'"),
        (full_convolution, "mode='full'"),
        (one_too_many, "over 4 values, not 3"),
        (one_too_few, "over 2 values, not 3"),
        (fixed_window, "ignores its window"),
        (centred, "centred"),
        (divided_by_window, "divided by 3, but they have fewer values"),
        (nan_at_start, "are nan"),
        (zero_at_start, "are 0"),
        (in_place, "changed the values"),
        (no_return, "returns None"),
        (raises, "raised AxisError"),
        (off_somewhere, "at index 5"),
        (one_short, "10 values gave 9 averages"),
        (right_for_3_only, "right for window=3 but not for window=5"),
]  # fmt: skip


@pytest.mark.parametrize(("answer", "message"), MISTAKES)
def test_typical_mistakes_are_named(answer, message):
    with pytest.raises(ExerciseFailed, match=message):
        check_moving_average(answer)


# --- in Japanese ------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [answer for answer, _ in MISTAKES], ids=lambda f: f.__name__)
def test_in_japanese_every_mistake_gets_a_japanese_diagnosis_and_hint(answer, japanese, capsys):
    checks.check_moving_average(answer)
    assert_not_yet_in_japanese(capsys.readouterr().out, "moving_average")


@pytest.mark.parametrize("answer", [loop_answer, list_answer, smooth])
def test_in_japanese_right_answers_are_correct(answer, japanese, capsys):
    checks.check_moving_average(answer)
    out = capsys.readouterr().out
    assert_correct_in_japanese(out)
    assert out.startswith("✓ 正解です: 各イテレーションで、最後の `window` 個の")


def test_in_japanese_the_hints_are_japanese(japanese):
    hints = checks.check_moving_average.exercise.hints
    assert len(hints) == 2 and all(JAPANESE.search(h) for h in hints)


@pytest.mark.parametrize("key", list(checks.MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key):
    both = checks.MESSAGES.both(key)
    assert both["en"] and both["ja"] != both["en"]
    assert placeholders(both["en"]) == placeholders(both["ja"])
