"""The Makefile, run as a user would, with stand-in Pythons that fail in known ways.

Nothing here installs anything: the stand-ins are small shell scripts, and the real
setup is measured on a fresh clone (the README says how long it took and its size).
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make(*args, timeout=60):
    # Not the settings of a make that runs these tests (make test exports ENV_BIN to them).
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("MAKE", "MFLAGS")) and k not in ("ENV_BIN", "PYTHON", "VENV")}  # fmt: skip
    return subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), *args], env=env,
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip


def fake_python(tmp_path, version, venv_behaviour):
    """A stand-in for a python binary: reports ``version``; ``-m venv DIR`` does ``venv_behaviour``.

    venv_behaviour: 'fail' (makes DIR, a file in it, then fails, as a venv without
    ensurepip does) or 'broken-pip' (makes a venv whose python fails, as pip without
    network does).
    """
    major, minor = version.split(".")
    venv = {
        "fail": 'mkdir -p "$3/bin"; touch "$3/bin/python"; exit 1',
        "broken-pip": 'mkdir -p "$3/bin"; printf "#!/bin/sh\\nexit 3\\n" > "$3/bin/python"; '
        'chmod +x "$3/bin/python"; exit 0',
    }[venv_behaviour]
    script = tmp_path / f"python{version}"
    script.write_text(f"""#!/bin/sh
case "$1" in
  -c) case "$2" in
        *print*) echo {version} ;;
        *version_info*) [ {major} -gt 3 ] || [ {minor} -ge 11 ] ;;
      esac ;;
  -m) {venv} ;;
esac
""")
    script.chmod(0o755)
    return script


def test_an_old_python_is_refused_before_anything_is_made(tmp_path):
    venv = tmp_path / "venv"
    result = make("lab", f"PYTHON={fake_python(tmp_path, '3.10', 'fail')}", f"VENV={venv}")
    assert result.returncode != 0
    assert "is Python 3.10; nnlib needs Python 3.11 or newer" in result.stderr
    assert "make lab PYTHON=python3.12" in result.stderr  # how to choose another
    assert not venv.exists()


def test_a_missing_python_is_named(tmp_path):
    result = make("test", "PYTHON=no-such-python3", f"VENV={tmp_path / 'venv'}")
    assert result.returncode != 0
    assert "cannot run 'no-such-python3'" in result.stderr
    assert "make test PYTHON=python3.12" in result.stderr


@pytest.mark.parametrize("behaviour", ["fail", "broken-pip"])
def test_a_failed_setup_leaves_no_venv(tmp_path, behaviour):
    venv = tmp_path / "venv"
    result = make("lab", f"PYTHON={fake_python(tmp_path, '3.12', behaviour)}", f"VENV={venv}")
    assert result.returncode != 0
    assert "removed" in result.stderr
    assert not venv.exists()  # so a later run cannot trust it


def test_a_venv_left_by_an_interrupted_run_is_made_again(tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)  # an earlier run stopped before writing the stamp
    (venv / "bin" / "python").write_text("a Python 3.10 of an old setup")
    result = make("lab", f"PYTHON={fake_python(tmp_path, '3.10', 'fail')}", f"VENV={venv}")
    assert "removing" in result.stdout and "left unfinished" in result.stdout
    assert not venv.exists()
    assert "is Python 3.10" in result.stderr


def commands(target, venv):
    """The commands that ``make TARGET`` would run in a new venv (make -n)."""
    result = make("-n", target, f"VENV={venv}")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_lab_installs_only_what_the_notebooks_need(tmp_path):
    lab = commands("lab", tmp_path / "venv")
    installs = re.findall(r"pip install --quiet (\S+(?: \S+)?)", lab)
    assert installs == ["--upgrade pip", "-e ."]  # nnlib and its dependencies, no extra
    assert "[dev]" not in lab and "[test]" not in lab
    assert "jupyter lab notebooks/" in lab
    test = commands("test", tmp_path / "venv")
    assert 'pip install --quiet -e ".[dev]"' in test  # the test tools come with make test


def test_make_test_runs_make_check_with_the_venvs_tools(tmp_path):
    test = commands("test", tmp_path / "venv")
    assert f"{tmp_path / 'venv'}/bin/ruff check ." in test
    assert f"{tmp_path / 'venv'}/bin/python -m pytest" in test
    check = commands("check", tmp_path / "venv")  # the conda route: the active environment's
    assert check.splitlines() == ["ruff check .", "python -m pytest"]
    assert re.search(r"^check: export OPENBLAS_NUM_THREADS = 1$", (ROOT / "Makefile").read_text(), re.M)


def test_every_phony_target_has_a_rule_and_help_lists_it():
    text = (ROOT / "Makefile").read_text()
    (phony,) = re.findall(r"^\.PHONY: (.*)$", text, re.M)
    targets = phony.split()
    for target in targets:
        assert re.search(rf"^{target}:", text, re.M), f"{target} is .PHONY but has no rule"
    result = make("help")
    assert result.returncode == 0
    listed = re.findall(r"^make ([\w-]+)", result.stdout, re.M)
    assert listed == [t for t in targets if t != "help"]
    assert "PYTHON=python3.12" in result.stdout
    assert make().stdout == result.stdout  # plain `make` shows the help
