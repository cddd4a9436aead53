"""The MNIST loader against made-up IDX files: download, verification, mirrors, the
cache, the offline sample, bad settings, two processes at once.

``fake_mnist`` (conftest) makes nnlib.mnist expect the made-up files and starts each
test with an empty cache, offline, and no mirror; each test says where files come from.
"""

import json
import subprocess
import sys
import time

import numpy as np
import pytest
from conftest import FAKE_TEST, FAKE_TRAIN, offline_env, sha256

from nnlib import mnist
from nnlib.mnist import load_mnist, load_raw

KEYS = ("x_train", "t_train", "x_test", "t_test")


def assert_arrays_equal(arrays, expected):
    for key in KEYS:
        assert arrays[key].dtype == np.uint8, key
        np.testing.assert_array_equal(arrays[key], expected[key], err_msg=key)


def assert_cache_valid(fake):
    """The cache holds the four verified files and a pickle-free npz of the right arrays."""
    names = sorted(p.name for p in fake.cache.iterdir())
    assert names == sorted([*fake.blobs, mnist.CACHE_NAME])  # no *.part, no temporaries
    for name, data in fake.blobs.items():
        assert sha256((fake.cache / name).read_bytes()) == sha256(data), name
    with np.load(fake.cache / mnist.CACHE_NAME, allow_pickle=False) as npz:
        assert sorted(npz.files) == sorted(KEYS)
        assert_arrays_equal({k: npz[k] for k in KEYS}, fake.arrays)


def sample_arrays():
    with np.load(mnist.sample_path(), allow_pickle=False) as npz:
        return {k: npz[k] for k in KEYS}


# --- download and verify --------------------------------------------------------------


def test_download_over_http_gives_the_files_arrays(fake_mnist, mirror_server, monkeypatch, capsys):
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", mirror_server.url("good"))
    arrays, source = load_raw()
    assert source == "full"
    assert_arrays_equal(arrays, fake_mnist.arrays)
    assert_cache_valid(fake_mnist)
    assert sorted(mirror_server.requests) == sorted(f"/good/{name}" for name in fake_mnist.blobs)
    assert "downloading MNIST from " + mirror_server.url("good") in capsys.readouterr().err

    # The second time comes from the cache: no request at all.
    mirror_server.requests.clear()
    again, source = load_raw()
    assert source == "full" and mirror_server.requests == []
    assert_arrays_equal(again, fake_mnist.arrays)


def test_load_mnist_shapes_and_dtypes_as_the_book(fake_mnist, monkeypatch):
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", str(fake_mnist.good))
    x, t = fake_mnist.arrays["x_train"], fake_mnist.arrays["t_train"]

    (x_train, t_train), (x_test, t_test) = load_mnist()  # normalize, flatten, labels
    assert x_train.shape == (FAKE_TRAIN, 784) and x_test.shape == (FAKE_TEST, 784)
    assert x_train.dtype == np.float32 and 0 <= x_train.min() and x_train.max() <= 1
    np.testing.assert_array_equal(x_train, x.astype(np.float32) / 255)
    assert t_train.shape == (FAKE_TRAIN,) and t_test.shape == (FAKE_TEST,)
    np.testing.assert_array_equal(t_train, t)

    (x_train, t_train), (x_test, _) = load_mnist(normalize=False, flatten=False, one_hot_label=True)
    assert x_train.shape == (FAKE_TRAIN, 1, 28, 28) and x_test.shape == (FAKE_TEST, 1, 28, 28)
    assert x_train.dtype == np.uint8
    np.testing.assert_array_equal(x_train.reshape(FAKE_TRAIN, 784), x)
    np.testing.assert_array_equal(x_train[3, 0, 5], x[3, 5 * 28 : 6 * 28])  # row-major, as IDX
    assert t_train.shape == (FAKE_TRAIN, 10)
    np.testing.assert_array_equal(t_train.sum(axis=1), 1)
    np.testing.assert_array_equal(t_train.argmax(axis=1), t)

    (x_train, _), _ = load_mnist(normalize=True, flatten=False)
    assert x_train.shape == (FAKE_TRAIN, 1, 28, 28) and x_train.dtype == np.float32


