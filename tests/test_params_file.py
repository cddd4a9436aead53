"""Saving and loading parameters as .npz: exact round trips, and clear refusals."""

import os
import pickle
import stat

import numpy as np
import pytest

from nnlib import params_file
from nnlib.params_file import load_params, save_params


def make_params(dtype=np.float32, hidden=50, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0, 0.01, (784, hidden)).astype(dtype),
        "b1": rng.normal(0, 0.01, hidden).astype(dtype),
        "W2": rng.normal(0, 0.01, (hidden, 10)).astype(dtype),
        "b2": rng.normal(0, 0.01, 10).astype(dtype),
    }


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_round_trip_is_exact(tmp_path, dtype):
    params = make_params(dtype)
    written = save_params(params, tmp_path / "net.npz")
    loaded = load_params(written, like=make_params(dtype, seed=1))
    assert list(loaded) == ["W1", "b1", "W2", "b2"]
    for key in params:
        assert loaded[key].dtype == params[key].dtype
        np.testing.assert_array_equal(loaded[key], params[key])


def test_the_saved_file_has_ordinary_permissions_and_no_temporary_is_left(tmp_path):
    old = os.umask(0o022)
    try:
        save_params(make_params(), tmp_path / "net.npz")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "net.npz").stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["net.npz"]


def test_an_interrupted_save_keeps_the_old_file(tmp_path, monkeypatch):
    path = save_params(make_params(seed=0), tmp_path / "net.npz")
    before = path.read_bytes()

    def broken_savez(f, **arrays):
        f.write(b"half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(params_file.np, "savez", broken_savez)
    with pytest.raises(KeyboardInterrupt):
        save_params(make_params(seed=1), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["net.npz"]


def test_a_name_without_npz_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"must end in \.npz"):
        save_params(make_params(), tmp_path / "net.pkl")
    with pytest.raises(ValueError, match=r"must end in \.npz"):
        load_params(tmp_path / "net", like=make_params())


def test_a_missing_file_says_how_to_make_one(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no such file \(save one first with network.save_params"):
        load_params(tmp_path / "nothing.npz", like=make_params())


def test_a_different_hidden_size_names_the_shapes(tmp_path):
    save_params(make_params(hidden=20), tmp_path / "net.npz")
    with pytest.raises(ValueError, match=r"^W1: the file has shape \(784, 20\), this network \(784, 50\)"):
        load_params(tmp_path / "net.npz", like=make_params(hidden=50))


def test_a_different_dtype_is_named(tmp_path):
    save_params(make_params(np.float64), tmp_path / "net.npz")
    with pytest.raises(ValueError, match=r"^W1: the file holds float64, this network float32"):
        load_params(tmp_path / "net.npz", like=make_params(np.float32))


def test_missing_and_extra_keys_are_named(tmp_path):
    params = make_params()
    save_params({k: v for k, v in params.items() if k != "b2"}, tmp_path / "three.npz")
    with pytest.raises(ValueError, match=r"the file has no b2 \(it holds W1, b1, W2\)"):
        load_params(tmp_path / "three.npz", like=params)
    save_params({**params, "W3": params["W2"]}, tmp_path / "five.npz")
    with pytest.raises(ValueError, match=r"the file has W3, which this network does not have"):
        load_params(tmp_path / "five.npz", like=params)


def test_an_object_array_is_refused_unread(tmp_path):
    params = make_params()
    evil = np.empty(1, dtype=object)
    evil[0] = {"W1": params["W1"]}
    np.savez(tmp_path / "evil.npz", W1=evil, b1=params["b1"], W2=params["W2"], b2=params["b2"])
    with pytest.raises(ValueError, match=r"W1 is stored as pickled Python objects.*refuses it"):
        load_params(tmp_path / "evil.npz", like=params)
    with pytest.raises(ValueError, match=r"pickled Python objects"):
        save_params({"W1": evil}, tmp_path / "out.npz")
    assert not (tmp_path / "out.npz").exists()


def test_a_pickle_file_is_refused_unread(tmp_path):
    path = tmp_path / "sample_weight.npz"
    path.write_bytes(pickle.dumps(make_params()))  # the book's format under an .npz name
    with pytest.raises(ValueError, match=r"this file holds pickled Python data .*could run code"):
        load_params(path, like=make_params())


@pytest.mark.parametrize("content", [b"", b"W1,b1\n1,2\n", b"PK\x03\x04 truncated"])
def test_a_file_that_is_not_npz_is_named(tmp_path, content):
    path = tmp_path / "net.npz"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=r"not an \.npz file of parameters"):
        load_params(path, like=make_params())


def test_a_truncated_save_is_refused(tmp_path):
    path = save_params(make_params(), tmp_path / "net.npz")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ValueError, match=r"not an \.npz file of parameters"):
        load_params(path, like=make_params())


def test_non_finite_values_are_refused(tmp_path):
    params = make_params()
    params["W2"][3, 4] = np.nan
    save_params(params, tmp_path / "diverged.npz")
    with pytest.raises(ValueError, match=r"^W2: the file holds 1 NaN or infinite value"):
        load_params(tmp_path / "diverged.npz", like=make_params())


# --- TwoLayerNet.save_params / load_params -------------------------------------------


def test_a_network_round_trips_through_its_own_methods(tmp_path):
    from nnlib.two_layer_net import TwoLayerNet

    trained = TwoLayerNet(784, 50, 10, rng=np.random.default_rng(0), dtype=np.float32)
    path = trained.save_params(tmp_path / "net.npz")
    fresh = TwoLayerNet(784, 50, 10, rng=np.random.default_rng(1), dtype=np.float32)
    W1 = fresh.params["W1"]
    fresh.load_params(path)
    assert fresh.params["W1"] is W1  # loaded in place: whoever holds the arrays sees the new values
    x = np.random.default_rng(2).random((5, 784), dtype=np.float32)
    np.testing.assert_array_equal(fresh.predict(x), trained.predict(x))


def test_a_mismatched_file_leaves_the_network_unchanged(tmp_path):
    from nnlib.two_layer_net import TwoLayerNet

    TwoLayerNet(784, 20, 10).save_params(tmp_path / "small.npz")
    network = TwoLayerNet(784, 50, 10)
    before = {k: v.copy() for k, v in network.params.items()}
    with pytest.raises(ValueError, match=r"W1: the file has shape \(784, 20\), this network \(784, 50\)"):
        network.load_params(tmp_path / "small.npz")
    for key in before:
        np.testing.assert_array_equal(network.params[key], before[key])


# --- in Japanese ---------------------------------------------------------------------


def test_in_japanese_the_errors_say_what_is_wrong_in_japanese(tmp_path, japanese):
    with pytest.raises(ValueError, match=r"ファイル名の最後は \.npz にしてください"):
        save_params(make_params(), tmp_path / "net.pkl")
    with pytest.raises(FileNotFoundError, match=r"そのファイルはありません（先に network.save_params"):
        load_params(tmp_path / "nothing.npz", like=make_params())
    (tmp_path / "text.npz").write_text("not a zip")
    with pytest.raises(ValueError, match=r"\.npz ファイルではありません（zip 形式のファイルではありません）"):
        load_params(tmp_path / "text.npz", like=make_params())
    params = make_params()
    path = save_params({"W1": params["W1"]}, tmp_path / "part.npz")
    with pytest.raises(ValueError, match=r"ファイルに b1, W2, b2 がありません（ファイルの中身: W1）"):
        load_params(path, like=params)
