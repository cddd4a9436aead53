# ruff: noqa: F811  (the fixture language comes from language_support)
"""The confusion matrix and the most confident mistakes."""

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from language_support import language  # noqa: E402, F401

from nnlib.plotting import style_problems  # noqa: E402
from nnlib.plotting.mistakes import (  # noqa: E402
    confident_mistakes,
    confusion_matrix,
    plot_confusion_matrix,
    show_confident_mistakes,
)

# Each test runs in English and in Japanese (language_support.language); a Japanese
# character that the font lacks fails the test.
pytestmark = pytest.mark.filterwarnings("error:Glyph")


def made_up(n=500, seed=0):
    """Labels, probabilities that are right 80% of the time, and images."""
    rng = np.random.default_rng(seed)
    t = rng.integers(0, 10, n)
    said = np.where(rng.random(n) < 0.8, t, rng.integers(0, 10, n))
    y = rng.dirichlet(np.ones(10) * 0.3, n)
    y[np.arange(n), said] += 2.0  # the answer gets the most
    y /= y.sum(axis=1, keepdims=True)
    return t, y, rng.random((n, 784)).astype(np.float32)


def test_confusion_matrix_counts_each_pair():
    t = np.array([0, 0, 1, 2, 2, 2])
    predicted = np.array([0, 1, 1, 2, 0, 2])
    counts = confusion_matrix(t, predicted, num_classes=3)
    np.testing.assert_array_equal(counts, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    one_hot = np.eye(3)[t]
    np.testing.assert_array_equal(confusion_matrix(one_hot, predicted, num_classes=3), counts)


def test_confusion_matrix_needs_one_prediction_per_image(language):
    with pytest.raises(ValueError, match=language.pick("t has 3 labels but predicted has 2", "3 個.*2 個")):
        confusion_matrix(np.array([0, 1, 2]), np.array([0, 1]))


def test_confident_mistakes_are_wrong_and_surest_first():
    t, y, _ = made_up()
    chosen = confident_mistakes(t, y, n=12)
    assert len(chosen) == 12
    assert np.all(y[chosen].argmax(axis=1) != t[chosen])
    confidence = y[chosen].max(axis=1)
    assert np.all(np.diff(confidence) <= 0)
    wrong = y.argmax(axis=1) != t
    assert confidence[-1] >= np.sort(y[wrong].max(axis=1))[-12]


def test_the_confusion_figure_keeps_the_style_and_names_the_worst_pair(language):
    t = np.repeat(np.arange(10), 100)
    predicted = t.copy()
    predicted[np.flatnonzero(t == 4)[:30]] = 9  # 30% of the 4s read as 9
    predicted[np.flatnonzero(t == 3)[:5]] = 5
    ax_counts, ax_share = plot_confusion_matrix(t, predicted)
    assert style_problems(ax_counts.figure) == []
    assert ax_share.get_title() == language.pick("mistakes only (most: 4 read as 9)",
                                                 "誤りだけ（最多: 4 を 9 と予測）")
    assert ax_counts.get_title() == language.pick("counts (965 of 1,000 right)",
                                                  "件数（1,000 枚中 965 枚が正解）")


def test_the_mistakes_gallery_keeps_the_style_and_says_what_was_read(language):
    t, y, x = made_up()
    axes = show_confident_mistakes(x, t, y, n=12)
    assert style_problems(axes.flat[0].figure) == []
    i = confident_mistakes(t, y, n=1)[0]
    title = axes.flat[0].get_title()
    said, true = language.pick("said", "予測"), language.pick("true", "正解")
    assert title.startswith(f"{said} {y[i].argmax()} (") and f"\n{true} {t[i]} (" in title


def test_a_network_without_mistakes_gets_a_plain_message(language):
    t = np.arange(10)
    axes = show_confident_mistakes(np.zeros((10, 784)), t, np.eye(10))
    message = language.pick("no mistakes", "誤りはありません")
    assert [text.get_text() for text in axes.flat[0].texts] == [message]
