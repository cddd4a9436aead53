"""nnlib.digits: a picture of a digit made MNIST-like, and pen strokes drawn as pictures."""

import numpy as np
import pytest

from nnlib import digits
from nnlib.digits import bounding_box, centre_of_mass, preprocess, rasterize, resize
from nnlib.train import Trainer

N = 1000  # test digits per check


@pytest.fixture(scope="module")
def network(full_mnist):
    """A quickly trained float32 TwoLayerNet (2,000 iterations of the slides' recipe: ~90%)."""
    (x_train, t_train), _ = full_mnist
    trainer = Trainer(x_train, t_train, x_train[:1], t_train[:1], seed=1, eval_interval=10**12, eval_size=1)
    for _ in trainer.run(2000):
        pass
    return trainer.network


@pytest.fixture(scope="module")
def test_digits(full_mnist):
    """The first N test digits as (N, 28, 28) float32 pictures, and their labels."""
    _, (x_test, t_test) = full_mnist
    return x_test[:N].reshape(-1, 28, 28), t_test[:N]


def accuracy(network, pictures, t):
    return np.mean(network.predict(np.stack(pictures).reshape(len(t), 784)).argmax(axis=1) == t)


def test_shifted_and_rescaled_digits_are_read_as_well_as_the_originals(network, test_digits):
    images, t = test_digits
    rng = np.random.default_rng(0)
    original = accuracy(network, images, t)

    # Moved by up to 4 pixels each way, on a 36 x 36 picture so that no ink is lost: the
    # network, shown the middle 28 x 28 of it, misreads many; preprocessed, they are centred again.
    shifted = []
    for image, (dy, dx) in zip(images, rng.integers(-4, 5, size=(N, 2)), strict=True):
        picture = np.zeros((36, 36), dtype=np.float32)
        picture[4 + dy : 32 + dy, 4 + dx : 32 + dx] = image
        shifted.append(picture)
    assert accuracy(network, [s[4:32, 4:32] for s in shifted], t) < original - 0.2
    assert accuracy(network, [preprocess(s) for s in shifted], t) >= original - 0.01

    # Blown up 2 to 5 times with hard, blocky edges (nearest neighbour) and put anywhere on
    # a 200 x 200 picture: area averaging brings them back to MNIST's size and grey edges.
    big = []
    for image, k in zip(images, rng.integers(2, 6, size=N), strict=True):
        canvas = np.zeros((200, 200), dtype=np.float32)
        block = np.kron(image, np.ones((k, k), dtype=np.float32))
        top, left = rng.integers(0, 200 - 28 * k + 1, size=2)
        canvas[top : top + 28 * k, left : left + 28 * k] = block
        big.append(canvas)
    assert accuracy(network, [preprocess(b) for b in big], t) >= original - 0.01


def test_an_mnist_digit_preprocessed_again_changes_little(test_digits):
    images, _ = test_digits
    again = np.stack([preprocess(image) for image in images]).reshape(images.shape)
    change = np.abs(again - images).sum(axis=(1, 2)) / images.sum(axis=(1, 2))
    # MNIST's digits already are what preprocess makes: at most 1% of the ink moves for
    # 99% of them (a digit whose faint edge pixels are under the ink threshold rescales a little)
    assert np.percentile(change, 99) < 0.01, np.sort(change)[-10:]


def test_centre_of_mass_at_14_14_and_the_ink_fits_20x20(test_digits):
    images, _ = test_digits
    rng = np.random.default_rng(1)
    for image in images[:200]:
        # the digit stretched (MNIST keeps the aspect ratio of whatever it is given), blown up, moved
        ky, kx = rng.integers(1, 5, size=2)
        picture = np.zeros((150, 150), dtype=np.float32)
        block = np.kron(image, np.ones((ky, kx), dtype=np.float32))
        picture[: block.shape[0], : block.shape[1]] = block
        picture = np.roll(picture, tuple(rng.integers(0, 150 - 28 * max(ky, kx) + 1, size=2)), axis=(0, 1))
        x = preprocess(picture).reshape(28, 28)
        row, col = centre_of_mass(x)
        assert abs(row - 14) <= 0.5 and abs(col - 14) <= 0.5, (row, col)
        top, bottom, left, right = bounding_box(x, threshold=0)
        height, width = bottom - top, right - left
        assert max(height, width) <= 20 and max(height, width) >= 18, (height, width)
        # the aspect ratio of the ink is kept (to the pixel that rounding may cost)
        t0, b0, l0, r0 = bounding_box(picture)
        assert abs(width / height - (r0 - l0) / (b0 - t0)) <= 2 / min(height, width) + 0.05


def test_the_output_is_a_row_like_load_mnist():
    x = preprocess(rasterize([[(100, 60), (180, 220)]]))
    assert x.shape == (784,) and x.dtype == np.float32
    assert 0 <= x.min() and x.max() <= 1 and x.max() > 0.9
    # uint8 pictures are read as 0..255, like MNIST's raw pixels
    picture = rasterize([[(100, 60), (180, 220)]])
    np.testing.assert_allclose(preprocess(np.round(picture * 255).astype(np.uint8)), x, atol=0.01)


def test_the_aspect_ratio_is_kept():
    one = preprocess(rasterize([[(140, 40), (140, 240)]])).reshape(28, 28)
    top, bottom, left, right = bounding_box(one)
    assert bottom - top == 20 and right - left <= 3  # a "1" stays a thin line
    dash = preprocess(rasterize([[(40, 140), (240, 140)]])).reshape(28, 28)
    top, bottom, left, right = bounding_box(dash)
    assert right - left == 20 and bottom - top <= 3  # and a "-" a flat one