def test_load_mnist_rejects_non_boolean_flags(fake_mnist):
    with pytest.raises(TypeError, match="normalize"):
        load_mnist(normalize="yes")
    with pytest.raises(TypeError, match="one_hot_label"):
        load_mnist(one_hot_label=1)
    with pytest.raises(TypeError, match="flatten"):
        load_mnist(flatten=None)


# --- mirrors, in order ---------------------------------------------------------------


@pytest.mark.parametrize("first", ["missing", "unreachable"])
def test_falls_back_to_the_next_mirror(first, fake_mnist, mirror_server, closed_port_url, monkeypatch):
    bad = mirror_server.url("empty") if first == "missing" else closed_port_url
    monkeypatch.delenv("NNLIB_OFFLINE")
    monkeypatch.setattr(mnist, "MIRRORS", [bad, mirror_server.url("good")])
    arrays, source = load_raw()
    assert source == "full"
    assert_arrays_equal(arrays, fake_mnist.arrays)
    assert_cache_valid(fake_mnist)
    if first == "missing":
        assert mirror_server.requests[0].startswith("/empty/")  # it was asked first


def test_own_mirror_comes_before_the_public_ones(fake_mnist, mirror_server, monkeypatch):
    monkeypatch.delenv("NNLIB_OFFLINE")
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", mirror_server.url("good"))
    monkeypatch.setattr(mnist, "MIRRORS", [mirror_server.url("other")])
    arrays, _ = load_raw()
    assert_arrays_equal(arrays, fake_mnist.arrays)
    assert all(path.startswith("/good/") for path in mirror_server.requests)


def test_offline_ignores_the_public_mirrors(fake_mnist, mirror_server, monkeypatch):
    monkeypatch.setattr(mnist, "MIRRORS", [mirror_server.url("good")])  # NNLIB_OFFLINE=1
    _, source = load_raw()
    assert source == "sample" and mirror_server.requests == []


def test_404_everywhere_gives_the_sample_and_one_notice(fake_mnist, mirror_server, monkeypatch, capsys):
    monkeypatch.delenv("NNLIB_OFFLINE")
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", mirror_server.url("empty"))
    monkeypatch.setattr(mnist, "MIRRORS", [mirror_server.url("empty")])
    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=False)
    expected = sample_arrays()
    np.testing.assert_array_equal(x_train, expected["x_train"])
    np.testing.assert_array_equal(t_test, expected["t_test"])
    assert (len(x_train), len(x_test)) == (4000, 1000)

    err = capsys.readouterr().err
    notices = [line for line in err.splitlines() if "offline sample" in line]
    assert len(notices) == 1, err
    assert notices[0].startswith("nnlib: full MNIST unavailable")
    assert "python -m nnlib download" in notices[0]  # how to get the full set
    assert not (fake_mnist.cache / mnist.CACHE_NAME).exists()  # the sample is not cached as full


@pytest.mark.parametrize("bad", ["truncated", "other"])
def test_bad_files_are_rejected_and_the_next_mirror_used(bad, fake_mnist, mirror_server, monkeypatch):
    monkeypatch.delenv("NNLIB_OFFLINE")
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", mirror_server.url(bad))
    monkeypatch.setattr(mnist, "MIRRORS", [mirror_server.url("good")])
    arrays, source = load_raw()
    assert source == "full"
    assert_arrays_equal(arrays, fake_mnist.arrays)
    assert_cache_valid(fake_mnist)
    assert f"/{bad}/{mnist.FILES['train_img'][0]}" in mirror_server.requests


@pytest.mark.parametrize("bad", ["truncated", "other"])
def test_bad_files_are_never_returned_as_data(bad, fake_mnist, mirror_server, monkeypatch):
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", mirror_server.url(bad))
    arrays, source = load_raw()
    assert source == "sample"  # the only mirror had bad files: not the full set
    assert_arrays_equal(arrays, sample_arrays())
    assert not (fake_mnist.cache / mnist.FILES["train_img"][0]).exists()
    assert not (fake_mnist.cache / mnist.CACHE_NAME).exists()


