"""For the exercise checkers' tests in Japanese: speaking a language for a while (the
``japanese`` fixture of conftest.py does it for a whole test), and the shape of a Japanese
verdict (every line of it says something in Japanese).
"""

import contextlib
import re

import nnlib

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # kana and kanji


@contextlib.contextmanager
def speaking(language):
    """nnlib speaks ``language`` inside the block, English again after it."""
    nnlib.set_language(language)
    try:
        yield
    finally:
        nnlib.set_language("en")


def assert_japanese(line):
    assert JAPANESE.search(line), f"no Japanese in {line!r}"


def assert_not_yet_in_japanese(out, name):
    """``out``: what a checker printed for a wrong answer to exercise ``name``, in Japanese."""
    lines = out.splitlines()
    assert lines[0].startswith("✗ まだです: "), out
    after_hint = 1 + next(i for i, line in enumerate(lines) if line.startswith("  ヒント: "))
    assert lines[after_hint:] == [f'  さらにヒント: hint("{name}")'], out
    assert "✓" not in out and "Hint" not in out and "Not yet" not in out, out
    for line in lines[:after_hint]:  # the diagnosis (maybe of several lines) and the hint
        assert_japanese(line.removeprefix("✗ まだです: ").removeprefix("  ヒント: "))


def assert_correct_in_japanese(out):
    """``out``: what a checker printed for a right answer, in Japanese (a note may follow)."""
    lines = out.splitlines()
    assert lines[0].startswith("✓ 正解です: ") and "✗" not in out and "Correct" not in out, out
    for line in lines:
        assert_japanese(line.removeprefix("✓ 正解です: "))