def test_shrinking_averages_areas_instead_of_picking_pixels():
    # a bar 5 pixels wide, starting at column 7 of 100; shrunk 5 times, new column 1
    # covers old columns 5..9 (3 of them ink) and new column 2 covers 10..14 (2 of them)
    picture = np.zeros((100, 100))
    picture[:, 7:12] = 1
    small = resize(picture, 20, 20)
    np.testing.assert_allclose(small[:, 1], 0.6)
    np.testing.assert_allclose(small[:, 2], 0.4)
    np.testing.assert_allclose(small.sum() * 25, picture.sum())  # no ink lost or made
    np.testing.assert_allclose(resize(np.ones((37, 91)), 20, 9), 1)  # any ratio: rows of weights sum to 1
    # enlarging interpolates between pixel centres
    np.testing.assert_allclose(resize(np.array([[0.0, 1.0]]), 1, 4), [[0, 0.25, 0.75, 1]])


def test_a_lopsided_digit_is_moved_only_as_far_as_it_stays_whole():
    picture = np.zeros((20, 20))
    picture[:3, :3] = 1  # nearly all the ink in a corner: its centre of mass is near (1, 1)
    picture[19, 19] = 0.1  # a faint pixel that still counts for the bounding box
    x = preprocess(picture).reshape(28, 28)
    assert x.sum() == pytest.approx(picture.sum(), rel=1e-6)  # nothing cut off
    assert x[8, 8] == 1 and x[27, 27] == pytest.approx(0.1)  # moved 8 down and right, to the edge


def test_a_blank_picture_asks_for_a_digit():
    assert not digits.has_ink(np.zeros((280, 280)))
    with pytest.raises(ValueError, match="draw a digit first"):
        preprocess(np.zeros((280, 280)))
    with pytest.raises(ValueError, match="draw a digit first"):
        preprocess(np.full((280, 280), 0.01))  # a smudge below the ink threshold


@pytest.mark.parametrize(
    "picture, message",
    [
        (np.ones(784), r"2-D picture \(height, width\), got shape \(784,\)"),
        (np.zeros((0, 5)), "2-D picture"),
        (np.full((28, 28), 255.0), r"0\.\.1 \(ink = 1\) or be uint8 0\.\.255; got 255\.\.255"),
        (np.full((28, 28), -0.5), "0..1"),
        (np.full((28, 28), np.nan), "NaN or infinite"),
        (np.full((28, 28), "x"), "numbers"),
    ],
)
def test_bad_pictures_are_refused_with_the_reason(picture, message):
    with pytest.raises(ValueError, match=message):
        preprocess(picture)


def test_rasterize_draws_a_round_anti_aliased_pen():
    line = rasterize([[(50, 100.3), (150, 100.3)]], size=200, pen_width=22)
    assert line[100, 100] == 1 and line[100, 20] == 0 and line[130, 100] == 0
    assert line[:, 100].sum() == pytest.approx(22, abs=0.5)  # as wide as the pen
    edge = line[:, 100][(line[:, 100] > 0) & (line[:, 100] < 1)]
    assert edge.size >= 2  # grey pixels at the edges: anti-aliased
    # the pen is round: the line ends in half discs, and one point is a disc
    assert line[100, 50 - 10] > 0 and line[100 - 10, 50 - 10] == 0
    dot = rasterize([[(100, 100)]], size=200, pen_width=22)
    assert dot.sum() == pytest.approx(np.pi * 11**2, rel=0.02)
    # several strokes add up; points beyond the canvas are drawn only where they reach it
    both = rasterize([[(50, 100), (150, 100)], [(100, 50), (100, 150)]], size=200, pen_width=22)
    assert both[60, 100] == 1 and both[100, 60] == 1
    assert rasterize([[(-50, -50), (-40, -40)]], size=200).sum() == 0
    assert rasterize([[(-50, 100), (10, 100)]], size=200)[100, 0] == 1


@pytest.mark.parametrize(
    "strokes, message",
    [
        ([[(1, 2, 3)]], r"stroke 0: expected a list of \(x, y\) points"),
        ([[(1, 2)], []], "stroke 1"),
        ([[(1, np.nan)]], "NaN or infinite"),
    ],
)
def test_rasterize_refuses_bad_strokes(strokes, message):
    with pytest.raises(ValueError, match=message):
        rasterize(strokes)


# --- in Japanese ---------------------------------------------------------------------


@pytest.mark.parametrize("picture, message", [
    (np.zeros((280, 280)), "画像に何も描かれていません。先に数字を描いてください"),
    (np.ones(784), r"2 次元の画像 \(高さ, 幅\) を渡してください（形状 \(784,\) が渡されました）"),
    (np.full((28, 28), 255.0), r"0\.\.1（インクが 1）か、uint8 の 0\.\.255 にしてください（255\.\.255 が"),
    (np.full((28, 28), np.nan), "NaN か無限大の画素があります"),
])  # fmt: skip
def test_in_japanese_a_bad_picture_is_refused_in_japanese(picture, message, japanese):
    with pytest.raises(ValueError, match=message):
        preprocess(picture)
    with pytest.raises(ValueError, match=r"^ストローク 1: NaN か無限大の点があります$"):
        digits.rasterize([[(1, 2)], [(np.nan, 3)]])
