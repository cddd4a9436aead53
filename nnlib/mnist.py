"""MNIST for the book's ``load_mnist`` (``dataset/mnist.py``), safely cached.

Where the images come from, in order:

1. the cache: ``$NNLIB_DATA_DIR`` if set, else ``data/`` of the repository when
   nnlib runs from a checkout, else a per-user cache folder (``cache_dir()``). Its
   decoded ``mnist.npz`` is used first; else its four official ``.gz`` files, each
   checked against its SHA-256 (so four files copied in by hand work offline too);
2. the missing ``.gz`` files from ``$NNLIB_MNIST_MIRROR`` first (an http(s) URL or a
   local folder) and then the public mirrors in ``MIRRORS`` (skipped when
   ``NNLIB_OFFLINE=1``), each file checked against its SHA-256. A source that does
   not connect within ``CONNECT_TIMEOUT`` s or sends nothing for ``STALL_TIMEOUT`` s
   is left for the next one;
3. the offline sample bundled with nnlib (5,000 real MNIST digits), with a notice.

Unlike the book nothing is pickled (unpickling a file can run code): the decoded
arrays are kept in an uncompressed ``.npz`` read with ``allow_pickle=False``. Every
file is written under a temporary name and renamed into place, so an interrupted
download or two kernels loading at once never leave a half-written file; the
temporaries of a process that was killed are removed by the next load, and a
damaged cache file is detected and rebuilt.

What the user sees: one short line per event (``MESSAGES``, in English or Japanese:
``nnlib.set_language``), on stderr, or on
stdout in a notebook (Jupyter shows stderr in red), and a progress bar while
downloading. ``NNLIB_VERBOSE=1`` adds the underlying error of each failed source;
the exception raised when no source works always lists them.
"""

import gzip
import os
import re
import shutil
import socket
import ssl
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import numpy as np

from nnlib.i18n import catalog

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
RETRIES = 1  # extra attempts of a file that broke off midway or failed its checksum
CONNECT_TIMEOUT = 5  # seconds to open a connection (a firewall may drop packets silently)
STALL_TIMEOUT = 15  # seconds without a byte before a source counts as stalled
STALE_AFTER = 600  # seconds: a temporary file untouched this long belongs to no running load

