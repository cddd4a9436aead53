"""The MNIST loader against made-up IDX files: download, verification, mirrors, the
cache, the offline sample, bad settings, two processes at once.

``fake_mnist`` (conftest) makes nnlib.mnist expect the made-up files and starts each
test with an empty cache, offline, and no mirror; each test says where files come from.
"""

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time

import numpy as np
import pytest
from conftest import FAKE_TEST, FAKE_TRAIN, offline_env, sha256
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager

import nnlib
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
    assert "nnlib download" in notices[0]  # how to get the full set
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


# --- local files first -------------------------------------------------------------


def put_files_in_cache(fake):
    fake.cache.mkdir(parents=True)
    for name, data in fake.blobs.items():
        (fake.cache / name).write_bytes(data)


@pytest.mark.parametrize("mode", ["offline", "with a mirror"])
def test_four_verified_gz_files_in_the_cache_give_the_full_set(mode, fake_mnist, mirror_server, monkeypatch,
                                                                 capsys):  # fmt: skip
    # An instructor copies the four files in and has no mnist.npz: no source is asked,
    # offline or not; NNLIB_OFFLINE only forbids the internet.
    put_files_in_cache(fake_mnist)
    if mode == "with a mirror":
        monkeypatch.delenv("NNLIB_OFFLINE")
        monkeypatch.setenv("NNLIB_MNIST_MIRROR", mirror_server.url("good"))
        monkeypatch.setattr(mnist, "MIRRORS", [mirror_server.url("good")])
    arrays, source = load_raw(progressbar=False)
    assert source == "full"
    assert_arrays_equal(arrays, fake_mnist.arrays)
    assert_cache_valid(fake_mnist)
    assert mirror_server.requests == []
    err = capsys.readouterr().err
    assert "decoding the four verified MNIST files" in err and "download" not in err, err


def test_a_cache_gz_that_fails_its_checksum_is_not_trusted(fake_mnist, monkeypatch, mirror_server):
    put_files_in_cache(fake_mnist)
    name = mnist.FILES["train_label"][0]
    blob = fake_mnist.blobs[name]
    (fake_mnist.cache / name).write_bytes(blob[:-1] + bytes([blob[-1] ^ 1]))  # one bit off
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", mirror_server.url("good"))
    arrays, source = load_raw(progressbar=False)
    assert source == "full"
    assert_arrays_equal(arrays, fake_mnist.arrays)
    assert_cache_valid(fake_mnist)
    assert mirror_server.requests == [f"/good/{name}"]  # only the bad one is fetched again


# --- bounded time per source ---------------------------------------------------------


def test_a_mirror_that_never_answers_is_left_within_20_s(fake_mnist, bad_mirror, mirror_server, monkeypatch,
                                                          capsys):  # fmt: skip
    silent = bad_mirror("silent")
    monkeypatch.delenv("NNLIB_OFFLINE")
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", silent.url())
    monkeypatch.setattr(mnist, "MIRRORS", [mirror_server.url("good")])
    start = time.monotonic()
    arrays, source = load_raw(progressbar=False)
    elapsed = time.monotonic() - start
    assert source == "full"
    assert_arrays_equal(arrays, fake_mnist.arrays)
    assert elapsed <= 20, f"{elapsed:.1f} s"
    err = capsys.readouterr().err
    assert f"{silent.url()}: no answer for {mnist.STALL_TIMEOUT} s; trying the next source" in err
    assert "downloading MNIST from " + mirror_server.url("good") in err  # what is tried next


def test_a_mirror_that_drops_connections_is_left_after_the_connect_timeout(fake_mnist, bad_mirror,
                                                                           monkeypatch, capsys):  # fmt: skip
    # As behind a firewall that drops packets; the only source, so: the sample.
    dropping = bad_mirror("dropping")
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", dropping.url())
    start = time.monotonic()
    _, source = load_raw(progressbar=False)
    elapsed = time.monotonic() - start
    assert source == "sample"
    assert mnist.CONNECT_TIMEOUT <= elapsed <= mnist.CONNECT_TIMEOUT + 5
    assert f"no connection within {mnist.CONNECT_TIMEOUT} s" in capsys.readouterr().err


