"""The two install routes agree, and the wheel carries a real offline sample."""

import re
import tomllib
from pathlib import Path

import numpy as np

from nnlib import mnist

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "mnist_sample.npz"


def requirement(text):
    """'numpy>=1.26' -> ('numpy', '>=1.26'); names compared as pip does (case, -_.)."""
    name, spec = re.fullmatch(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*?)\s*", text).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), spec.replace(" ", "")


def conda_dependencies(path):
    """The entries of environment.yml's ``dependencies:`` list, those of its nested
    ``- pip:`` list (packages conda-forge may not have) included.

    A small reader for this file's simple layout: ``  - name>=version`` lines, comments,
    and one nested ``- pip:`` list.
    """
    deps, inside, nested = [], False, False
    for line in path.read_text().splitlines():
        content = line.split("#", 1)[0].rstrip()
        if not content:
            continue
        if not line.startswith(" "):  # a top-level key
            inside = content == "dependencies:"
            continue
        if not inside:
            continue
        indent = len(line) - len(line.lstrip())
        item = content.strip().removeprefix("- ").strip()
        if indent <= 2:
            nested = item == "pip:"  # '- pip:' opens the nested list
            if not nested:
                deps.append(item)
        elif nested and content.strip().startswith("- "):
            deps.append(item)
        else:
            raise AssertionError(f"environment.yml: unexpected line {line!r}")
    return deps


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    pip_side = dict(requirement(r) for r in [*project["dependencies"], *extras["test"], *extras["dev"]]
                    if not r.startswith("nnlib"))  # fmt: skip
    conda_side = dict(requirement(r) for r in conda_dependencies(ROOT / "environment.yml"))

    assert conda_side.pop("python") == project["requires-python"]
    assert conda_side.pop("pip") == ""
    # the build backend and what it needs for an editable install (hatchling asks for
    # editables), so that `pip install --no-build-isolation --no-deps -e .` needs no PyPI
    (backend,) = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    assert conda_side.pop(requirement(backend)[0]) == requirement(backend)[1]
    assert conda_side.pop("editables") == ">=0.3"
    assert conda_side == pip_side
    assert "numpy" in pip_side and "pytest" in pip_side and "ruff" in pip_side  # all three groups
    assert "nnlib[test]" in extras["dev"]  # dev includes the test extra


def test_conda_reader_reads_this_layout(tmp_path):
    example = tmp_path / "environment.yml"
    example.write_text(
        "name: x\nchannels:\n  - conda-forge\ndependencies:\n  - python>=3.11\n"
        "  # tests\n  - pytest>=8  # comment\n  - pip\n  - pip:\n      - some-font>=1.1  # PyPI\n"
    )
    assert conda_dependencies(example) == ["python>=3.11", "pytest>=8", "pip", "some-font>=1.1"]


def test_the_wheel_includes_the_offline_sample():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert "nnlib" in wheel["packages"]
    target = wheel["force-include"]["data/mnist_sample.npz"]
    # where an installed nnlib looks for it first
    assert ROOT / "nnlib" / target.removeprefix("nnlib/") == mnist._PACKAGE_DIR / "_data" / mnist.SAMPLE_NAME
    assert (ROOT / "data/mnist_sample.npz").samefile(SAMPLE)


def test_the_sample_is_small_real_balanced_digits():
    assert SAMPLE.stat().st_size < 5 * 2**20
    with np.load(SAMPLE, allow_pickle=False) as npz:
        arrays = {key: npz[key] for key in npz.files}
    assert sorted(arrays) == ["t_test", "t_train", "x_test", "x_train"]
    assert all(a.dtype == np.uint8 for a in arrays.values())
    assert arrays["x_train"].shape == (4000, 784) and arrays["x_test"].shape == (1000, 784)
    np.testing.assert_array_equal(np.bincount(arrays["t_train"], minlength=10), [400] * 10)
    np.testing.assert_array_equal(np.bincount(arrays["t_test"], minlength=10), [100] * 10)
    assert mnist._read_npz(SAMPLE, full=False)["x_train"].shape == (4000, 784)  # the loader accepts it

    x = arrays["x_train"].reshape(-1, 28, 28).astype(np.float64)
    # MNIST's look: mostly black, ink in the middle, a blank border, mean ~33 (0.13 * 255)
    assert 0.7 < np.mean(x == 0) < 0.9
    assert 25 < x.mean() < 45
    ring = np.concatenate([x[:, 0, :], x[:, -1, :], x[:, :, 0], x[:, :, -1]], axis=1)
    assert np.mean(ring > 0) < 0.005
    assert x[:, 10:18, 10:18].mean() > 3 * x.mean()

    # Labels fit the images: even the crudest classifier (nearest class mean, learned on
    # the train part) reads the test digits far better than chance (0.1). MNIST: ~0.82.
    means = np.stack([arrays["x_train"][arrays["t_train"] == d].mean(axis=0) for d in range(10)])
    distances = ((arrays["x_test"][:, None, :].astype(np.float64) - means) ** 2).sum(axis=2)
    assert np.mean(distances.argmin(axis=1) == arrays["t_test"]) > 0.7


def test_the_sample_digits_are_mnist_training_digits(full_mnist):
    (x_train, t_train), _ = full_mnist
    full = {row.tobytes(): label for row, label in zip(np.round(x_train * 255).astype(np.uint8), t_train,
                                                         strict=True)}  # fmt: skip
    with np.load(SAMPLE, allow_pickle=False) as npz:
        for part in ("train", "test"):
            rows, labels = npz["x_" + part], npz["t_" + part]
            assert [full.get(row.tobytes()) for row in rows] == list(labels), part