# Everything the loader says, in English and Japanese (str.format fields in braces),
# read in the current language when it is said.
MESSAGES = catalog("mnist", {
    # notices, one line each, after "nnlib: "
    "downloading": ("downloading MNIST from {source} into {folder}",
                    "MNIST を {source} から {folder} にダウンロードしています"),
    "copying": ("copying MNIST from the folder {source} into {folder}",
                "MNIST をフォルダ {source} から {folder} にコピーしています"),
    "progress": ("{file}",  # the progress bar's label while a file downloads
                 "{file} をダウンロード中"),
    "decoding": ("decoding the four verified MNIST files in {folder}",
                 "{folder} にある検証済みの MNIST ファイル 4 つを読み込んで、配列に変換しています"),
    "source_failed": ("{source}: {reason}; trying the next source",
                      "{source}: {reason}。次の取得元を試します"),
    "last_source_failed": ("{source}: {reason}",
                           "{source}: {reason}。"),
    "sample": ("full MNIST unavailable, loaded the offline sample ({n_train} train, {n_test} test "
               "digits). Get the full set: .venv/bin/nnlib download",
               "MNIST の全データが手に入らないので、オフライン用のサンプル（訓練データ {n_train} 枚、"
               "テストデータ {n_test} 枚）を読み込みました。"
               "全データは .venv/bin/nnlib download で取得できます"),
    "cache_damaged": ("the cache {path} is damaged; rebuilding it",
                      "キャッシュ {path} が壊れています。作り直します"),
    "cache_unwritable": ("could not write the cache {path} ({reason}); using the arrays without it",
                         "キャッシュ {path} に書き込めませんでした（{reason}）。"
                         "キャッシュなしでデータを使います"),
    "mirror_ignored": ("ignoring NNLIB_MNIST_MIRROR={spec!r} ({problem}): "
                       "the MNIST cache in {folder} is complete",
                       "NNLIB_MNIST_MIRROR={spec!r} は使いません（{problem}）。"
                       "{folder} の MNIST キャッシュがそろっているからです"),
    "details": ("  details: {details}",
                "  詳細: {details}"),
    # why a source failed (the {reason} above)
    "a_file": ("a file",  # the {file} of a failure that names no file
               "ファイル"),
    "no_connection": ("no connection within {seconds} s",
                      "{seconds} 秒以内に接続できませんでした"),
    "stalled": ("no answer for {seconds} s",
                "{seconds} 秒間、応答がありませんでした"),
    "certificate": ("SSL/certificate error (see the README's Troubleshooting)",
                    "SSL（証明書）のエラーです（README の「トラブルシューティング」を見てください）"),
    "refused": ("connection refused",
                "接続を拒否されました"),
    "unknown_host": ("host not found",
                     "ホストが見つかりません"),
    "http_status": ("HTTP {status} for {file}",
                    "{file} の取得に HTTP {status} が返りました"),
    "broke_off": ("the download of {file} broke off",
                  "{file} のダウンロードが途中で切れました"),
    "checksum": ("{file} failed its SHA-256 check",
                 "{file} が SHA-256 による検査に通りませんでした"),
    "not_in_folder": ("{file} is not in that folder",
                      "そのフォルダに {file} がありません"),
    "failed": ("{file}: {error}",
               "{file} を取得できませんでした（{error}）"),
    # errors (exceptions)
    "no_sample": ("the offline sample {name} is missing from the nnlib install",
                  "オフライン用のサンプル {name} が、インストールされた nnlib に入っていません"),
    "mirror_scheme": ("unknown scheme {scheme!r}",
                      "{scheme!r} という形式（スキーム）には対応していません"),
    "mirror_folder": ("no such folder",
                      "そのフォルダはありません"),
    "mirror_forms": ("an http:// or https:// URL, a file:// URL, or a folder holding the four MNIST "
                     ".gz files",
                     "http:// か https:// で始まる URL、file:// で始まる URL、"
                     "または MNIST の .gz ファイル 4 つが入ったフォルダ"),
    "mirror_bad": ("NNLIB_MNIST_MIRROR={spec!r}: {problem}; use {forms}",
                   "NNLIB_MNIST_MIRROR={spec!r}: {problem}。{forms}を指定してください"),
    "no_cache_folder": ("cannot create the cache folder {folder} ({error})",
                        "キャッシュ用のフォルダ {folder} を作れません（{error}）"),
    "failure": ("{source}: {reason} ({details})",
                "{source}: {reason}（{details}）"),
    "unavailable": ("no source had the full MNIST:",
                    "MNIST の全データを取得できる場所がありませんでした:"),
    "no_source": ("no source to try: NNLIB_OFFLINE is set and NNLIB_MNIST_MIRROR is not",
                  "試せる取得元がありません。NNLIB_OFFLINE が設定されていて、"
                  "NNLIB_MNIST_MIRROR が設定されていません"),
    "bad_idx": ("{path}: unexpected IDX header {header}",
                "{path}: IDX ファイルのヘッダ {header} が想定と違います"),
    "bad_npz": ("{path} is damaged ({details})",
                "{path} は壊れています（{details}）"),
    "not_mnist": ("{path} does not hold MNIST arrays ({part}: {shape} {dtype})",
                  "{path} には MNIST の配列が入っていません（{part}: {shape} {dtype}）"),
    "flag": ("load_mnist: {name} must be True or False, got {value!r}",
             "load_mnist: {name} には True か False を指定してください（{value!r} が渡されました）"),
})  # fmt: skip

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_DATA = _PACKAGE_DIR.parent / "data"  # data/ of the repository


class MnistUnavailable(RuntimeError):
    """No source could supply the full MNIST."""


class SourceFailed(OSError):
    """One source could not give a file. Not a requests error, so pooch does not retry it."""


# --- telling the user ------------------------------------------------------------


def _flag(name):
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


def _stream():
    """stderr, except in a notebook: Jupyter shows stderr in red, as if it were an error."""
    return sys.stdout if type(sys.stdout).__module__.startswith("ipykernel") else sys.stderr


def _say(key, **fields):
    print("nnlib: " + MESSAGES[key].format(**fields), file=_stream(), flush=True)


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
    raise FileNotFoundError(MESSAGES["no_sample"].format(name=SAMPLE_NAME))


def mirrors():
    """Sources to try, in order: ``$NNLIB_MNIST_MIRROR`` then (unless offline) ``MIRRORS``.

    Each is ('http', base_url) or ('folder', Path). A bad ``$NNLIB_MNIST_MIRROR``
    raises ValueError, so a typo is not silently replaced by the internet.
    """
    sources = []
    spec = os.environ.get("NNLIB_MNIST_MIRROR", "").strip()
    if spec:
        sources.append(_parse_mirror(spec))
    if not _flag("NNLIB_OFFLINE"):
        sources.extend(("http", url) for url in MIRRORS)
    return sources