def test_a_server_killed_midway_leaves_no_half_file(fake_mnist, bad_mirror, mirror_server, monkeypatch,
                                                    capsys):  # fmt: skip
    killed = bad_mirror("killed")
    monkeypatch.delenv("NNLIB_OFFLINE")
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", killed.url())
    monkeypatch.setattr(mnist, "MIRRORS", [mirror_server.url("good")])
    arrays, source = load_raw(progressbar=False)
    assert killed.sent_half.is_set()  # it really broke off in the middle of a file
    assert source == "full"
    assert_arrays_equal(arrays, fake_mnist.arrays)
    assert_cache_valid(fake_mnist)  # exactly the five files: no temporary left
    assert f"{killed.url()}: " in capsys.readouterr().err


# --- temporaries of killed loads, file modes ------------------------------------------

SETUP = r"""
import json, sys
from nnlib import mnist

cfg = json.loads({cfg!r})
mnist.FILES = {{key: tuple(value) for key, value in cfg["files"].items()}}
mnist.TRAIN_NUM, mnist.TEST_NUM = cfg["train_num"], cfg["test_num"]
mnist.MIRRORS, mnist.RETRIES = [], 0
"""


def setup_code(fake):
    """Python code that makes nnlib.mnist of a new process expect ``fake``'s files."""
    cfg = json.dumps(dict(files=fake.files, train_num=FAKE_TRAIN, test_num=FAKE_TEST))
    return SETUP.format(cfg=cfg)


def test_a_download_killed_by_sigterm_is_cleaned_up_by_the_next_load(fake_mnist, bad_mirror, monkeypatch):
    half = bad_mirror("half")  # sends half of a file, then waits
    env = offline_env(fake_mnist.cache.parent)
    env["NNLIB_MNIST_MIRROR"] = half.url()
    code = setup_code(fake_mnist) + "mnist.load_raw(progressbar=False)\n"
    child = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE, text=True)
    try:
        half.sent_half.wait(timeout=30)
        time.sleep(0.5)  # for the child to receive it
        assert half.sent_half.is_set() and child.poll() is None, "the child never got to mid-download"
        child.send_signal(signal.SIGTERM)
    finally:
        if child.poll() is None and not half.sent_half.is_set():
            child.kill()
        _, err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGTERM, err
    assert list(fake_mnist.cache.iterdir())  # it did leave its half file behind

    monkeypatch.setenv("NNLIB_MNIST_MIRROR", str(fake_mnist.good))
    arrays, source = load_raw(progressbar=False)
    assert source == "full"
    assert_arrays_equal(arrays, fake_mnist.arrays)
    assert_cache_valid(fake_mnist)  # exactly the five files: the half file is gone


