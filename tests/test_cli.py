"""``python -m nnlib``, run as a user would: in a subprocess, on a machine without
internet (an empty cache, NNLIB_OFFLINE=1: the offline sample)."""

import math
import re
import subprocess
import sys

import matplotlib.image
import pytest
from conftest import offline_env

from nnlib import mnist

LINE = re.compile(r"^train acc, test acc \| \d\.\d{4}, \d\.\d{4}$")


def nnlib_command(*args, env, timeout=300):
    return subprocess.run([sys.executable, "-m", "nnlib", *args], env=env, capture_output=True,
                          text=True, timeout=timeout)  # fmt: skip


def test_train_prints_the_slides_lines_and_saves_a_plot(tmp_path):
    plot = tmp_path / "acc.png"
    result = nnlib_command("train", "--iters", "700", "--seed", "0", "--plot", str(plot),
                           env=offline_env(tmp_path / "data"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(LINE.match(line) for line in lines), result.stdout
    assert len(lines) == math.ceil(700 * 100 / 4000)  # once per epoch of the 4,000-image sample
    last_test_acc = float(lines[-1].split(", ")[-1])
    assert last_test_acc > 0.5  # it learned something in 17 epochs

    assert "offline sample" in result.stderr  # the notice
    assert re.search(r"\d+/700 \[", result.stderr)  # tqdm's progress bar
    assert "it/s" not in result.stdout

    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = matplotlib.image.imread(plot)
    assert image.ndim == 3 and image.shape[2] in (3, 4)
    assert image.shape[0] > 100 and image.shape[1] > 100
    assert image[..., :3].std() > 0.05  # a figure, not a blank canvas


def test_train_same_seed_same_output(tmp_path):
    env = offline_env(tmp_path / "data")
    a = nnlib_command("train", "--iters", "100", "--seed", "3", env=env)
    b = nnlib_command("train", "--iters", "100", "--seed", "3", env=env)
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout and len(a.stdout.splitlines()) == 3


def test_train_stops_when_it_diverges(tmp_path):
    result = nnlib_command("train", "--iters", "500", "--lr", "10000", "--seed", "0",
                           env=offline_env(tmp_path / "data"))  # fmt: skip
    assert result.returncode == 1
    assert "diverged" in result.stderr and "--lr" in result.stderr


@pytest.mark.parametrize("args, option", [
    (["--lr", "-1"], "--lr"),
    (["--lr", "0"], "--lr"),
    (["--iters", "abc"], "--iters"),
    (["--iters", "0"], "--iters"),
    (["--batch-size", "1.5"], "--batch-size"),
    (["--hidden", "-3"], "--hidden"),
])  # fmt: skip
def test_bad_arguments_exit_2_naming_the_option(tmp_path, args, option):
    result = nnlib_command("train", *args, env=offline_env(tmp_path / "data"))
    assert result.returncode == 2
    assert f"argument {option}:" in result.stderr
    assert result.stdout == ""


def test_download_with_an_unreachable_mirror_fails_clearly(tmp_path, closed_port_url):
    env = offline_env(tmp_path / "data")
    env["NNLIB_MNIST_MIRROR"] = closed_port_url
    result = nnlib_command("download", env=env)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()
    assert any(line.startswith("error: no source had the full MNIST") for line in last), result.stderr
    assert closed_port_url in result.stderr  # says where it tried
    assert "Traceback" not in result.stderr


def test_download_from_a_local_folder(tmp_path, full_mnist):
    # The full set's four verified .gz files are in the cache: use that folder as the
    # mirror of a new, empty cache. Real files, real hashes, the real decoder.
    folder = mnist.cache_dir()
    if not all((folder / name).is_file() for name, _ in mnist.FILES.values()):
        pytest.skip(f"the full MNIST's .gz files are not in {folder} (only its decoded cache)")
    env = offline_env(tmp_path / "data")
    env["NNLIB_MNIST_MIRROR"] = str(folder)
    result = nnlib_command("download", env=env)
    assert result.returncode == 0, result.stderr
    assert "MNIST (60000 train, 10000 test images) verified" in result.stdout
    assert (tmp_path / "data" / "mnist" / mnist.CACHE_NAME).is_file()
