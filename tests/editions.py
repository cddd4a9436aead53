"""The English and the Japanese edition of the notebooks: one program in two languages.

    python tests/editions.py status              which Japanese cells are out of date
    python tests/editions.py stamp NB [NB ...]   after translating: record, in each cell of
                                                 notebooks/ja/NB, the English text it translates

The editions pair up cell by cell: ``notebooks/ja/X.ipynb`` has as many cells as
``notebooks/en/X.ipynb``, of the same kinds, in the same order. Two rules, both tested
(``tests/test_editions.py``):

1. a code cell of the Japanese edition is the same program as its English cell: equal
   token by token once comments and string literals are left out (``program``);
2. every Japanese cell records in ``metadata.nnlib.translates`` a hash of the English
   source it was translated from (``english_hash``). When an English cell changes, its
   hash no longer matches and the test names the cell, with the English text, until the
   Japanese cell is brought up to date and stamped again.

``stamp`` refuses a notebook whose code does not match (rule 1), so a stamp always
means "translated from this English text".
"""

import hashlib
import io
import json
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EN, JA = ROOT / "notebooks" / "en", ROOT / "notebooks" / "ja"
_SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.STRING, tokenize.ENCODING}
_FSTRING = tuple(getattr(tokenize, name, None) for name in ("FSTRING_START", "FSTRING_END"))


def source(cell):
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


def english_hash(text):
    """The first 16 hex digits of the SHA-256 of an English cell's source."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def program(code):
    """The tokens of ``code`` without comments and string literals (f-strings whole, on
    every Python version): what must be equal in both editions. Lines that are not
    Python (a ``%magic``) are kept as they are."""
    kept, depth = [], 0
    lines = code.splitlines(keepends=True)
    magic = [line.strip() for line in lines if line.lstrip().startswith(("%", "!"))]
    python = "".join(line for line in lines if not line.lstrip().startswith(("%", "!")))
    for token in tokenize.generate_tokens(io.StringIO(python).readline):
        if _FSTRING[0] is not None and token.type == _FSTRING[0]:
            depth += 1
            continue
        if _FSTRING[1] is not None and token.type == _FSTRING[1]:
            depth -= 1
            continue
        if depth or token.type in _SKIP or token.type == getattr(tokenize, "FSTRING_MIDDLE", None):
            continue
        if token.type in (tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE, tokenize.ENDMARKER):
            kept.append(tokenize.tok_name[token.type])
        else:
            kept.append(token.string)
    return magic + kept


def pairs():
    """(name, English notebook, Japanese notebook or None) for every English notebook."""
    for en_path in sorted(EN.glob("[0-9][0-9]_*.ipynb")):
        ja_path = JA / en_path.name
        yield en_path.name, _read(en_path), _read(ja_path) if ja_path.exists() else None


def _read(path):
    return json.loads(path.read_text(encoding="utf-8"))


def structure_problems(name, en, ja):
    """Why two notebooks do not pair up cell by cell (an empty list if they do)."""
    if len(en["cells"]) != len(ja["cells"]):
        return [f"{name}: {len(en['cells'])} cells in English, {len(ja['cells'])} in Japanese"]
    return [
        f"{name} cell {i}: {e['cell_type']} in English, {j['cell_type']} in Japanese"
        for i, (e, j) in enumerate(zip(en["cells"], ja["cells"], strict=True))
        if e["cell_type"] != j["cell_type"]
    ]


def code_problems(name, en, ja):
    """The code cells whose programs differ between the editions."""
    problems = []
    for i, (e, j) in enumerate(zip(en["cells"], ja["cells"], strict=True)):
        if e["cell_type"] == "code" and program(source(e)) != program(source(j)):
            problems.append(
                f"{name} cell {i}: the Japanese code is not the English program "
                f"(only comments and strings may differ)\n"
                f"--- English:\n{source(e)}\n--- Japanese:\n{source(j)}"
            )
    return problems


def stale_cells(name, en, ja):
    """The Japanese cells whose recorded English hash is not that of the English cell now."""
    stale = []
    for i, (e, j) in enumerate(zip(en["cells"], ja["cells"], strict=True)):
        recorded = j.get("metadata", {}).get("nnlib", {}).get("translates")
        if recorded != english_hash(source(e)):
            why = "was never stamped" if recorded is None else "translates an older English text"
            stale.append(f"{name} cell {i} ({e['cell_type']}) {why}; the English now:\n{source(e)}")
    return stale


def stamp(path):
    """Record each English cell's hash in the Japanese cell of ``path`` (notebooks/ja/...)."""
    path = Path(path)
    name = path.name
    en, ja = _read(EN / name), _read(path)
    problems = structure_problems(name, en, ja) or code_problems(name, en, ja)
    if problems:
        raise SystemExit("not stamped:\n" + "\n".join(problems))
    for e, j in zip(en["cells"], ja["cells"], strict=True):
        j.setdefault("metadata", {}).setdefault("nnlib", {})["translates"] = english_hash(source(e))
    path.write_text(json.dumps(ja, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"stamped {path}")


def status():
    found = False
    for name, en, ja in pairs():
        if ja is None:
            print(f"{name}: no Japanese edition yet")
            found = True
            continue
        problems = structure_problems(name, en, ja) or code_problems(name, en, ja) + stale_cells(name, en, ja)
        for problem in problems:
            print(problem, end="\n\n")
            found = True
    if not found:
        print("the editions agree: every Japanese cell translates the English cell of now")
    return 1 if found else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["status"]:
        sys.exit(status())
    if sys.argv[1:2] == ["stamp"] and sys.argv[2:]:
        for nb in sys.argv[2:]:
            stamp(nb)
        sys.exit(0)
    sys.exit(__doc__)