def test_local_folder_and_file_url_mirrors(fake_mnist, monkeypatch, tmp_path):
    for spec in (str(fake_mnist.good), fake_mnist.good.as_uri()):
        monkeypatch.setenv("NNLIB_DATA_DIR", str(tmp_path / spec.replace("/", "_")))
        monkeypatch.setenv("NNLIB_MNIST_MIRROR", spec)
        arrays, source = load_raw()
        assert source == "full", spec
        assert_arrays_equal(arrays, fake_mnist.arrays)
        assert_cache_valid(fake_mnist)


def test_a_local_folder_missing_a_file_falls_back(fake_mnist, monkeypatch, tmp_path, mirror_server):
    partial = tmp_path / "partial"
    partial.mkdir()
    (partial / mnist.FILES["train_img"][0]).write_bytes(fake_mnist.blobs[mnist.FILES["train_img"][0]])
    monkeypatch.delenv("NNLIB_OFFLINE")
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", str(partial))
    monkeypatch.setattr(mnist, "MIRRORS", [mirror_server.url("good")])
    arrays, _ = load_raw()
    assert_arrays_equal(arrays, fake_mnist.arrays)
    assert_cache_valid(fake_mnist)


@pytest.mark.parametrize("spec", ["ftp2://x/mnist", "/no/such/folder/mnist", "file:///no/such/folder"])
def test_a_bad_mirror_setting_is_an_error_naming_the_variable(spec, fake_mnist, monkeypatch):
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", spec)
    with pytest.raises(ValueError, match="NNLIB_MNIST_MIRROR") as info:
        load_mnist()
    assert spec in str(info.value)


# --- the cache ---------------------------------------------------------------------


def _flip_middle(path):
    data = bytearray(path.read_bytes())
    for i in range(len(data) // 2, len(data) // 2 + 16):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def _truncate(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garbage(path):
    path.write_bytes(b"this is not an npz file")


def _unknown_compression(path):
    # One flipped field in the zip directory: zipfile raises NotImplementedError.
    data = bytearray(path.read_bytes())
    entry = data.index(b"PK\x01\x02")  # the first central directory entry
    data[entry + 10 : entry + 12] = (99).to_bytes(2, "little")  # compression method 99
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_truncate, _flip_middle, _garbage, _unknown_compression])
def test_a_damaged_cache_is_detected_and_rebuilt(damage, fake_mnist, monkeypatch, capsys):
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", str(fake_mnist.good))
    load_raw()
    cache = fake_mnist.cache / mnist.CACHE_NAME
    damage(cache)
    capsys.readouterr()

    arrays, source = load_raw()
    assert source == "full"
    assert_arrays_equal(arrays, fake_mnist.arrays)
    assert_cache_valid(fake_mnist)
    assert "rebuilding" in capsys.readouterr().err


def test_a_garbage_gz_in_the_cache_is_downloaded_again(fake_mnist, monkeypatch):
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", str(fake_mnist.good))
    load_raw()
    name = mnist.FILES["test_img"][0]
    (fake_mnist.cache / mnist.CACHE_NAME).unlink()
    (fake_mnist.cache / name).write_bytes(b"\x1f\x8b garbage")  # starts like gzip, is not

    arrays, source = load_raw()
    assert source == "full"
    assert_arrays_equal(arrays, fake_mnist.arrays)
    assert_cache_valid(fake_mnist)  # includes: the .gz has the right hash again


def test_a_garbage_gz_with_no_mirror_is_not_decoded(fake_mnist, monkeypatch):
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", str(fake_mnist.good))
    load_raw()
    (fake_mnist.cache / mnist.CACHE_NAME).unlink()
    (fake_mnist.cache / mnist.FILES["test_img"][0]).write_bytes(b"garbage")
    monkeypatch.delenv("NNLIB_MNIST_MIRROR")  # offline, nowhere to get a good copy

    arrays, source = load_raw()
    assert source == "sample"
    assert_arrays_equal(arrays, sample_arrays())


