"""The Japanese and the English edition are one program, and cannot drift apart unnoticed
(how they pair up: tests/editions.py)."""

import pytest
from editions import EN, JA, code_problems, english_hash, pairs, program, stale_cells, structure_problems

PAIRS = list(pairs())
NAMES = [name for name, _, _ in PAIRS]


def test_both_editions_hold_the_same_notebooks():
    english = sorted(p.name for p in EN.glob("[0-9][0-9]_*.ipynb"))
    japanese = sorted(p.name for p in JA.glob("[0-9][0-9]_*.ipynb"))
    assert len(english) >= 7
    assert japanese == english


@pytest.mark.parametrize("name, en, ja", PAIRS, ids=NAMES)
def test_the_code_cells_are_the_same_program(name, en, ja):
    assert ja is not None, f"notebooks/ja/{name} is missing"
    problems = structure_problems(name, en, ja) or code_problems(name, en, ja)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name, en, ja", PAIRS, ids=NAMES)
def test_every_japanese_cell_translates_the_english_cell_of_now(name, en, ja):
    assert ja is not None, f"notebooks/ja/{name} is missing"
    assert not structure_problems(name, en, ja)
    stale = stale_cells(name, en, ja)
    assert not stale, (
        "bring these Japanese cells up to date, then run python tests/editions.py stamp "
        f"notebooks/ja/{name}:\n\n" + "\n\n".join(stale)
    )


@pytest.mark.parametrize("name, en, ja", PAIRS, ids=NAMES)
def test_each_edition_speaks_its_language_from_the_first_code_cell(name, en, ja):
    for edition, language in ((en, "en"), (ja, "ja")):
        first = next(c for c in edition["cells"] if c["cell_type"] == "code")
        assert f'nnlib.set_language("{language}")' in "".join(first["source"]), name


def test_the_program_leaves_out_comments_and_strings_only():
    english = 'x = f"{loss:.2f} loss"  # why\nprint("a",\n      "b")\n'
    japanese = 'x = f"損失 {loss:.2f}"  # 理由\nprint("あ",\n      "い")\n'
    assert program(english) == program(japanese)
    assert program("x = 1\n") != program("x = 2\n")
    assert program("f(a)\n") != program("f(b)\n")
    assert program("if a:\n    b()\n") != program("if a:\n    pass\nb()\n")  # indentation counts


def test_a_changed_english_cell_makes_its_translation_stale():
    en = {"cells": [{"cell_type": "markdown", "source": "The loss falls.", "metadata": {}}]}
    ja = {"cells": [{"cell_type": "markdown", "source": "損失が下がります。",
                     "metadata": {"nnlib": {"translates": english_hash("The loss falls.")}}}]}  # fmt: skip
    assert stale_cells("x", en, ja) == []
    en["cells"][0]["source"] = "The loss falls fast."
    (stale,) = stale_cells("x", en, ja)
    assert "older English text" in stale and "The loss falls fast." in stale
    del ja["cells"][0]["metadata"]["nnlib"]
    assert "never stamped" in stale_cells("x", en, ja)[0]


def test_a_different_program_is_reported_with_both_codes():
    en = {"cells": [{"cell_type": "code", "source": "lr = 0.1\n"}]}
    ja = {"cells": [{"cell_type": "code", "source": "lr = 0.01  # 学習率\n"}]}
    (problem,) = code_problems("x", en, ja)
    assert "lr = 0.1" in problem and "lr = 0.01" in problem
    assert structure_problems("x", en, {"cells": []}) == ["x: 1 cells in English, 0 in Japanese"]

