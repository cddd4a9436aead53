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

from nnlib.i18n import catalog

MESSAGES = catalog("params_file", {
    "no_suffix": ("{path}: the file name must end in .npz (parameters are saved as numpy's .npz)",
                  "{path}: ファイル名の最後は .npz にしてください"
                  "（パラメータは numpy の .npz 形式で保存します）"),
    "pickled": ("{path}: {key} is stored as pickled Python objects, which could run code when loaded; "
                "nnlib refuses it (save plain arrays with network.save_params)",
                "{path}: {key} は Python のオブジェクトをそのまま保存した形式で入っています。読み込むときに"
                "プログラムが実行されるおそれがあるので、nnlib は読み込みません"
                "（network.save_params で、ただの配列として保存してください）"),
    "not_found": ("{path}: no such file (save one first with network.save_params({path!r}))",
                  "{path}: そのファイルはありません"
                  "（先に network.save_params({path!r}) で保存してください）"),
    "pickled_file": ("{path}: this file holds pickled Python data (like the book's .pkl), which could run "
                     "code when loaded; nnlib reads only .npz files of plain arrays",
                     "{path}: このファイルには、Python のオブジェクトをそのまま保存したデータ（本書の .pkl "
                     "ファイルと同じ形式）が入っています。読み込むときにプログラムが実行されるおそれが"
                     "あります。nnlib が読み込むのは、ただの配列を入れた .npz ファイルだけです"),
    "not_npz": ("{path}: not an .npz file of parameters ({reason})",
                "{path}: パラメータを入れた .npz ファイルではありません（{reason}）"),
    "not_zip": ("it is not a zip archive",
                "zip 形式のファイルではありません"),
    "nothing": ("nothing",  # what the file holds, when it holds no array
                "なし"),
    "missing": ("{path}: the file has no {keys} (it holds {held}); was it saved from another kind of "
                "network?",
                "{path}: ファイルに {keys} がありません（ファイルの中身: {held}）。"
                "別の種類のネットワークから保存したファイルではありませんか？"),
    "extra": ("{path}: the file has {keys}, which this network does not have (it has {held})",
              "{path}: ファイルには {keys} が入っていますが、このネットワークにはありません"
              "（このネットワークにあるのは {held} です）"),
    "shape": ("{key}: the file has shape {file}, this network {network} (build the network with the same "
              "sizes)",
              "{key}: ファイルの形状は {file}、このネットワークは {network} です"
              "（同じサイズでネットワークを作ってください）"),
    "dtype": ("{key}: the file holds {file}, this network {network} (build it with dtype=np.{file}, "
              "or convert: np.load(path)[{key!r}].astype(np.{network}))",
              "{key}: ファイルの型は {file}、このネットワークは {network} です（dtype=np.{file} で"
              "ネットワークを作るか、np.load(path)[{key!r}].astype(np.{network}) で変換してください）"),
    "not_finite": ("{key}: the file holds {count} NaN or infinite value(s): saved after training diverged?",
                   "{key}: ファイルに NaN か無限大の値が {count} 個あります。"
                   "学習が発散したあとに保存しませんでしたか？"),
})  # fmt: skip


def _npz_path(path):
    path = Path(path)
    if path.suffix != ".npz":
        raise ValueError(MESSAGES["no_suffix"].format(path=path))
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
            raise ValueError(MESSAGES["pickled"].format(path=path, key=key))
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
        raise FileNotFoundError(MESSAGES["not_found"].format(path=str(path)))
    if not zipfile.is_zipfile(path):
        head = path.read_bytes()[:2]
        if head[:1] == b"\x80":  # how pickled data of protocol 2 or later begins (the book's .pkl files)
            raise ValueError(MESSAGES["pickled_file"].format(path=path))
        raise ValueError(MESSAGES["not_npz"].format(path=path, reason=MESSAGES["not_zip"]))
    loaded = {}
    try:
        with np.load(path, allow_pickle=False) as npz:
            for key in npz.files:
                try:
                    loaded[key] = npz[key]
                except ValueError as exc:  # numpy: object arrays cannot be loaded without unpickling
                    raise ValueError(MESSAGES["pickled"].format(path=path, key=key)) from exc
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        reason = f"{type(exc).__name__}: {exc}"
        raise ValueError(MESSAGES["not_npz"].format(path=path, reason=reason)) from exc

    held = ", ".join(loaded) or MESSAGES["nothing"]
    missing = [key for key in like if key not in loaded]
    if missing:
        raise ValueError(MESSAGES["missing"].format(path=path, keys=", ".join(missing), held=held))
    extra = [key for key in loaded if key not in like]
    if extra:
        raise ValueError(MESSAGES["extra"].format(path=path, keys=", ".join(extra), held=", ".join(like)))
    for key, reference in like.items():
        value = loaded[key]
        if value.shape != np.shape(reference):
            raise ValueError(MESSAGES["shape"].format(key=key, file=value.shape, network=np.shape(reference)))
        if value.dtype != np.asarray(reference).dtype:
            network_dtype = np.asarray(reference).dtype
            raise ValueError(MESSAGES["dtype"].format(key=key, file=value.dtype, network=network_dtype))
        bad = np.size(value) - np.count_nonzero(np.isfinite(value))
        if bad:
            raise ValueError(MESSAGES["not_finite"].format(key=key, count=bad))
    return {key: loaded[key] for key in like}