class Tripwire:
    """Records being unpickled: it must never be."""

    unpickled = False

    def __init__(self):
        self.state = 1

    def __setstate__(self, state):
        Tripwire.unpickled = True
        self.__dict__.update(state)


def test_the_cache_is_read_without_pickle(fake_mnist, monkeypatch, capsys):
    # A cache holding pickled objects (as an attacker or an old version could leave)
    # is treated as damaged and rebuilt, never unpickled.
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", str(fake_mnist.good))
    fake_mnist.cache.mkdir(parents=True)
    objects = np.empty(1, dtype=object)
    objects[0] = Tripwire()
    np.savez(fake_mnist.cache / mnist.CACHE_NAME, x_train=objects, t_train=objects,
             x_test=objects, t_test=objects)  # fmt: skip

    arrays, source = load_raw()
    assert not Tripwire.unpickled
    assert source == "full"
    assert_arrays_equal(arrays, fake_mnist.arrays)
    assert_cache_valid(fake_mnist)  # np.load(..., allow_pickle=False) reads it
    assert "rebuilding" in capsys.readouterr().err


def test_a_cache_of_the_wrong_size_is_rebuilt(fake_mnist, monkeypatch):
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", str(fake_mnist.good))
    fake_mnist.cache.mkdir(parents=True)
    small = {k: v[:5] for k, v in fake_mnist.arrays.items()}  # e.g. a sample left as the cache
    np.savez(fake_mnist.cache / mnist.CACHE_NAME, **small)
    arrays, source = load_raw()
    assert source == "full"
    assert_arrays_equal(arrays, fake_mnist.arrays)


# --- two processes at once -------------------------------------------------------------

CHILD = r"""
import hashlib, json, sys, time
from pathlib import Path
from nnlib import mnist

cfg = json.loads(sys.argv[1])
mnist.FILES = {key: tuple(value) for key, value in cfg["files"].items()}
mnist.TRAIN_NUM, mnist.TEST_NUM = cfg["train_num"], cfg["test_num"]
mnist.MIRRORS, mnist.RETRIES = [], 0
Path(cfg["ready"]).touch()
deadline = time.monotonic() + 30
while not Path(cfg["go"]).exists() and time.monotonic() < deadline:
    time.sleep(0.005)
(x_train, t_train), (x_test, t_test) = mnist.load_mnist(normalize=False)
print(hashlib.sha256(b"".join(a.tobytes() for a in (x_train, t_train, x_test, t_test))).hexdigest())
"""


def test_two_processes_loading_at_once(fake_mnist, mirror_server, tmp_path):
    # The server's /race/ answers each file only once both processes have asked for
    # it, so both really download, write and rename the same files at the same time.
    env = offline_env(tmp_path / "shared")
    env["NNLIB_MNIST_MIRROR"] = mirror_server.url("race")
    go = tmp_path / "go"
    children = []
    for i in range(2):
        cfg = dict(files=fake_mnist.files, train_num=FAKE_TRAIN, test_num=FAKE_TEST,
                   ready=str(tmp_path / f"ready{i}"), go=str(go))  # fmt: skip
        command = [sys.executable, "-c", CHILD, json.dumps(cfg)]
        children.append(subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         text=True))  # fmt: skip
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready{i}").exists() for i in range(2)) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    results = [child.communicate(timeout=120) for child in children]

    a = fake_mnist.arrays
    expected = sha256(b"".join(a[k].tobytes() for k in KEYS))
    for child, (out, err) in zip(children, results, strict=True):
        assert child.returncode == 0, err
        assert out.strip() == expected, err
    # Both asked for every file: the downloads overlapped.
    assert sorted(mirror_server.requests) == sorted(2 * [f"/race/{name}" for name in fake_mnist.blobs])
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NNLIB_DATA_DIR", str(tmp_path / "shared"))
        assert_cache_valid(fake_mnist)
    assert not list((tmp_path / "shared").rglob("*.part"))