def _age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_only_temporaries_of_ended_processes_are_removed(fake_mnist, monkeypatch):
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", str(fake_mnist.good))
    load_raw(progressbar=False)
    host = socket.gethostname()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    try:
        live = fake_mnist.cache / f".partial-{host}-{running.pid}-abc123"  # another load, in progress
        dead = fake_mnist.cache / f".partial-{host}-{ended.pid}-def456"
        for folder in (live, dead):
            folder.mkdir()
            (folder / "tmpabcdefgh").write_bytes(b"half a file")
        old_pooch = fake_mnist.cache / "tmp0a1b2c3d"  # left by an older nnlib (pooch's name)
        old_pooch.write_bytes(b"half a file")
        _age(old_pooch, mnist.STALE_AFTER + 60)
        recent_pooch = fake_mnist.cache / "tmpzz9y8x7w"  # maybe an older nnlib downloading now
        recent_pooch.write_bytes(b"half a file")
        other_host = fake_mnist.cache / f".partial-{host}x-{ended.pid}-ghi789.npz"  # can't ask its host
        other_host.write_bytes(b"half a file")
        mine = fake_mnist.cache / "notes.txt"  # not a temporary at all
        mine.write_text("keep me")
        _age(mine, mnist.STALE_AFTER + 60)

        load_raw(progressbar=False)
        left = {p.name for p in fake_mnist.cache.iterdir()} - {mnist.CACHE_NAME, *fake_mnist.blobs}
        assert left == {live.name, recent_pooch.name, other_host.name, mine.name}

        _age(other_host, mnist.STALE_AFTER + 60)
        running.kill()
        running.wait()
        load_raw(progressbar=False)
        left = {p.name for p in fake_mnist.cache.iterdir()} - {mnist.CACHE_NAME, *fake_mnist.blobs}
        assert left == {recent_pooch.name, mine.name}
    finally:
        running.kill()
        running.wait()


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002], ids=oct)
@pytest.mark.parametrize("via", ["http", "folder"])
def test_every_cache_file_gets_the_same_umask_permissions(via, umask, fake_mnist, mirror_server, monkeypatch):
    # On a shared machine students must be able to read an instructor's cache.
    spec = mirror_server.url("good") if via == "http" else str(fake_mnist.good)
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", spec)
    old = os.umask(umask)
    try:
        load_raw(progressbar=False)
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in fake_mnist.cache.iterdir()}
    assert modes == dict.fromkeys([*fake_mnist.blobs, mnist.CACHE_NAME], 0o666 & ~umask)


# --- what the user is told ----------------------------------------------------------------


def test_each_event_is_one_short_line_and_details_stay_in_the_exception(
    fake_mnist, mirror_server, closed_port_url, monkeypatch, capsys
):
    monkeypatch.delenv("NNLIB_OFFLINE")
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", closed_port_url)
    empty, train_img = mirror_server.url("empty"), mnist.FILES["train_img"][0]
    not_tls = mirror_server.url("good").replace("http:", "https:")  # the server does not speak TLS
    monkeypatch.setattr(mnist, "MIRRORS", [empty, not_tls, "http://no-such-host.invalid/mnist/"])
    _, source = load_raw(progressbar=False)
    assert source == "sample"
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"nnlib: downloading MNIST from {closed_port_url} into {fake_mnist.cache}",
        f"nnlib: {closed_port_url}: connection refused; trying the next source",
        f"nnlib: downloading MNIST from {empty} into {fake_mnist.cache}",
        f"nnlib: {empty}: HTTP 404 for {train_img}; trying the next source",
        f"nnlib: downloading MNIST from {not_tls} into {fake_mnist.cache}",
        f"nnlib: {not_tls}: SSL/certificate error (see the README's Troubleshooting); trying the next source",
        f"nnlib: downloading MNIST from http://no-such-host.invalid/mnist/ into {fake_mnist.cache}",
        "nnlib: http://no-such-host.invalid/mnist/: host not found",
        "nnlib: full MNIST unavailable, loaded the offline sample (4000 train, 1000 test digits). "
        "Get the full set: .venv/bin/nnlib download",
    ]  # fmt: skip

    # The details are in the exception that download() raises ...
    with pytest.raises(mnist.MnistUnavailable) as info:
        mnist.download(progressbar=False)
    details = str(info.value)
    assert "ConnectionError: " in details and "Connection refused" in details  # the underlying errors
    assert "HTTPError: 404" in details and "no-such-host.invalid" in details

    # ... and printed on request.
    capsys.readouterr()
    monkeypatch.setenv("NNLIB_VERBOSE", "1")
    load_raw(progressbar=False)
    err = capsys.readouterr().err
    assert "nnlib:   details: ConnectionError: " in err and "Connection refused" in err


def test_a_folder_is_copied_not_downloaded(fake_mnist, monkeypatch, capsys):
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", str(fake_mnist.good))
    _, source = load_raw(progressbar=False)
    assert source == "full"
    err = capsys.readouterr().err
    assert err == f"nnlib: copying MNIST from the folder {fake_mnist.good} into {fake_mnist.cache}\n"


