"""MNIST for the book's ``load_mnist`` (``dataset/mnist.py``), safely cached.

Where the images come from, in order:

1. the cache: ``$NNLIB_DATA_DIR`` if set, else ``data/`` of the repository when
   nnlib runs from a checkout, else a per-user cache folder (``cache_dir()``);
2. a download of the four official files, each checked against its SHA-256, from
   ``$NNLIB_MNIST_MIRROR`` first (an http(s) URL or a local folder) and then the
   public mirrors in ``MIRRORS`` (skipped when ``NNLIB_OFFLINE=1``);
3. the offline sample bundled with nnlib (5,000 real MNIST digits), with a notice.

Unlike the book nothing is pickled (unpickling a file can run code): the decoded
arrays are kept in an uncompressed ``.npz`` read with ``allow_pickle=False``. Every
file is written to a temporary name and renamed into place, so an interrupted
download or two kernels loading at once never leave a half-written file, and a
damaged cache file is detected and rebuilt.
"""

import gzip
import os
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import numpy as np

# The four official files and their SHA-256 checksums.
FILES = {
    "train_img": ("train-images-idx3-ubyte.gz",
                 "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
    "train_label": ("train-labels-idx1-ubyte.gz",
                   "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
    "test_img": ("t10k-images-idx3-ubyte.gz",
                "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
    "test_label": ("t10k-labels-idx1-ubyte.gz",
                  "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
}  # fmt: skip

# Public mirrors, tried in order after $NNLIB_MNIST_MIRROR.
MIRRORS = [
    "https://ossci-datasets.s3.amazonaws.com/mnist/",  # the book's current source
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
]

TRAIN_NUM, TEST_NUM, IMG_SIZE = 60000, 10000, 784
CACHE_NAME = "mnist.npz"  # decoded arrays, uint8
SAMPLE_NAME = "mnist_sample.npz"
RETRIES = 1  # extra attempts per file and mirror before moving to the next mirror
TIMEOUT = 30  # seconds without an answer before a mirror counts as unreachable

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_DATA = _PACKAGE_DIR.parent / "data"  # data/ of the repository


class MnistUnavailable(RuntimeError):
    """No source could supply the full MNIST."""


# --- where things are ------------------------------------------------------------


def cache_dir():
    """The folder that holds the downloaded files and the decoded cache (a Path)."""
    if os.environ.get("NNLIB_DATA_DIR"):
        return Path(os.environ["NNLIB_DATA_DIR"]).expanduser() / "mnist"
    if (_PACKAGE_DIR.parent / "pyproject.toml").is_file() and _CHECKOUT_DATA.is_dir():
        return _CHECKOUT_DATA / "mnist"
    import pooch  # only now: it is slow to import and the cached path does not need it

    return Path(pooch.os_cache("nnlib")) / "mnist"


def sample_path():
    """The bundled offline sample: inside the installed package, or data/ of a checkout."""
    for candidate in (_PACKAGE_DIR / "_data" / SAMPLE_NAME, _CHECKOUT_DATA / SAMPLE_NAME):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"the offline sample {SAMPLE_NAME} is missing from the nnlib install")


def mirrors():
    """Sources to try, in order: ``$NNLIB_MNIST_MIRROR`` then (unless offline) ``MIRRORS``.

    Each is ('http', base_url) or ('folder', Path). A bad ``$NNLIB_MNIST_MIRROR``
    raises ValueError, so a typo is not silently replaced by the internet.
    """
    sources = []
    spec = os.environ.get("NNLIB_MNIST_MIRROR", "").strip()
    if spec:
        sources.append(_parse_mirror(spec))
    if os.environ.get("NNLIB_OFFLINE", "") not in ("1", "true", "yes"):
        sources.extend(("http", url) for url in MIRRORS)
    return sources


def _parse_mirror(spec):
    scheme = urlparse(spec).scheme.lower()
    if scheme in ("http", "https"):
        return ("http", spec if spec.endswith("/") else spec + "/")
    path = spec
    if scheme == "file":
        path = url2pathname(urlparse(spec).path)  # file:///a%20b -> /a b
    elif scheme and len(scheme) > 1:  # len 1: a Windows drive letter, a path
        raise ValueError(
            f"NNLIB_MNIST_MIRROR={spec!r}: unknown scheme {scheme!r}; use an http:// or "
            "https:// URL, a file:// URL or the path of a folder holding the four .gz files"
        )
    folder = Path(path).expanduser()
    if not folder.is_dir():
        raise ValueError(
            f"NNLIB_MNIST_MIRROR={spec!r}: no such folder; give the folder that holds "
            "train-images-idx3-ubyte.gz and the three other MNIST files, or an http(s) URL"
        )
    return ("folder", folder)


# --- download --------------------------------------------------------------------


def _copy_from_folder(url, output_file, pooch):
    """A pooch downloader for a local folder: ``url`` is a file path."""
    shutil.copyfile(url, output_file)


def download(progressbar=True):
    """Make sure the four official files are in ``cache_dir()``, verified; return their paths.

    Tries each of ``mirrors()`` in turn; raises MnistUnavailable listing what
    failed where if none has them all.
    """
    import pooch  # slow to import: only when a download may be needed

    pooch.get_logger().setLevel("WARNING")  # our own one line says what is going on
    target = cache_dir()
    registry = {name: "sha256:" + sha for name, sha in FILES.values()}
    failures = []
    for kind, where in mirrors():
        if kind == "http":
            store = pooch.create(path=target, base_url=where, registry=registry, retry_if_failed=RETRIES)
            downloader = pooch.HTTPDownloader(progressbar=progressbar, timeout=TIMEOUT)
        else:
            store = pooch.create(path=target, base_url=str(where) + "/", registry=registry)
            downloader = _copy_from_folder
        try:
            missing = [n for n in registry if not (target / n).is_file()]
            if missing:
                print(f"nnlib: downloading MNIST from {where} into {target}", file=sys.stderr)
            return {key: Path(store.fetch(name, downloader=downloader)) for key, (name, _) in FILES.items()}
        except Exception as exc:  # any failure of a mirror means: try the next one
            failures.append(f"{where}: {type(exc).__name__}: {exc}".strip())
    raise MnistUnavailable("no source had the full MNIST:\n  " + "\n  ".join(
        failures or ["no source to try: NNLIB_OFFLINE is set and NNLIB_MNIST_MIRROR is not"]
    ))


# --- decoding and the cache ------------------------------------------------------


def _read_idx(path, magic, count, item_shape):
    """Decode one gzipped IDX file (big-endian header, then uint8 data)."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    header = 4 + 4 * (1 + len(item_shape))
    dims = np.frombuffer(data, dtype=">u4", count=1 + 1 + len(item_shape))
    if dims[0] != magic or dims[1] != count or tuple(dims[2:]) != item_shape:
        raise ValueError(f"{path}: unexpected IDX header {dims.tolist()}")
    # copy: frombuffer gives a read-only view of ``data``
    flat = np.frombuffer(data, dtype=np.uint8, offset=header).reshape(count, -1)
    return (flat if item_shape else flat[:, 0]).copy()


def _decode(paths):
    return {
        "x_train": _read_idx(paths["train_img"], 2051, TRAIN_NUM, (28, 28)),
        "t_train": _read_idx(paths["train_label"], 2049, TRAIN_NUM, ()),
        "x_test": _read_idx(paths["test_img"], 2051, TEST_NUM, (28, 28)),
        "t_test": _read_idx(paths["test_label"], 2049, TEST_NUM, ()),
    }


def _read_npz(path, full):
    """Read and check a cache or sample file; raise ValueError if anything is off."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in ("x_train", "t_train", "x_test", "t_test")}
    # Any failure means damage: a flipped byte can surface as BadZipFile, KeyError,
    # EOFError, NotImplementedError (zip flags), a tokenize error (.npy header), ...
    except Exception as exc:
        raise ValueError(f"{path} is damaged ({type(exc).__name__}: {exc})") from exc
    for part, n in (("train", TRAIN_NUM), ("test", TEST_NUM)):
        x, t = arrays["x_" + part], arrays["t_" + part]
        ok = x.dtype == np.uint8 and t.dtype == np.uint8 and x.ndim == 2 and x.shape[1] == IMG_SIZE
        ok = ok and t.shape == (x.shape[0],) and (not full or x.shape[0] == n) and t.max() <= 9
        if not ok:
            raise ValueError(f"{path} does not hold MNIST arrays ({part}: {x.shape} {x.dtype})")
    return arrays


def _write_atomically(path, arrays):
    """np.savez to a temporary file in the same folder, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a cache is not secret
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _notice(message):
    print(f"nnlib: {message}", file=sys.stderr)


def load_raw(progressbar=True):
    """The MNIST arrays as uint8, from the cache, a download or the offline sample.

    Returns (arrays, source): arrays has x_train (N, 784), t_train (N,), x_test,
    t_test, all uint8; source is 'full' or 'sample'.
    """
    cache = cache_dir() / CACHE_NAME
    if cache.is_file():
        try:
            return _read_npz(cache, full=True), "full"
        except ValueError as exc:
            _notice(f"{exc}; rebuilding it")
            cache.unlink(missing_ok=True)
    try:
        arrays = _decode(download(progressbar=progressbar))
    except MnistUnavailable as exc:
        arrays = _read_npz(sample_path(), full=False)
        _notice(
            f"full MNIST unavailable, loaded the offline sample ({len(arrays['x_train'])} train, "
            f"{len(arrays['x_test'])} test digits). Get the full set: python -m nnlib download "
            f"(details: {str(exc).splitlines()[-1].strip()})"
        )
        return arrays, "sample"
    try:
        _write_atomically(cache, arrays)
    except OSError as exc:  # a read-only cache still gives the arrays
        _notice(f"could not write the cache {cache}: {exc}")
    return arrays, "full"


# --- the book's interface --------------------------------------------------------


def _check_flag(name, value):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"load_mnist: {name} must be True or False, got {value!r}")


def _change_one_hot_label(t):
    T = np.zeros((t.size, 10))  # float64, as in the book
    T[np.arange(t.size), t] = 1
    return T


def load_mnist(normalize=True, flatten=True, one_hot_label=False):
    """Load MNIST as the book does: ``(x_train, t_train), (x_test, t_test)``.

    normalize:     True -> images float32 in [0, 1]; False -> uint8 in 0..255.
    flatten:       True -> images (N, 784); False -> (N, 1, 28, 28).
    one_hot_label: True -> labels (N, 10) float64 one-hot; False -> (N,) uint8.

    N is 60,000 train and 10,000 test for the full set, 4,000 and 1,000 for the
    offline sample (a notice on stderr says when that is what loaded).
    """
    _check_flag("normalize", normalize)
    _check_flag("flatten", flatten)
    _check_flag("one_hot_label", one_hot_label)
    arrays, _ = load_raw()

    out = {}
    for key in ("x_train", "x_test"):
        x = arrays[key]
        if normalize:
            x = x.astype(np.float32)
            x /= 255.0
        out[key] = x if flatten else x.reshape(-1, 1, 28, 28)
    for key in ("t_train", "t_test"):
        out[key] = _change_one_hot_label(arrays[key]) if one_hot_label else arrays[key]
    return (out["x_train"], out["t_train"]), (out["x_test"], out["t_test"])
