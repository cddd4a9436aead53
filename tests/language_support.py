"""Figures in both languages: the ``language`` fixture runs a test once in English and once
in Japanese, and then checks every figure the test left open.

    from language_support import language  # noqa: F401   (in a test module: autouse)

In Japanese, every part of a text of a figure (titles, axis labels, legend entries,
annotations; not tick labels; cut at " · ", "、", ": ", brackets) that has Latin letters
must contain Japanese, unless its letters are symbols (``SYMBOLS``: f(x), x0, W1,
h = 1e-04, ...) or words the test itself passed in (``language.given(...)``); and the
figure must draw with no "Glyph ... missing" warning.
The figures are closed afterwards, and English is chosen again.
"""

import re
import warnings

import matplotlib
import matplotlib.pyplot as plt
import pytest

import nnlib

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# Names and symbols that stay as they are in Japanese figures (math, code, units).
SYMBOLS = {"f", "x", "x0", "x1", "h", "e", "y", "w", "max", "W1", "W2", "b1", "b2", "lr", "flatten", "True",
           "ms", "TwoLayerNet", "MNIST", "it"}  # fmt: skip


def is_japanese(text, given=()):
    """True if ``text`` has Japanese, or no Latin letters but symbols and ``given`` words."""
    if JAPANESE.search(text):
        return True
    for words in (*given, "µs"):
        text = text.replace(words, " ")
    return all(word in SYMBOLS for word in WORD.findall(text))


# Where a text is cut into the parts that each must be Japanese (so that one Japanese word
# does not let the English rest of a line pass).
SEPARATORS = re.compile(r" · |、|。|: |\n|（|）|\(|\)")


def not_japanese(texts, given=()):
    """The parts of ``texts`` that should be Japanese and are not."""
    return [part for text in texts for part in SEPARATORS.split(text) if not is_japanese(part, given)]


def figure_texts(fig):
    """The visible texts of ``fig``, tick labels (numbers) left out."""
    ticks = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis, getattr(ax, "zaxis", None)):
            if axis is not None:
                ticks.update(map(id, axis.get_ticklabels(which="both")))
                ticks.add(id(axis.get_offset_text()))
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)
            if t.get_visible() and t.get_text().strip() and id(t) not in ticks]  # fmt: skip


def draw_without_missing_glyphs(fig):
    """Draw ``fig``; a "Glyph ... missing from font" warning is raised as an error."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph")
        fig.canvas.draw()


class Language:
    def __init__(self, code):
        self.code, self._given = code, []

    def pick(self, english, japanese):
        """What a test expects in this language."""
        return english if self.code == "en" else japanese

    def given(self, *texts):
        """Texts the test passed to a figure (its own labels): they need not be Japanese."""
        self._given += texts
        return texts[0] if len(texts) == 1 else texts

    def check(self, fig):
        """In Japanese: the figure's texts are Japanese and draw with every glyph."""
        if self.code == "ja":
            draw_without_missing_glyphs(fig)
            assert not_japanese(figure_texts(fig), self._given) == []


@pytest.fixture(autouse=True, params=["en", "ja"])
def language(request):
    """The test once in English and once in Japanese; then every figure left open is checked."""
    nnlib.set_language(request.param)
    lang = Language(request.param)
    try:
        yield lang
        for number in plt.get_fignums():
            lang.check(plt.figure(number))
    finally:
        plt.close("all")
        nnlib.set_language("en")