def test_both_mirror_errors_list_the_same_accepted_forms(fake_mnist, monkeypatch, tmp_path):
    remedies = []
    for spec in ("ftp2://x/mnist", str(tmp_path / "missing")):
        monkeypatch.setenv("NNLIB_MNIST_MIRROR", spec)
        with pytest.raises(ValueError) as info:
            load_raw()
        problem, remedy = str(info.value).split("; ", 1)
        assert problem.startswith(f"NNLIB_MNIST_MIRROR={spec!r}: ")
        remedies.append(remedy)
    assert remedies[0] == remedies[1]
    for form in ("http://", "https://", "file://", "folder"):
        assert form in remedies[0]


def test_a_complete_cache_and_a_bad_mirror_setting_give_the_cache_and_one_notice(fake_mnist, monkeypatch,
                                                                                  capsys):  # fmt: skip
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", str(fake_mnist.good))
    load_raw(progressbar=False)
    capsys.readouterr()
    monkeypatch.setattr(mnist, "_warned_settings", set())
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", "/no/such/folder")
    paths = mnist.download(progressbar=False)  # as `python -m nnlib download`
    assert sorted(p.name for p in paths.values()) == sorted(fake_mnist.blobs)
    arrays, source = load_raw(progressbar=False)  # as `python -m nnlib train`
    assert source == "full"
    assert_arrays_equal(arrays, fake_mnist.arrays)
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "NNLIB_MNIST_MIRROR='/no/such/folder'" in err[0], err
    assert err[0] == ("nnlib: ignoring NNLIB_MNIST_MIRROR='/no/such/folder' (no such folder): "
                      f"the MNIST cache in {fake_mnist.cache} is complete")  # fmt: skip


def test_download_and_train_treat_a_bad_mirror_setting_alike(full_mnist, tmp_path):
    folder = mnist.cache_dir()
    if not all((folder / name).is_file() for name, _ in mnist.FILES.values()):
        pytest.skip(f"the full MNIST's .gz files are not in {folder} (only its decoded cache)")
    env = offline_env(folder.parent)
    env["NNLIB_MNIST_MIRROR"] = str(tmp_path / "no-such-folder")
    results, notices = [], []
    for command in (["download"], ["train", "--iters", "1", "--seed", "0"]):
        result = subprocess.run([sys.executable, "-m", "nnlib", *command], env=env, capture_output=True,
                                text=True, timeout=300)  # fmt: skip
        assert result.returncode == 0, result.stderr
        results.append(result)
        notices.append([line for line in result.stderr.splitlines() if "NNLIB_MNIST_MIRROR" in line])
    assert len(notices[0]) == 1 and notices[0] == notices[1], notices
    assert notices[0][0].startswith("nnlib: ignoring NNLIB_MNIST_MIRROR=")
    assert "60000 train" in results[0].stdout


# --- in a notebook ---------------------------------------------------------------------


class ThisPython(KernelSpecManager):
    """A kernel of the Python running the tests, whatever kernels are installed."""

    def get_kernel_spec(self, kernel_name):
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        return KernelSpec(argv=argv, display_name="this Python", language="python")


def test_in_a_notebook_a_download_shows_a_bar_and_one_calm_line(fake_mnist, mirror_server, tmp_path):
    # Jupyter shows stderr in red: there the notices go to stdout, the bar is a widget.
    env = offline_env(tmp_path / "data")
    env["NNLIB_MNIST_MIRROR"] = mirror_server.url("good")
    manager = KernelManager(kernel_name="this-python", kernel_spec_manager=ThisPython())
    manager.start_kernel(env=env, stderr=subprocess.DEVNULL)  # its own log, not the notebook's stderr
    client = manager.client()
    try:
        client.start_channels()
        client.wait_for_ready(timeout=60)
        code = setup_code(fake_mnist) + "print(mnist.load_raw()[1])\n"
        outputs = []
        client.execute_interactive(code, timeout=60, output_hook=outputs.append)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    streams = [(m["content"]["name"], m["content"]["text"]) for m in outputs if m["msg_type"] == "stream"]
    assert "stderr" not in {name for name, _ in streams}, streams
    text = "".join(t for _, t in streams)
    folder = tmp_path / "data" / "mnist"
    assert text == f"nnlib: downloading MNIST from {mirror_server.url('good')} into {folder}\nfull\n"
    bars = [m for m in outputs if m["msg_type"] == "display_data"
            and "application/vnd.jupyter.widget-view+json" in m["content"]["data"]]  # fmt: skip
    assert bars, [m["msg_type"] for m in outputs]
    assert not [m for m in outputs if m["msg_type"] == "error"]


