"""nnlib speaks English and Japanese: the language setting, the catalog, the Japanese font."""

import importlib
import os
import pkgutil
import re
import subprocess
import sys
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

import nnlib  # noqa: E402
from nnlib import i18n  # noqa: E402

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # kana or kanji


def all_modules():
    """Import every module of nnlib, so that every catalog section is declared."""
    names = [info.name for info in pkgutil.walk_packages(nnlib.__path__, "nnlib.")]
    for name in names:
        if name != "nnlib.__main__":
            importlib.import_module(name)
    return names


def test_every_module_can_be_imported_and_declares_its_strings():
    all_modules()
    sections = {key.split(".")[0] for key in i18n.CATALOG}
    # the parts of nnlib that speak to students each have a section of their own
    assert {"mnist", "cli", "exercises", "dashboard", "plotting"} <= sections


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_entry_has_a_text_in_each_language(language):
    all_modules()
    empty = [key for key, texts in i18n.CATALOG.items() if not texts[language].strip()]
    assert not empty, f"entries without a {language} text: {empty}"


def test_both_languages_have_the_same_placeholders():
    all_modules()
    differ = {
        key: (sorted(i18n.placeholders(texts["en"])), sorted(i18n.placeholders(texts["ja"])))
        for key, texts in i18n.CATALOG.items()
        if i18n.placeholders(texts["en"]) != i18n.placeholders(texts["ja"])
    }
    assert not differ, f"placeholders differ (en, ja): {differ}"


def test_japanese_texts_are_japanese():
    """A Japanese entry that is only Latin letters is an English text left untranslated
    (symbols, numbers and names such as 'W1' or 'lr' may stay as they are)."""
    all_modules()
    words = re.compile(r"[A-Za-z]{4,}")
    untranslated = [
        key for key, texts in i18n.CATALOG.items()
        if not JAPANESE.search(texts["ja"]) and words.search(texts["ja"].replace("{", " {"))
        and texts["ja"] == texts["en"] and len(words.findall(texts["en"])) > 1
    ]  # fmt: skip
    assert not untranslated, f"Japanese entries that are the English text: {untranslated}"


def test_placeholders_reads_format_fields():
    assert i18n.placeholders("loss {loss:.2f} after {i} of {n!r} ({{x}})") == {"loss", "i", "n"}


def test_a_section_reads_in_the_language_of_now():
    section = i18n.catalog("test_i18n", {"greeting": ("{who}, hello", "{who}さん、こんにちは")})
    assert section["greeting"].format(who="Ada") == "Ada, hello"
    nnlib.set_language("ja")
    try:
        assert section["greeting"].format(who="Ada") == "Adaさん、こんにちは"
        assert nnlib.get_language() == "ja"
    finally:
        nnlib.set_language("en")
    assert section.both("greeting") == {"en": "{who}, hello", "ja": "{who}さん、こんにちは"}
    with pytest.raises(KeyError, match="no entry test_i18n.missing"):
        section["missing"]


def test_a_catalog_entry_needs_both_languages():
    with pytest.raises(TypeError, match="give a tuple"):
        i18n.catalog("test_i18n_bad", {"x": ("only English",)})
    with pytest.raises(ValueError, match="declared twice"):
        i18n.catalog("test_i18n", {"greeting": ("another", "別の")})


@pytest.mark.parametrize("spelling", ["ja", "JA", "ja_JP.UTF-8", "ja-JP", " ja "])
def test_set_language_accepts_the_usual_spellings(spelling):
    nnlib.set_language(spelling)
    try:
        assert nnlib.get_language() == "ja"
    finally:
        nnlib.set_language("en")


@pytest.mark.parametrize("wrong", ["jp", "fr", "", None, 1])
def test_an_unknown_language_is_refused_with_the_choices(wrong):
    with pytest.raises(ValueError, match=r'set_language\("ja"\)'):
        nnlib.set_language(wrong)
    assert nnlib.get_language() == "en"


def run_python(code, **env):
    environment = {**os.environ, **env}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment,
                          timeout=60)  # fmt: skip


def test_nnlib_lang_chooses_the_language_of_a_process():
    assert run_python("import nnlib; print(nnlib.get_language())", NNLIB_LANG="ja").stdout.strip() == "ja"
    assert run_python("import nnlib; print(nnlib.get_language())", NNLIB_LANG="").stdout.strip() == "en"


def test_an_unknown_nnlib_lang_warns_and_uses_english():
    result = run_python("import nnlib; print(nnlib.get_language())", NNLIB_LANG="klingon")
    assert result.stdout.strip() == "en"
    assert "NNLIB_LANG='klingon'" in result.stderr and "NNLIB_LANG=ja" in result.stderr


# --- the font ---------------------------------------------------------------------


def fonts_for(text_props):
    """The font files matplotlib uses for a text, in fallback order."""
    return [os.path.basename(f) for f in font_manager.fontManager._find_fonts_by_props(text_props)]


def test_a_japanese_figure_finds_a_cjk_font_and_draws_without_warnings(japanese, tmp_path):
    fig, ax = plt.subplots()
    title = ax.set_title("損失関数の値とテストデータの認識精度 −0.5")
    ax.plot([0, 1], [1, 0], label="訓練データ")
    ax.legend()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would be a warning
        fig.savefig(tmp_path / "ja.png")
    files = fonts_for(title.get_fontproperties())
    assert "ipaexg.ttf" in files, files
    font = FT2Font(i18n.japanese_font_file())
    assert all(font.get_char_index(ord(c)) for c in "損失関数の値とテストデータの認識精度")
    plt.close(fig)


def test_bold_japanese_text_draws_without_a_log_warning(japanese, tmp_path, caplog):
    """IPAexGothic has no bold weight; matplotlib would log a warning (a red box in a notebook)."""
    fig, ax = plt.subplots()
    ax.set_title("学習率 (bold)", fontweight="bold", fontsize=17)
    with caplog.at_level("WARNING", logger="matplotlib.font_manager"):
        fig.savefig(tmp_path / "bold.png")
    assert not [r for r in caplog.records if r.name.startswith("matplotlib")], caplog.text
    plt.close(fig)


def test_english_figures_keep_their_font():
    nnlib.set_language("ja")
    nnlib.set_language("en")
    assert i18n.JAPANESE_FONT not in matplotlib.rcParams["font.family"]
    fig, ax = plt.subplots()
    title = ax.set_title("loss")
    assert fonts_for(title.get_fontproperties())[0] == "DejaVuSans.ttf"
    plt.close(fig)
