"""The notebooks as lessons: exercises committed unsolved, outputs that read as sentences,
no checking machinery in the text, no red boxes. (nbval runs them; this reads them.)"""

import ast
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("**/[0-9][0-9]_*.ipynb"))
# Words of the checking machinery, which a student should never meet in a lesson.
MACHINERY = re.compile(
    r"\bnbval\b|\bpytest\b|\basyncio\b|\bipykernel\b|\bthe tests\b|\btest suite\b|\bunit tests?\b",
    re.IGNORECASE,
)
BARE_BOOL = re.compile(r"(^|:)\s*(True|False)\s*$")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # kana or kanji
NOT_YET = {"en": "✗ Not yet:", "ja": "✗ まだです:"}  # what an unsolved exercise prints
# A line break inside a Markdown paragraph is shown as a space: between two Japanese
# characters, or after/before Japanese punctuation, that is a gap in the middle of a sentence.
WIDE = "\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef"
PUNCT = "。、「」（）：・！？"
NEW_BLOCK = r"\d+\.\s|[-*+]\s|[|#>$`]"  # a list item, a table row, a heading, math or code
SPLIT_SENTENCE = re.compile(
    rf"[{WIDE}]\n[ \t]*[{WIDE}]|[{PUNCT}]\n[ \t]*(?!{NEW_BLOCK})\S|[^\s|$`]\n[ \t]*[{PUNCT}]"
)


def edition(path):
    """'en' or 'ja': the folder a notebook is in."""
    return path.parent.name


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def output_text(cell):
    parts = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            parts.append("".join(out["text"]))
        elif "data" in out and "text/plain" in out["data"]:
            parts.append("".join(out["data"]["text/plain"]))
    return "".join(parts)


def is_stub_body(body):
    """A function body that is only a docstring and `...` / pass (and comments)."""
    rest = body[1:] if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
        and isinstance(body[0].value.value, str) else body  # fmt: skip
    return all(isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)
                                           and s.value.value is Ellipsis) for s in rest)  # fmt: skip


def ids(paths):
    return [f"{p.parent.name}/{p.name}" for p in paths]


def test_the_notebooks_are_found():
    assert len(NOTEBOOKS) >= 14
    assert {edition(p) for p in NOTEBOOKS} == {"en", "ja"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_exercises_are_committed_unsolved(path):
    exercises = [c for c in cells(path) if "exercise" in c.get("metadata", {}).get("tags", [])]
    assert exercises, f"{path.name} has no cell tagged 'exercise'"
    for cell in exercises:
        source = "".join(cell["source"])
        functions = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef)]
        assert functions and all(is_stub_body(f.body) for f in functions), f"not a stub:\n{source}"
        out = output_text(cell)
        assert "✓" not in out, f"an exercise of {path.name} is committed solved:\n{source}"
        assert out.startswith(NOT_YET[edition(path)]), f"an unsolved exercise of {path.name} prints:\n{out}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_no_output_warns_of_a_missing_glyph(path):
    """A figure with Japanese text and no Japanese font draws boxes, and matplotlib says so."""
    for cell in cells(path):
        text = output_text(cell)
        assert "missing from font" not in text and "Glyph" not in text, f"{path.name}: {text[:300]}"


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if edition(p) == "ja"],
                         ids=ids([p for p in NOTEBOOKS if edition(p) == "ja"]))  # fmt: skip
def test_nnlib_speaks_japanese_in_the_japanese_edition(path):
    """Every line nnlib prints in a Japanese notebook (its notices, the checkers' verdicts
    and hints) is Japanese."""
    for cell in cells(path):
        for line in output_text(cell).splitlines():
            if line.startswith(("nnlib:", "✓", "✗", "  Hint", "  ヒント")):
                assert JAPANESE.search(line), f"{path.name}: English in the Japanese edition: {line!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_no_output_line_is_a_bare_true_or_false(path):
    for cell in cells(path):
        for line in output_text(cell).splitlines():
            assert not BARE_BOOL.search(line), f"{path.name}: an output line ends in a bare boolean: {line!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_no_text_talks_about_the_machinery(path):
    for cell in cells(path):
        text = "".join(cell["source"]) + output_text(cell)
        match = MACHINERY.search(text)
        assert not match, f"{path.name} mentions {match.group(0)!r}:\n{text[:300]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_no_red_boxes(path):
    """Nothing on stderr (Jupyter shows it in red) and no errors in the committed outputs."""
    for cell in cells(path):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"{path.name} has an error output"
            if out["output_type"] == "stream":
                assert out["name"] == "stdout", f"{path.name} writes to stderr: {''.join(out['text'])[:200]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_each_notebook_starts_with_its_numbered_title(path):
    first = "".join(cells(path)[0]["source"])
    number = path.name[:2]
    assert first.startswith(f"# {number} ·"), f"{path.name} should start with '# {number} · its title'"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_widgets_are_saved_as_text_only(path):
    """ipywidgets 7 (Colab's) cannot read ipywidgets 8's saved state, and without it JupyterLab
    would show an error in place of each widget: commit their text only (make notebooks)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert "widgets" not in nb["metadata"], f"{path.name}: run `make notebooks`"
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            assert "application/vnd.jupyter.widget-view+json" not in out.get("data", {}), (
                f"{path.name}: a widget output is saved as a widget; run `make notebooks`"
            )


def sentence_breaks(markdown):
    """Line breaks in the middle of a Japanese sentence (code blocks left out)."""
    prose = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)
    return [prose[max(0, m.start() - 15):m.end() + 15] for m in SPLIT_SENTENCE.finditer(prose)]


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if edition(p) == "ja"],
                         ids=ids([p for p in NOTEBOOKS if edition(p) == "ja"]))  # fmt: skip
def test_japanese_sentences_are_not_broken_across_lines(path):
    for cell in cells(path):
        if cell["cell_type"] == "markdown":
            breaks = sentence_breaks("".join(cell["source"]))
            assert not breaks, f"{path.name}: a line break shows as a space inside a sentence: {breaks}"


def test_the_japanese_readme_has_no_sentence_broken_across_lines():
    readme = Path(__file__).parent.parent / "README.ja.md"
    assert not sentence_breaks(readme.read_text(encoding="utf-8"))


def test_a_sentence_break_is_found():
    assert sentence_breaks("値を\n小さくします") and sentence_breaks("です。\n2つの点")
    assert not sentence_breaks("です。\n\n2つ") and not sentence_breaks("テイラー展開\n$f(x)$")
    assert not sentence_breaks("です。\n- 次の項目")