# --- in Japanese ---------------------------------------------------------------------


def test_in_japanese_the_offline_sample_notice_is_japanese(tmp_path):
    env = {**offline_env(tmp_path / "data"), "NNLIB_LANG": "ja"}
    result = subprocess.run([sys.executable, "-c", "from nnlib.mnist import load_mnist; load_mnist()"],
                            env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "nnlib: MNIST の全データが手に入らないので、オフライン用のサンプル（訓練データ 4000 枚、"
        "テストデータ 1000 枚）を読み込みました。全データは .venv/bin/nnlib download で取得できます\n"
    )


def test_set_language_makes_every_event_japanese_at_once(fake_mnist, mirror_server, closed_port_url,
                                                         monkeypatch, capsys, japanese):  # fmt: skip
    monkeypatch.delenv("NNLIB_OFFLINE")
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", closed_port_url)
    empty, train_img = mirror_server.url("empty"), mnist.FILES["train_img"][0]
    monkeypatch.setattr(mnist, "MIRRORS", [empty])
    _, source = load_raw(progressbar=False)
    assert source == "sample"
    assert capsys.readouterr().err.splitlines() == [
        f"nnlib: MNIST を {closed_port_url} から {fake_mnist.cache} にダウンロードしています",
        f"nnlib: {closed_port_url}: 接続を拒否されました。次の取得元を試します",
        f"nnlib: MNIST を {empty} から {fake_mnist.cache} にダウンロードしています",
        f"nnlib: {empty}: {train_img} の取得に HTTP 404 が返りました。",
        "nnlib: MNIST の全データが手に入らないので、オフライン用のサンプル（訓練データ 4000 枚、"
        "テストデータ 1000 枚）を読み込みました。全データは .venv/bin/nnlib download で取得できます",
    ]  # fmt: skip
    with pytest.raises(mnist.MnistUnavailable) as info:
        mnist.download(progressbar=False)
    first, *failures = str(info.value).split("\n  ")
    assert first == "MNIST の全データを取得できる場所がありませんでした:"
    assert failures[0].startswith(f"{closed_port_url}: 接続を拒否されました（ConnectionError: ")

    nnlib.set_language("en")  # and back, in the same process
    capsys.readouterr()
    load_raw(progressbar=False)
    assert f"nnlib: {closed_port_url}: connection refused; trying the next source" in capsys.readouterr().err


def test_in_japanese_the_download_bar_and_the_errors_are_japanese(fake_mnist, mirror_server, monkeypatch,
                                                                  capsys, japanese):  # fmt: skip
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", mirror_server.url("good"))
    _, source = load_raw(progressbar=True)
    assert source == "full"
    err = capsys.readouterr().err
    assert f"{mnist.FILES['train_img'][0]} をダウンロード中:" in err  # the progress bar's label
    with pytest.raises(TypeError, match=r"^load_mnist: normalize には True か False を指定してください"):
        load_mnist(normalize="yes")
    monkeypatch.setenv("NNLIB_MNIST_MIRROR", "ftp2://x/mnist")
    with pytest.raises(ValueError) as info:
        mnist.mirrors()
    assert str(info.value) == (
        "NNLIB_MNIST_MIRROR='ftp2://x/mnist': 'ftp2' という形式（スキーム）には対応していません。"
        "http:// か https:// で始まる URL、file:// で始まる URL、または MNIST の .gz ファイル 4 つが"
        "入ったフォルダを指定してください"
    )