def _parse_mirror(spec):
    source, problem = _read_mirror_setting(spec)
    if problem:
        forms = MESSAGES["mirror_forms"]
        raise ValueError(MESSAGES["mirror_bad"].format(spec=spec, problem=problem, forms=forms))
    return source


def _read_mirror_setting(spec):
    """(source, None) for a usable ``$NNLIB_MNIST_MIRROR``, else (None, what is wrong)."""
    scheme = urlparse(spec).scheme.lower()
    if scheme in ("http", "https"):
        return ("http", spec if spec.endswith("/") else spec + "/"), None
    path = spec
    if scheme == "file":
        path = url2pathname(urlparse(spec).path)  # file:///a%20b -> /a b
    elif scheme and len(scheme) > 1:  # len 1: a Windows drive letter, a path
        return None, MESSAGES["mirror_scheme"].format(scheme=scheme)
    folder = Path(path).expanduser()
    if not folder.is_dir():
        return None, MESSAGES["mirror_folder"]
    return ("folder", folder), None


_warned_settings = set()  # bad NNLIB_MNIST_MIRROR values already reported by this process


def _warn_if_mirror_setting_bad(folder):
    """A complete cache needs no source, so a bad setting is only worth a notice (once)."""
    spec = os.environ.get("NNLIB_MNIST_MIRROR", "").strip()
    if spec and spec not in _warned_settings:
        problem = _read_mirror_setting(spec)[1]
        if problem:
            _warned_settings.add(spec)
            _say("mirror_ignored", spec=spec, problem=problem, folder=folder)


# --- temporary files -------------------------------------------------------------

# A temporary is named after its machine and process, so a later load can tell
# whether the process that made it is still running.
_TEMPORARY = re.compile(r"\.partial-(?P<host>.+)-(?P<pid>\d+)-[^-]*$")
_OLD_TEMPORARY = re.compile(r"tmp[a-z0-9_]{8}$|mnist\.npz.*\.part$")  # pooch's, nnlib 0.1's


def _temporary_prefix():
    return f".partial-{socket.gethostname()}-{os.getpid()}-"


def _running(pid):
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it does, as another user's
        pass
    return True


def _last_touched(path):
    paths = [path, *path.iterdir()] if path.is_dir() else [path]
    return max(p.lstat().st_mtime for p in paths)


def _remove_stale_temporaries(folder):
    """Delete the half-written files of loads that were killed (e.g. by SIGTERM).

    A temporary of this machine is stale once its process has ended; any other (of
    another machine sharing the folder, or of an older nnlib) once it has been
    untouched for ``STALE_AFTER`` seconds: a running load writes or gives up sooner.
    """
    for path in folder.iterdir():
        named = _TEMPORARY.match(path.name)
        try:
            # (not on Windows: there os.kill(pid, 0) would send the process a Ctrl-C)
            if named and named["host"] == socket.gethostname() and os.name != "nt":
                stale = not _running(int(named["pid"]))
            elif named or _OLD_TEMPORARY.match(path.name):
                stale = time.time() - _last_touched(path) > STALE_AFTER
            else:
                continue
            if stale:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        except OSError:  # gone meanwhile (another load cleaned it), or not ours to delete
            pass


