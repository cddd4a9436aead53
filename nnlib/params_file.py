"""Saving and loading a network's parameters safely, as ``.npz`` (numpy arrays only).

The book saves parameters pickled (ch03's ``sample_weight.pkl``, later chapters'
``save_params``). Unpickling runs whatever code the file asks for, so a pickled file
from a stranger can do anything your account can. An ``.npz`` file is a zip of plain
arrays; read with ``allow_pickle=False`` it can only give back numbers, and an array of
Python objects (which would need unpickling) is refused.

    save_params(network.params, "net.npz")
    params = load_params("net.npz", like=network.params)   # checked against the network

``TwoLayerNet.save_params`` / ``load_params`` call these.
"""

import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

NO_SUFFIX = "{path}: the file name must end in .npz (parameters are saved as numpy's .npz)"
NOT_FOUND = "{path}: no such file (save one first with network.save_params({path!r}))"
NOT_NPZ = "{path}: not an .npz file of parameters ({reason})"
PICKLED = (
    "{path}: {key} is stored as pickled Python objects, which could run code when loaded; "
    "nnlib refuses it (save plain arrays with network.save_params)"
)
PICKLED_FILE = (
    "{path}: this file holds pickled Python data (like the book's .pkl), which could run code when loaded; "
    "nnlib reads only .npz files of plain arrays"
)
MISSING = "{path}: the file has no {keys} (it holds {held}); was it saved from another kind of network?"
EXTRA = "{path}: the file has {keys}, which this network does not have (it has {held})"
SHAPE = "{key}: the file has shape {file}, this network {network} (build the network with the same sizes)"
DTYPE = (
    "{key}: the file holds {file}, this network {network} (build it with dtype=np.{file}, "
    "or convert: np.load(path)[{key!r}].astype(np.{network}))"
)
NOT_FINITE = "{key}: the file holds {count} NaN or infinite value(s): saved after training diverged?"


def _npz_path(path):
    path = Path(path)
    if path.suffix != ".npz":
        raise ValueError(NO_SUFFIX.format(path=path))
    return path


def save_params(params, path):
    """Write ``params`` ({name: array}, e.g. W1 (784, 50) float32 ...) to the .npz ``path``.

    Written to a temporary file beside ``path`` and renamed into place, so an interrupted
    save never leaves half a file, and an existing file is replaced only by a complete one.
    Returns the path written.
    """
    path = _npz_path(path)
    arrays = {key: np.asarray(value) for key, value in params.items()}
    for key, value in arrays.items():
        if value.dtype == object:
            raise ValueError(PICKLED.format(path=path, key=key))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        os.chmod(tmp, 0o666 & ~_umask())  # like any file the user writes, not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def load_params(path, like):
    """The parameters in the .npz ``path``, checked against ``like`` ({name: array}).

    Every key of ``like`` must be in the file and nothing else, with the same shape and
    dtype, all values finite; otherwise a ValueError names the mismatch and the fix.
    Returns {name: array} in the order of ``like``.
    """
    path = _npz_path(path)
    if not path.exists():
        raise FileNotFoundError(NOT_FOUND.format(path=str(path)))
    if not zipfile.is_zipfile(path):
        head = path.read_bytes()[:2]
        if head[:1] == b"\x80":  # how pickled data of protocol 2 or later begins (the book's .pkl files)
            raise ValueError(PICKLED_FILE.format(path=path))
        raise ValueError(NOT_NPZ.format(path=path, reason="it is not a zip archive"))
    loaded = {}
    try:
        with np.load(path, allow_pickle=False) as npz:
            for key in npz.files:
                try:
                    loaded[key] = npz[key]
                except ValueError as exc:  # numpy: object arrays cannot be loaded without unpickling
                    raise ValueError(PICKLED.format(path=path, key=key)) from exc
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ValueError(NOT_NPZ.format(path=path, reason=f"{type(exc).__name__}: {exc}")) from exc

    held = ", ".join(loaded) or "nothing"
    missing = [key for key in like if key not in loaded]
    if missing:
        raise ValueError(MISSING.format(path=path, keys=", ".join(missing), held=held))
    extra = [key for key in loaded if key not in like]
    if extra:
        raise ValueError(EXTRA.format(path=path, keys=", ".join(extra), held=", ".join(like)))
    for key, reference in like.items():
        value = loaded[key]
        if value.shape != np.shape(reference):
            raise ValueError(SHAPE.format(key=key, file=value.shape, network=np.shape(reference)))
        if value.dtype != np.asarray(reference).dtype:
            raise ValueError(DTYPE.format(key=key, file=value.dtype, network=np.asarray(reference).dtype))
        bad = np.size(value) - np.count_nonzero(np.isfinite(value))
        if bad:
            raise ValueError(NOT_FINITE.format(key=key, count=bad))
    return {key: loaded[key] for key in like}
