"""Shared fixtures.

MNIST three ways:
    sample_mnist  the bundled offline sample, as a machine without internet gets it;
    full_mnist    the full set, from the repository cache or $NNLIB_MNIST_MIRROR
                  (skipped when absent, failed when NNLIB_REQUIRE_FULL_MNIST=1, as in CI);
    fake_mnist    a few made-up digits written as real gzipped IDX files, with
                  nnlib.mnist patched to expect exactly them (for the loader's tests);
and mirror_server, a loopback HTTP server that plays MNIST mirrors, good and bad.

Tests that change where MNIST comes from do it through monkeypatch (or in a
subprocess), so the real cache and $NNLIB_MNIST_MIRROR stay as CI set them.
"""

import gzip
import hashlib
import http.server
import os
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from nnlib import mnist

# --- the real data -----------------------------------------------------------------


def offline_env(data_dir):
    """Environment variables of a machine without internet and with an empty cache."""
    env = {k: v for k, v in os.environ.items() if k != "NNLIB_MNIST_MIRROR"}
    env.update(NNLIB_DATA_DIR=str(data_dir), NNLIB_OFFLINE="1")
    return env


def _read_only(arrays):
    for a in arrays:
        a.setflags(write=False)  # shared by many tests: none may change them
    return arrays


@pytest.fixture(scope="session")
def sample_mnist(tmp_path_factory):
    """``load_mnist()`` on a machine without internet: the offline sample.

    ((x_train, t_train), (x_test, t_test)): x float32 (N, 784) in [0, 1], t uint8 (N,);
    4,000 train and 1,000 test images. Read-only.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NNLIB_DATA_DIR", str(tmp_path_factory.mktemp("offline")))
        mp.setenv("NNLIB_OFFLINE", "1")
        mp.delenv("NNLIB_MNIST_MIRROR", raising=False)
        _, source = mnist.load_raw(progressbar=False)
        assert source == "sample"
        (x_train, t_train), (x_test, t_test) = mnist.load_mnist()
    _read_only((x_train, t_train, x_test, t_test))
    return (x_train, t_train), (x_test, t_test)


@pytest.fixture(scope="session")
def full_mnist():
    """``load_mnist()`` of the full MNIST (60,000 + 10,000), from the cache or the mirror.

    Skips when only the offline sample is available, unless NNLIB_REQUIRE_FULL_MNIST=1
    (CI sets it, with a loopback mirror): then it fails.
    """
    _, source = mnist.load_raw()
    if source == "sample":
        reason = (
            f"the full MNIST is not available (no cache in {mnist.cache_dir()}, no reachable "
            "NNLIB_MNIST_MIRROR); get it with: .venv/bin/nnlib download"
        )
        if os.environ.get("NNLIB_REQUIRE_FULL_MNIST") == "1":
            pytest.fail(reason + " -- and NNLIB_REQUIRE_FULL_MNIST=1 requires it")
        pytest.skip(reason)
    (x_train, t_train), (x_test, t_test) = mnist.load_mnist()
    assert len(x_train) == 60000 and len(x_test) == 10000
    _read_only((x_train, t_train, x_test, t_test))
    return (x_train, t_train), (x_test, t_test)


# --- made-up MNIST files -------------------------------------------------------------

FAKE_TRAIN, FAKE_TEST = 30, 12


def idx_gz(array, magic):
    """Gzipped IDX bytes: big-endian uint32 magic and dimensions, then the uint8 data."""
    header = np.array([magic, *array.shape], dtype=">u4").tobytes()
    return gzip.compress(header + np.ascontiguousarray(array, dtype=np.uint8).tobytes(), mtime=0)


def idx_blobs(arrays):
    """The four official file names -> their gzipped IDX bytes for ``arrays``."""
    return {
        mnist.FILES["train_img"][0]: idx_gz(arrays["x_train"].reshape(-1, 28, 28), 2051),
        mnist.FILES["train_label"][0]: idx_gz(arrays["t_train"], 2049),
        mnist.FILES["test_img"][0]: idx_gz(arrays["x_test"].reshape(-1, 28, 28), 2051),
        mnist.FILES["test_label"][0]: idx_gz(arrays["t_test"], 2049),
    }


def fake_arrays(seed, n_train=FAKE_TRAIN, n_test=FAKE_TEST):
    """Made-up MNIST arrays as ``load_raw`` returns them: x (N, 784) uint8, t (N,) uint8."""
    rng = np.random.default_rng(seed)
    return {
        "x_train": rng.integers(0, 256, (n_train, 784), dtype=np.uint8),
        "t_train": (np.arange(n_train) % 10).astype(np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 784), dtype=np.uint8),
        "t_test": rng.permutation(np.arange(n_test) % 10).astype(np.uint8),
    }


def sha256(data):
    return hashlib.sha256(data).hexdigest()


@dataclass
class FakeMnist:
    """Made-up MNIST files, in folders that play mirrors under ``root``.

    good/       the four files (their hashes are ``files``)
    truncated/  the same, but the training images cut in half
    other/      valid IDX files holding other images (so: other hashes)
    empty/      nothing: every request is a 404
    """

    root: Path
    arrays: dict  # what load_raw must return
    files: dict  # for mnist.FILES: key -> (file name, sha256)
    blobs: dict  # file name -> bytes of good/

    @property
    def good(self):
        return self.root / "good"

    @property
    def cache(self):
        """The cache folder that ``fake_mnist`` points NNLIB_DATA_DIR at."""
        return mnist.cache_dir()


@pytest.fixture(scope="session")
def fake_files(tmp_path_factory):
    """The folders of ``FakeMnist``, written once."""
    root = tmp_path_factory.mktemp("mirrors")
    arrays = fake_arrays(seed=1)
    blobs = idx_blobs(arrays)
    files = {key: (name, sha256(blobs[name])) for key, (name, _) in mnist.FILES.items()}
    train_img = mnist.FILES["train_img"][0]
    variants = {
        "good": blobs,
        "truncated": {**blobs, train_img: blobs[train_img][: len(blobs[train_img]) // 2]},
        "other": idx_blobs(fake_arrays(seed=2)),
        "empty": {},
    }
    for folder, content in variants.items():
        (root / folder).mkdir()
        for name, data in content.items():
            (root / folder / name).write_bytes(data)
    return FakeMnist(root, arrays, files, blobs)


@pytest.fixture
def fake_mnist(fake_files, monkeypatch, tmp_path):
    """nnlib.mnist expecting the made-up files: an empty cache, offline, no mirror yet.

    Tests then point NNLIB_MNIST_MIRROR (or mnist.MIRRORS, with NNLIB_OFFLINE
    removed) at the folders of ``fake_files`` or at ``mirror_server``.
    """
    monkeypatch.setattr(mnist, "FILES", fake_files.files)
    monkeypatch.setattr(mnist, "TRAIN_NUM", FAKE_TRAIN)
    monkeypatch.setattr(mnist, "TEST_NUM", FAKE_TEST)
    monkeypatch.setattr(mnist, "MIRRORS", [])
    monkeypatch.setattr(mnist, "RETRIES", 0)  # pooch sleeps between retries
    monkeypatch.setenv("NNLIB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NNLIB_OFFLINE", "1")
    monkeypatch.delenv("NNLIB_MNIST_MIRROR", raising=False)
    return fake_files


# --- a loopback HTTP mirror ----------------------------------------------------------


class _MirrorHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the folders of ``fake_files``, plus /race/NAME: the good file, but only
    once two clients ask for it (so two processes really download at the same time)."""

    def do_GET(self):
        self.server.requests.append(self.path)
        if self.path.startswith("/race/"):
            name = self.path.removeprefix("/race/")
            try:
                self.server.barrier(name).wait()
            except threading.BrokenBarrierError:
                pass  # the other client never came: serve anyway, the test will tell
            self.path = "/good/" + name
        super().do_GET()

    def log_message(self, format, *args):  # quiet: pytest shows failures, not traffic
        pass


class MirrorServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root):
        super().__init__(("127.0.0.1", 0), lambda *a: _MirrorHandler(*a, directory=str(root)))
        self.requests = []
        self._barriers = {}
        self._lock = threading.Lock()

    def barrier(self, name):
        with self._lock:
            return self._barriers.setdefault(name, threading.Barrier(2, timeout=20))

    def url(self, folder):
        """The base URL of one mirror folder, e.g. url('good')."""
        return f"http://127.0.0.1:{self.server_address[1]}/{folder}/"


@pytest.fixture
def mirror_server(fake_files):
    """A ``MirrorServer`` on 127.0.0.1 (a free port) in a thread, for one test."""
    server = MirrorServer(fake_files.root)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture
def closed_port_url():
    """An http URL on 127.0.0.1 where nothing listens: the connection is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


# --- loopback mirrors that misbehave -------------------------------------------------


class BadMirror:
    """A loopback 'mirror' on 127.0.0.1 that misbehaves in one of these ways (``mode``):

    silent      accepts every connection and never answers;
    dropping    never completes a connection: its queue is kept full, so the kernel
                drops new connection attempts, as a firewall that drops packets does;
    half        answers a GET of a file of ``blobs`` with the headers of the whole file
                and its first half, then holds the connection open (for a client to be
                killed in the middle of a download);
    killed      the same first half, then closes the connection and stops listening,
                as a server process that is killed midway.

    It stops by itself after ``lifetime`` seconds (and when ``stop()`` is called).
    ``sent_half`` is set once a first half has been sent.
    """

    def __init__(self, mode, blobs, lifetime=90):
        self.mode, self.blobs = mode, blobs
        self.sent_half = threading.Event()
        self._stop = threading.Event()
        self._sockets = []
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(0 if mode == "dropping" else 16)
        self.port = self._listener.getsockname()[1]
        if mode == "dropping":  # one connection that is never accepted fills the queue
            filler = socket.create_connection(("127.0.0.1", self.port), timeout=2)
            self._sockets.append(filler)
        else:
            self._listener.settimeout(0.1)
            threading.Thread(target=self._accept, daemon=True).start()
        timer = threading.Timer(lifetime, self.stop)
        timer.daemon = True
        timer.start()

    def url(self):
        return f"http://127.0.0.1:{self.port}/"

    def _accept(self):
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:  # closed by stop()
                return
            self._sockets.append(conn)
            if self.mode in ("half", "killed"):
                threading.Thread(target=self._answer_half, args=(conn,), daemon=True).start()

    def _answer_half(self, conn):
        request = b""
        while b"\r\n\r\n" not in request:
            data = conn.recv(4096)
            if not data:
                return
            request += data
        name = request.split()[1].decode().rsplit("/", 1)[-1]
        blob = self.blobs.get(name)
        if blob is None:
            conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            return
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(blob) + blob[: len(blob) // 2])  # fmt: skip
        self.sent_half.set()
        if self.mode == "killed":
            self.stop()
        else:
            self._stop.wait()

    def stop(self):
        self._stop.set()
        for s in [self._listener, *self._sockets]:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


@pytest.fixture
def bad_mirror(fake_files):
    """``bad_mirror(mode)`` starts a ``BadMirror`` serving halves of ``fake_files``' good files."""
    started = []

    def start(mode):
        started.append(BadMirror(mode, fake_files.blobs))
        return started[-1]

    yield start
    for server in started:
        server.stop()


# --- the browser of the browser tests -------------------------------------------------

_artifacts_cleared = False


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium, driven by Playwright, for the browser tests of one module.

    Module scope: Playwright's sync API keeps an event loop running while it is open, and
    the dashboard's own tests need none running. Skipped without Chromium or Playwright
    (failed instead when NNLIB_REQUIRE_BROWSER=1, as in CI). test-artifacts/browser/ is
    emptied once a session, so it holds this run's screenshots.
    """
    global _artifacts_cleared
    from browser_support import browser_unavailable, chromium_executable, clear_artifacts, launch_chromium

    executable = chromium_executable()
    if executable is None:
        browser_unavailable("Chromium not found: apt-get install chromium, or set NNLIB_CHROMIUM to its path")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("the Python package playwright is missing: pip install -e '.[test]'")
    if not _artifacts_cleared:
        clear_artifacts()
        _artifacts_cleared = True
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, executable)
        yield browser
        browser.close()


@pytest.fixture
def japanese():
    """nnlib speaks Japanese during one test, English (the default) again afterwards."""
    import nnlib

    nnlib.set_language("ja")
    try:
        yield
    finally:
        nnlib.set_language("en")