def _file_mode():
    """What a new file would get from open(): 0o666 less the umask (0o644 typically)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _publish(temporary, path):
    """Give a finished temporary file the usual permissions and rename it into place."""
    os.chmod(temporary, _file_mode())  # temporaries are private; a cache is not secret
    os.replace(temporary, path)


# --- download --------------------------------------------------------------------


def _copy_from_folder(url, output_file, pooch):
    """A pooch downloader for a local folder: ``url`` is a file path."""
    shutil.copyfile(url, output_file)


def _causes(exc):
    """``exc`` and the errors it wraps (requests keeps urllib3's in ``args``, urllib3 in ``reason``)."""
    chain = []
    while isinstance(exc, BaseException) and exc not in chain:
        chain.append(exc)
        exc = exc.__cause__ or getattr(exc, "reason", None) or (exc.args[0] if exc.args else None)
    return chain


def _caused_by(exc, kind):
    return any(isinstance(e, kind) for e in _causes(exc))


class _HttpDownloader:
    """A pooch downloader with bounded waits and a progress bar (tqdm.auto: a widget in notebooks).

    Failures before the first byte raise SourceFailed (no retry: the source is
    down); a download that breaks off midway raises the requests error, which pooch
    retries ``RETRIES`` times.
    """

    def __init__(self, progressbar):
        self.progressbar = progressbar

    def __call__(self, url, output_file, pooch):
        import requests
        from tqdm.auto import tqdm

        name = url.rsplit("/", 1)[-1]
        try:
            response = requests.get(url, stream=True, timeout=(CONNECT_TIMEOUT, STALL_TIMEOUT))
            response.raise_for_status()
        except requests.RequestException as exc:
            raise SourceFailed(_reason(exc, name)) from exc
        size = int(response.headers.get("content-length", 0)) or None
        with (
            response,
            open(output_file, "wb") as out,
            tqdm(total=size, desc=MESSAGES["progress"].format(file=name), unit="B", unit_scale=True,
                 unit_divisor=1024, leave=False, disable=not self.progressbar, file=_stream()) as bar,
        ):  # fmt: skip
            try:
                for chunk in response.iter_content(chunk_size=16 * 1024):
                    out.write(chunk)
                    bar.update(len(chunk))
            except requests.ConnectionError as exc:
                if _caused_by(exc, TimeoutError):  # silent midway: no retry either
                    raise SourceFailed(_reason(exc, name)) from exc
                raise


def _reason(exc, name):
    """What went wrong with file ``name``, in a few words for the user (the details stay in ``exc``)."""
    import requests

    if isinstance(exc, SourceFailed):  # said already
        return str(exc)
    if isinstance(exc, requests.ConnectTimeout):
        return MESSAGES["no_connection"].format(seconds=CONNECT_TIMEOUT)
    if _caused_by(exc, TimeoutError):
        return MESSAGES["stalled"].format(seconds=STALL_TIMEOUT)
    if isinstance(exc, requests.exceptions.SSLError) or _caused_by(exc, ssl.SSLError):
        return MESSAGES["certificate"]
    if _caused_by(exc, ConnectionRefusedError):
        return MESSAGES["refused"]
    if _caused_by(exc, socket.gaierror):
        return MESSAGES["unknown_host"]
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return MESSAGES["http_status"].format(status=exc.response.status_code, file=name)
    if isinstance(exc, requests.RequestException):  # reset, closed, cut short
        return MESSAGES["broke_off"].format(file=name)
    if isinstance(exc, ValueError):  # pooch: the SHA-256 does not match
        return MESSAGES["checksum"].format(file=name)
    if isinstance(exc, FileNotFoundError):
        return MESSAGES["not_in_folder"].format(file=name)
    return MESSAGES["failed"].format(file=name, error=getattr(exc, "strerror", None) or type(exc).__name__)


def _details(exc):
    """The underlying error, as its type and text: the exception behind our own wrappers."""
    while isinstance(exc, SourceFailed) and exc.__cause__ is not None:
        exc = exc.__cause__
    return f"{type(exc).__name__}: {exc}"


def _verified(path, sha256):
    import pooch

    return path.is_file() and pooch.file_hash(str(path), alg="sha256") == sha256


def _fetch(kind, where, missing, target, progressbar):
    """Get the files ``missing`` (name -> sha256) from one source into ``target``.

    Each is downloaded into a folder of this process's temporaries, checked by
    pooch against its SHA-256, and renamed into ``target``; ``missing`` loses each
    file that arrived, so the next source is asked only for the rest.
    """
    import pooch

    pooch.get_logger().setLevel("WARNING")  # our own lines say what is going on
    staging = Path(tempfile.mkdtemp(dir=target, prefix=_temporary_prefix()))
    try:
        registry = {name: "sha256:" + sha for name, sha in missing.items()}
        if kind == "http":
            store = pooch.create(path=staging, base_url=where, registry=registry, retry_if_failed=RETRIES)
            downloader = _HttpDownloader(progressbar)
        else:
            store = pooch.create(path=staging, base_url=str(where) + "/", registry=registry)
            downloader = _copy_from_folder
        for name in list(missing):
            try:
                _publish(store.fetch(name, downloader=downloader), target / name)
            except Exception as exc:
                raise SourceFailed(_reason(exc, name)) from exc
            del missing[name]
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _gather(progressbar):
    """The four verified files in ``cache_dir()``: (key -> Path, whether any was fetched)."""
    target = cache_dir()
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MnistUnavailable(MESSAGES["no_cache_folder"].format(folder=target, error=exc)) from exc
    _remove_stale_temporaries(target)
    paths = {key: target / name for key, (name, _) in FILES.items()}
    missing = {name: sha for name, sha in FILES.values() if not _verified(target / name, sha)}
    if not missing:  # local files first, in every mode: no source needed
        _warn_if_mirror_setting_bad(target)
        return paths, False
    sources = mirrors()
    failures = []
    for i, (kind, where) in enumerate(sources):
        _say("downloading" if kind == "http" else "copying", source=where, folder=target)
        try:
            _fetch(kind, where, missing, target, progressbar)
            return paths, True
        except Exception as exc:  # any failure of a source means: try the next one
            reason = _reason(exc, MESSAGES["a_file"])
            details = _details(exc)
            more = i < len(sources) - 1
            _say("source_failed" if more else "last_source_failed", source=where, reason=reason)
            if _flag("NNLIB_VERBOSE"):
                _say("details", details=details)
            failures.append(MESSAGES["failure"].format(source=where, reason=reason, details=details))
    raise MnistUnavailable("\n  ".join([MESSAGES["unavailable"], *(failures or [MESSAGES["no_source"]])]))


def download(progressbar=True):
    """Make sure the four official files are in ``cache_dir()``, verified; return their paths.

    Verified files already there are kept; the others come from each of
    ``mirrors()`` in turn. Raises MnistUnavailable, listing what failed where, if
    none has them all.
    """
    return _gather(progressbar)[0]


# --- decoding and the cache ------------------------------------------------------


def _read_idx(path, magic, count, item_shape):
    """Decode one gzipped IDX file (big-endian header, then uint8 data)."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    header = 4 + 4 * (1 + len(item_shape))
    dims = np.frombuffer(data, dtype=">u4", count=1 + 1 + len(item_shape))
    if dims[0] != magic or dims[1] != count or tuple(dims[2:]) != item_shape:
        raise ValueError(MESSAGES["bad_idx"].format(path=path, header=dims.tolist()))
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
        raise ValueError(MESSAGES["bad_npz"].format(path=path, details=_details(exc))) from exc
    for part, n in (("train", TRAIN_NUM), ("test", TEST_NUM)):
        x, t = arrays["x_" + part], arrays["t_" + part]
        ok = x.dtype == np.uint8 and t.dtype == np.uint8 and x.ndim == 2 and x.shape[1] == IMG_SIZE
        ok = ok and t.shape == (x.shape[0],) and (not full or x.shape[0] == n) and t.max() <= 9
        if not ok:
            raise ValueError(MESSAGES["not_mnist"].format(path=path, part=part, shape=x.shape, dtype=x.dtype))
    return arrays


def _write_atomically(path, arrays):
    """np.savez to a temporary file in the same folder, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_temporary_prefix(), suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        _publish(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def load_raw(progressbar=True):
    """The MNIST arrays as uint8, from the cache, a download or the offline sample.

    Returns (arrays, source): arrays has x_train (N, 784), t_train (N,), x_test,
    t_test, all uint8; source is 'full' or 'sample'.
    """
    cache = cache_dir() / CACHE_NAME
    if cache.is_file():
        _remove_stale_temporaries(cache.parent)  # a killed load may have left some
        try:
            arrays = _read_npz(cache, full=True)
        except ValueError as exc:
            _say("cache_damaged", path=cache)
            if _flag("NNLIB_VERBOSE"):
                _say("details", details=exc)
            cache.unlink(missing_ok=True)
        else:
            _warn_if_mirror_setting_bad(cache.parent)
            return arrays, "full"
    try:
        paths, fetched = _gather(progressbar)
    except MnistUnavailable:
        arrays = _read_npz(sample_path(), full=False)
        _say("sample", n_train=len(arrays["x_train"]), n_test=len(arrays["x_test"]))
        return arrays, "sample"
    if not fetched:  # the four files were there (copied in by hand, or the .npz was lost)
        _say("decoding", folder=cache.parent)
    arrays = _decode(paths)
    try:
        _write_atomically(cache, arrays)
    except OSError as exc:  # a read-only cache still gives the arrays
        _say("cache_unwritable", path=cache, reason=exc.strerror or exc)
    return arrays, "full"


# --- the book's interface --------------------------------------------------------


def _check_flag(name, value):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(MESSAGES["flag"].format(name=name, value=value))


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
    offline sample (a notice says when that is what loaded).
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
