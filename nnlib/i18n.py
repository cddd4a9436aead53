"""English and Japanese: the language nnlib speaks, its message catalog, its figures' font.

    import nnlib
    nnlib.set_language("ja")     # the first code cell of every Japanese notebook

or ``NNLIB_LANG=ja`` in the environment (for ``python -m nnlib`` and scripts). English
is the default.

The catalog. Every string a student reads (exercise feedback and hints, dashboard
labels and messages, loader notices and errors, command-line help, plot labels) is
an entry of ``CATALOG``, in both languages. Each module declares its own section next
to the code that uses it::

    MESSAGES = catalog("mnist", {
        "offline": ("using the offline sample ({n} images)",
                    "オフライン用のサンプル（{n} 枚）を使います"),
    })
    print(MESSAGES["offline"].format(n=5000))    # in the current language

A section reads like a dict whose values are in the language chosen now, so a label
made after ``set_language`` is in that language. The tests check that every entry has
both languages with the same ``{placeholders}``.

Why a module of our own and not gettext: the catalog is a few hundred strings in two
languages, kept next to the code that prints them; ``.po`` files would need a compile
step and a tool for students who only want to fix a word, and the placeholder check is
easier on a dict.

The font. matplotlib's default font has no Japanese characters (a Japanese label would
draw boxes and warn). With Japanese chosen, nnlib adds IPAexGothic, which the package
``matplotlib-fontja`` ships, as the fallback after DejaVu Sans: Latin letters, digits
and the minus sign stay as in the English figures, Japanese comes from IPAexGothic.
English figures are not touched.
"""

import logging
import os
import string
import sys
import warnings
from collections.abc import Mapping

LANGUAGES = ("en", "ja")
DEFAULT = "en"
JAPANESE_FONT = "IPAexGothic"

CATALOG = {}  # "section.key" -> {"en": text, "ja": text}


def _normalise(language):
    """'ja', 'JA', 'ja_JP.UTF-8', 'ja-JP' -> 'ja'; None if not a language nnlib speaks."""
    if not isinstance(language, str):
        return None
    code = language.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return code if code in LANGUAGES else None


def _from_environment():
    value = os.environ.get("NNLIB_LANG", "")
    if not value.strip():
        return DEFAULT
    language = _normalise(value)
    if language is None:
        warnings.warn(
            f"NNLIB_LANG={value!r} is not a language nnlib speaks; use NNLIB_LANG=en or NNLIB_LANG=ja. "
            f"English is used. / NNLIB_LANG={value!r} には対応していません。"
            f"NNLIB_LANG=en か NNLIB_LANG=ja を指定してください。英語で表示します。",
            stacklevel=3,
        )
        return DEFAULT
    return language


_language = _from_environment()


def get_language():
    """The language nnlib speaks now: 'en' or 'ja'."""
    return _language


def set_language(language):
    """Speak ``language`` ('en' or 'ja') from now on: messages, labels made from now on,
    and (for 'ja') a Japanese font for matplotlib."""
    global _language
    code = _normalise(language)
    if code is None:
        raise ValueError(
            f"set_language({language!r}): nnlib speaks {' and '.join(map(repr, LANGUAGES))}; "
            f'use nnlib.set_language("ja") for Japanese or nnlib.set_language("en") for English'
        )
    _language = code
    if code == "ja" or "matplotlib" in sys.modules:
        use_font()


# --- the catalog ------------------------------------------------------------------


class Section(Mapping):
    """The entries of one module, read in the current language (a read-only dict)."""

    def __init__(self, name, keys):
        self.name, self._keys = name, tuple(keys)

    def __getitem__(self, key):
        try:
            return CATALOG[f"{self.name}.{key}"][_language]
        except KeyError:
            raise KeyError(f"the message catalog has no entry {self.name}.{key}") from None

    def __iter__(self):
        return iter(self._keys)

    def __len__(self):
        return len(self._keys)

    def both(self, key):
        """The entry in both languages: {'en': ..., 'ja': ...}."""
        return dict(CATALOG[f"{self.name}.{key}"])


def catalog(section, entries):
    """Add ``entries`` ({key: (english, japanese)}) to the catalog as ``section``; returns
    the section, which reads like a dict in the current language."""
    for key, texts in entries.items():
        if not (isinstance(texts, tuple) and len(texts) == len(LANGUAGES)):
            raise TypeError(f"catalog entry {section}.{key}: give a tuple ({', '.join(LANGUAGES)})")
        name = f"{section}.{key}"
        if name in CATALOG and tuple(CATALOG[name].values()) != texts:
            raise ValueError(f"catalog entry {name} is declared twice with different texts")
        CATALOG[name] = dict(zip(LANGUAGES, texts, strict=True))
    return Section(section, entries)


def placeholders(text):
    """The names of the ``{fields}`` of ``text``, e.g. 'loss {loss:.2f} at {i}' -> {'loss', 'i'}."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


# --- the font ---------------------------------------------------------------------

_english_family = None  # matplotlib's font.family before Japanese was chosen


class _NoBoldWarning:
    """IPAexGothic has one weight: bold Japanese text is drawn at its normal weight, which is
    what matplotlib does anyway, but it logs a warning for each size (a red box in a notebook)."""

    @staticmethod
    def filter(record):
        return not (record.getMessage().startswith("findfont: Failed to find font weight")
                    and JAPANESE_FONT in record.getMessage())  # fmt: skip


def japanese_font_file():
    """The path of IPAexGothic (ipaexg.ttf) from the package matplotlib-fontja."""
    from importlib.util import find_spec

    # find_spec only locates the package: importing it would set matplotlib's font for everything
    spec = find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "the Japanese font comes from the package matplotlib-fontja, which is not installed: "
            "run make lab again (or pip install matplotlib-fontja) / 日本語フォントは "
            "matplotlib-fontja パッケージに入っています。make lab をもう一度実行してください"
        )
    return os.path.join(spec.submodule_search_locations[0], "fonts", "ipaexg.ttf")


def use_font():
    """Give matplotlib the font the current language needs (nnlib.plotting calls it on import)."""
    global _english_family
    import matplotlib as mpl
    from matplotlib import font_manager

    if _language == "ja":
        if JAPANESE_FONT not in {f.name for f in font_manager.fontManager.ttflist}:
            font_manager.fontManager.addfont(japanese_font_file())
            logging.getLogger("matplotlib.font_manager").addFilter(_NoBoldWarning)
        family = list(mpl.rcParams["font.family"])
        if JAPANESE_FONT not in family:
            _english_family = family
            # DejaVu Sans first: digits, Latin letters and the minus sign as in English
            # figures; matplotlib takes each glyph it lacks from the next font
            mpl.rcParams["font.family"] = ["DejaVu Sans", JAPANESE_FONT]
    elif _english_family is not None:
        mpl.rcParams["font.family"] = _english_family
        _english_family = None
