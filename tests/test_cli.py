"""``python -m nnlib``, run as a user would: in a subprocess, on a machine without
internet (an empty cache, NNLIB_OFFLINE=1: the offline sample)."""

import math
import os
import re
import signal
import socket
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest
from conftest import offline_env

import nnlib
from nnlib import cli, mnist
from nnlib.train import Trainer

LINE = re.compile(r"^train acc, test acc \| \d\.\d{4}, \d\.\d{4}$")
FINAL = re.compile(r"^final: train acc, test acc \| (\d\.\d{4}), (\d\.\d{4}) "
                   r"\(after (\d+) iterations, epoch ([\d.]+)\)$")


def with_ctrl_c():
    """For Popen: Ctrl-C (SIGINT) acts in the child even where the tests were started in the
    background, which ignores it (Python then never installs its KeyboardInterrupt handler)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def nnlib_command(*args, env, timeout=300):
    return subprocess.run([sys.executable, "-m", "nnlib", *args], env=env, capture_output=True,
                          text=True, timeout=timeout)  # fmt: skip


def test_train_prints_the_slides_lines_and_saves_a_plot(tmp_path):
    plot = tmp_path / "acc.png"
    result = nnlib_command("train", "--iters", "700", "--seed", "0", "--plot", str(plot),
                           env=offline_env(tmp_path / "data"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    *lines, final = result.stdout.splitlines()
    assert lines and all(LINE.match(line) for line in lines), result.stdout
    assert len(lines) == math.ceil(700 * 100 / 4000)  # once per epoch of the 4,000-image sample
    last_test_acc = float(lines[-1].split(", ")[-1])
    assert last_test_acc > 0.5  # it learned something in 17 epochs
    match = FINAL.match(final)
    assert match, final  # and the final weights' accuracy, marked as final
    assert match[3] == "700" and float(match[4]) == pytest.approx(700 * 100 / 4000)

    assert "offline sample" in result.stderr  # the notice
    assert re.search(r"\d+/700 \[", result.stderr)  # tqdm's progress bar
    assert "it/s" not in result.stdout

    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = matplotlib.image.imread(plot)
    assert image.ndim == 3 and image.shape[2] in (3, 4)
    assert image.shape[0] > 100 and image.shape[1] > 100
    assert image[..., :3].std() > 0.05  # a figure, not a blank canvas


def test_train_same_seed_same_output(tmp_path):
    env = offline_env(tmp_path / "data")
    a = nnlib_command("train", "--iters", "100", "--seed", "3", env=env)
    b = nnlib_command("train", "--iters", "100", "--seed", "3", env=env)
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout and len(a.stdout.splitlines()) == 3 + 1  # 3 epochs, then the final line


def test_train_stops_when_it_diverges(tmp_path):
    result = nnlib_command("train", "--iters", "500", "--lr", "10000", "--seed", "0",
                           env=offline_env(tmp_path / "data"))  # fmt: skip
    assert result.returncode == 1
    assert "diverged" in result.stderr and "--lr" in result.stderr
    (message,) = [line for line in result.stderr.splitlines() if "diverged" in line]
    # the loss rounded to 3 significant digits, not float32 noise like 11.848280906677246
    assert re.search(r"the loss is (\d{1,2}\.\d{1,2}|\d{3}|nan|inf)\. The learning rate 10000 ", message)
    assert FINAL.match(result.stdout.splitlines()[-1])  # the final line here too


@pytest.mark.parametrize("args, option, message", [
    (["--lr", "-1"], "--lr", "must be greater than 0, got -1"),
    (["--lr", "0"], "--lr", "must be greater than 0, got 0"),
    (["--lr", "nan"], "--lr", "'nan' is not a finite number"),
    (["--lr", "inf"], "--lr", "'inf' is not a finite number"),
    (["--lr=-inf"], "--lr", "'-inf' is not a finite number"),
    (["--lr", "fast"], "--lr", "'fast' is not a number"),
    (["--iters", "abc"], "--iters", "'abc' is not a whole number"),
    (["--iters", "0"], "--iters", "must be at least 1, got 0"),
    (["--iters", "nan"], "--iters", "'nan' is not a whole number"),
    (["--iters", "100000000"], "--iters", "must be at most 10,000,000"),
    (["--batch-size", "1.5"], "--batch-size", "'1.5' is not a whole number"),
    (["--batch-size", "0"], "--batch-size", "must be at least 1"),
    (["--hidden", "-3"], "--hidden", "must be at least 1, got -3"),
    (["--hidden", "1000000"], "--hidden", "must be at most 10,000"),
    (["--seed", "-1"], "--seed", "must be at least 0, got -1"),
    (["--seed", "abc"], "--seed", "'abc' is not a whole number"),
])  # fmt: skip
def test_bad_arguments_exit_2_naming_the_option(tmp_path, args, option, message):
    result = nnlib_command("train", *args, env=offline_env(tmp_path / "data"))
    assert result.returncode == 2
    assert f"argument {option}: {message}" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_a_batch_larger_than_the_training_set_is_capped_with_a_message(tmp_path):
    result = nnlib_command("train", "--iters", "3", "--batch-size", "100000", "--seed", "0",
                           env=offline_env(tmp_path / "data"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "--batch-size 100000 is more than the 4000 training images; using 4000" in result.stderr
    *epochs, final = result.stdout.splitlines()
    assert len(epochs) == 3  # each iteration is one whole epoch of the sample
    assert FINAL.match(final)[4] == "3.00"


# --- --plot is checked before the training, and the name written is the name reported ---


def train_with_plot(tmp_path, plot, *more):
    start = time.monotonic()
    result = nnlib_command("train", "--iters", "40", "--seed", "0", "--plot", str(plot), *more,
                           env=offline_env(tmp_path / "data"))  # fmt: skip
    return result, time.monotonic() - start


@pytest.mark.parametrize("name, message", [
    ("missing/acc.png", "the folder {tmp}/missing does not exist"),
    ("acc.xyz", "unknown figure format '.xyz'; use one of png, pdf, svg"),
    (".", "is a folder; give a file name"),
])  # fmt: skip
def test_a_bad_plot_path_is_refused_before_training(tmp_path, name, message):
    result, _ = train_with_plot(tmp_path, tmp_path / name)
    assert result.returncode == 2
    assert "argument --plot: " in result.stderr and message.format(tmp=tmp_path) in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert "offline sample" not in result.stderr  # not even the data was loaded


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into any folder")
def test_a_plot_into_a_read_only_folder_is_refused_before_training(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    result, _ = train_with_plot(tmp_path, folder / "acc.png")
    assert result.returncode == 2 and "cannot write into the folder" in result.stderr


def test_a_folder_without_write_permission_is_named(tmp_path, monkeypatch):
    # The same check in-process, for machines where the tests run as root (who may write anywhere).
    monkeypatch.setattr(cli.os, "access", lambda path, mode: False)
    with pytest.raises(cli.argparse.ArgumentTypeError, match=f"cannot write into the folder {tmp_path}"):
        cli.figure_path(str(tmp_path / "acc.png"))
    (tmp_path / "old.png").write_bytes(b"")
    monkeypatch.setattr(cli.os, "access", lambda path, mode: Path(path) != tmp_path / "old.png")
    with pytest.raises(cli.argparse.ArgumentTypeError, match="old.png exists and may not be overwritten"):
        cli.figure_path(str(tmp_path / "old.png"))


@pytest.mark.parametrize("name, written", [("accnoext", "accnoext.png"), ("acc.pdf", "acc.pdf"),
                                           ("acc.SVG", "acc.SVG")])  # fmt: skip
def test_the_name_written_is_the_name_reported(tmp_path, name, written):
    result, _ = train_with_plot(tmp_path, tmp_path / name)
    assert result.returncode == 0, result.stderr
    assert f"saved the accuracy figure to {tmp_path / written}" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [written]
    magic = {"png": b"\x89PNG", "pdf": b"%PDF", "svg": b"<?xml"}[Path(written).suffix[1:].lower()]
    assert (tmp_path / written).read_bytes().startswith(magic)


def test_one_epoch_prints_the_start_and_the_final_accuracy(tmp_path):
    # The README's old example was exactly one epoch: only the untrained accuracy appeared.
    result = nnlib_command("train", "--iters", "200", "--batch-size", "20", "--lr", "0.5", "--seed", "1",
                           env=offline_env(tmp_path / "data"))  # fmt: skip
    first, final = result.stdout.splitlines()  # 200 iterations of 20 = one epoch of the sample
    assert LINE.match(first)
    match = FINAL.match(final)
    assert match[3] == "200" and match[4] == "1.00"
    assert float(match[2]) > float(first.split(", ")[-1]) + 0.3  # it learned: the final line says so


def test_the_figure_marks_the_final_accuracy(sample_mnist):
    (x_train, t_train), (x_test, t_test) = sample_mnist
    trainer = Trainer(x_train, t_train, x_test, t_test, seed=0)
    for _ in trainer.run(60):  # one and a half epochs: evaluated at iterations 1 and 41
        pass
    final = trainer.evaluate()  # what train() adds at the end
    figure = cli.accuracy_figure(trainer)
    (ax,) = figure.axes
    lines = {line.get_label(): line for line in ax.lines}
    np.testing.assert_allclose(lines["train acc"].get_xdata(), [0.025, 1.025, 1.5])  # each at its epoch
    np.testing.assert_allclose(lines["final"].get_xdata(), [1.5, 1.5])
    np.testing.assert_allclose(lines["final"].get_ydata(), [final.train_acc, final.test_acc])
    assert ax.get_title() == f"final (iteration 60): train {final.train_acc:.4f}, test {final.test_acc:.4f}"
    assert ax.get_xlim()[1] > 1.5  # the final point is inside the axes


# --- help -----------------------------------------------------------------------------


def test_the_bare_command_shows_the_help(tmp_path):
    result = nnlib_command(env=offline_env(tmp_path / "data"))
    assert result.returncode == 0
    assert result.stdout.startswith("usage: python -m nnlib ")
    assert "train" in result.stdout and "download" in result.stdout
    assert "required" not in result.stderr


def test_help_is_plain_text_with_defaults_and_what_is_printed_when(tmp_path):
    env = offline_env(tmp_path / "data")
    top = nnlib_command("--help", env=env).stdout
    train = nnlib_command("train", "--help", env=env).stdout
    for text in (top, train):
        assert "``" not in text and "`" not in text
    assert "python -m nnlib train --help" in " ".join(top.split())
    for default in ("(default: 10000)", "(default: 100)", "(default: 0.1)", "(default: 50)"):
        assert default in train
    flat = " ".join(train.split())  # argparse wraps lines
    assert "once per epoch" in flat and "every 600 iterations" in flat and "marked 'final'" in flat
    assert "png, pdf, svg" in flat


def test_the_installed_command_names_itself(tmp_path):
    script = Path(sys.executable).parent / "nnlib"
    if not script.exists():
        pytest.skip("nnlib is not installed as a command here (pip install -e . makes it)")
    result = subprocess.run([str(script), "--help"], env=offline_env(tmp_path / "data"),
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0 and result.stdout.startswith("usage: nnlib ")
    assert "'nnlib train --help'" in " ".join(result.stdout.split())


# --- Ctrl-C -----------------------------------------------------------------------------


def test_ctrl_c_ends_training_with_one_line(tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "nnlib", "train", "--iters", "1000000"],
                               env=offline_env(tmp_path / "data"), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, preexec_fn=with_ctrl_c)  # fmt: skip
    try:
        assert process.stdout.readline().startswith("train acc, test acc |")  # training is under way
        time.sleep(0.5)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    last = err.rstrip().rsplit("\n", 1)[-1].rsplit("\r", 1)[-1].strip()  # after the progress bar
    assert re.fullmatch(r"nnlib: interrupted \(Ctrl-C\) at iteration \d+ of 1000000; nothing was saved", last)
    assert err.count("interrupted") == 1


def test_download_with_an_unreachable_mirror_fails_clearly(tmp_path, closed_port_url):
    env = offline_env(tmp_path / "data")
    env["NNLIB_MNIST_MIRROR"] = closed_port_url
    result = nnlib_command("download", env=env)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()
    assert any(line.startswith("error: no source had the full MNIST") for line in last), result.stderr
    assert closed_port_url in result.stderr  # says where it tried
    assert "Traceback" not in result.stderr


def test_download_from_a_local_folder(tmp_path, full_mnist):
    # The full set's four verified .gz files are in the cache: use that folder as the
    # mirror of a new, empty cache. Real files, real hashes, the real decoder.
    folder = mnist.cache_dir()
    if not all((folder / name).is_file() for name, _ in mnist.FILES.values()):
        pytest.skip(f"the full MNIST's .gz files are not in {folder} (only its decoded cache)")
    env = offline_env(tmp_path / "data")
    env["NNLIB_MNIST_MIRROR"] = str(folder)
    result = nnlib_command("download", env=env)
    assert result.returncode == 0, result.stderr
    assert "MNIST (60000 train, 10000 test images) verified" in result.stdout
    assert (tmp_path / "data" / "mnist" / mnist.CACHE_NAME).is_file()


# --- the README's examples ----------------------------------------------------------------


def readme_commands():
    """The command lines of the README's section "The command line", without comments."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("\n## The command line\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith(".venv/bin/nnlib ")]
    return [line.split("#", 1)[0].split() for line in lines]


def test_the_readmes_examples_are_valid_and_train_for_several_epochs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where --plot acc.png would be written
    commands = readme_commands()
    assert len(commands) >= 3 and any(c[1] == "download" for c in commands)
    for command in [c for c in commands if "--help" not in c]:
        args = cli.parser("nnlib").parse_args(command[1:])
        if args.command == "train" and args.iters != 10000:
            epochs = args.iters * args.batch_size / 60000  # the full MNIST
            assert epochs >= 2, f"{' '.join(command)}: {epochs} epoch(s) prints only the untrained accuracy"


def test_ctrl_c_during_a_download_ends_with_one_line(tmp_path):
    with socket.socket() as server:  # a mirror that accepts the connection and never answers
        server.bind(("127.0.0.1", 0))
        server.listen()
        env = offline_env(tmp_path / "data")
        env["NNLIB_MNIST_MIRROR"] = f"http://127.0.0.1:{server.getsockname()[1]}/"
        process = subprocess.Popen([sys.executable, "-m", "nnlib", "download"], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   preexec_fn=with_ctrl_c)  # fmt: skip
        try:
            server.settimeout(60)
            connection, _ = server.accept()  # the download has begun
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=60)
            connection.close()
        finally:
            process.kill()
    assert process.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert err.rstrip().rsplit("\n", 1)[-1].rsplit("\r", 1)[-1].strip() == "nnlib: interrupted (Ctrl-C)"


def test_the_readme_runs_nnlib_from_the_environment_not_the_system_python():
    # The system's python has none of nnlib's packages ("No module named 'pooch'").
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", readme, re.M | re.S)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    nnlib_lines = [line for line in lines if re.search(r"\bnnlib (train|download)\b", line)]
    assert nnlib_lines and all(line.startswith(".venv/bin/nnlib ") for line in nnlib_lines), nnlib_lines
    assert ".venv/bin/nnlib" in readme and "source .venv/bin/activate" in readme


# --- in Japanese ---------------------------------------------------------------------------


def japanese_env(data_dir):
    """``offline_env`` with NNLIB_LANG=ja and an 80-column terminal for argparse."""
    return {**offline_env(data_dir), "NNLIB_LANG": "ja", "COLUMNS": "80"}


def columns(line):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_in_japanese_training_reports_and_diverges_in_japanese(tmp_path):
    result = nnlib_command("train", "--lr", "50", "--iters", "300", env=japanese_env(tmp_path / "data"))
    assert result.returncode == 1, result.stderr
    err = result.stderr
    # the loader's notice, the progress bar, the divergence: Japanese, and no English left
    assert "nnlib: MNIST の全データが手に入らないので、オフライン用のサンプル" in err
    assert re.search(r"学習中 +\d+%.*\d+/300 \[.*回/s\]", err)
    (message,) = [line.rsplit("\r", 1)[-1] for line in err.splitlines() if "発散" in line]
    diverged = (r"\d+ イテレーション目で学習が発散しました。損失関数の値は \S+ です。"
                r"学習率 50 が大きすぎます。--lr にもっと小さい値を指定してください。")  # fmt: skip
    assert re.fullmatch(diverged, message)
    for english in ("offline sample", "diverged", "learning rate", "it/s"):
        assert english not in err
    # stdout: the slides' line as the slides print it, then the final line in Japanese
    *epochs, final = result.stdout.splitlines()
    assert epochs and all(LINE.match(line) for line in epochs)
    assert re.fullmatch(r"最終結果: train acc, test acc \| \d\.\d{4}, \d\.\d{4}"
                        r"（\d+ イテレーション後、エポック \d+\.\d\d）", final)  # fmt: skip
    assert "Traceback" not in err


def test_in_japanese_the_help_is_japanese_and_fits_the_terminal(tmp_path):
    env = japanese_env(tmp_path / "data")
    top = nnlib_command("--help", env=env)
    train = nnlib_command("train", "--help", env=env)
    assert top.returncode == train.returncode == 0
    assert top.stdout.startswith("使い方: python -m nnlib [-h] COMMAND ...\n")
    assert train.stdout.startswith("使い方: python -m nnlib train [-h] [--iters N]")
    for text in (top.stdout, train.stdout):
        assert "\nオプション:\n  -h, --help" in text and "このヘルプを表示して終了します" in text
        for english in ("usage:", "options:", "show this help", "default:"):
            assert english not in text
        assert all(columns(line) <= 80 for line in text.splitlines()), text
    assert "コマンド:" in top.stdout
    assert "'python -m nnlib train --help'" in " ".join(top.stdout.split())  # this line breaks at a space
    flat = "".join(train.stdout.split())  # Japanese lines break between any two characters
    assert "（既定値:10000）" in flat and "（既定値:0.1）" in flat
    assert "1エポックごとに" in flat and "600イテレーションごと" in flat and "「最終結果」" in flat
    # the usage's second line stays under the first line's options, although "使い方" is 2 columns a character
    first, second = train.stdout.splitlines()[:2]
    assert columns(first[: first.index("[-h]")]) == len(second) - len(second.lstrip())


@pytest.mark.parametrize("args, message", [
    (["train", "--lr", "0"], "train: エラー: 引数 --lr: 0 より大きい数にしてください（0 が指定されました）"),
    (["train", "--iters", "abc"], "train: エラー: 引数 --iters: 'abc' は整数ではありません"),
    (["train", "--lr"], "train: エラー: 引数 --lr: 値を 1 つ指定してください"),
    (["trian"], ": エラー: 引数 COMMAND: 'trian' は選べません（'train', 'download' から選んでください）"),
    (["train", "--foo"], ": エラー: 解釈できない引数があります: --foo"),
])  # fmt: skip
def test_in_japanese_bad_arguments_are_explained_in_japanese(tmp_path, args, message):
    result = nnlib_command(*args, env=japanese_env(tmp_path / "data"))
    assert result.returncode == 2 and result.stdout == ""
    usage, *_, error = result.stderr.splitlines()  # the usage (one or two lines), then the error
    assert usage.startswith("使い方: python -m nnlib ")
    assert error == ("python -m nnlib " + message).replace("nnlib :", "nnlib:")


def test_in_japanese_the_figure_has_a_japanese_title_and_no_missing_glyph(tmp_path):
    plot = tmp_path / "acc.png"
    result = nnlib_command("train", "--iters", "40", "--seed", "0", "--plot", str(plot),
                           env=japanese_env(tmp_path / "data"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"認識精度のグラフを {plot} に保存しました" in result.stderr
    assert "Glyph" not in result.stderr and "missing from font" not in result.stderr
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_set_language_switches_the_commands_texts_at_once(sample_mnist, japanese, tmp_path):
    assert cli.parser("nnlib").format_help().startswith("使い方: nnlib [-h] COMMAND ...")
    with pytest.raises(cli.argparse.ArgumentTypeError, match="はフォルダです。ファイル名を指定してください"):
        cli.figure_path(str(tmp_path))
    (x_train, t_train), (x_test, t_test) = sample_mnist
    trainer = Trainer(x_train, t_train, x_test, t_test, seed=0)
    for _ in trainer.run(5):
        pass
    trainer.evaluate()
    (ax,) = cli.accuracy_figure(trainer).axes
    assert ax.get_title().startswith("最終結果（5 イテレーション）: 訓練データ ")
    assert "最終結果" in [line.get_label() for line in ax.lines]

    nnlib.set_language("en")  # and back
    assert cli.parser("nnlib").format_help().startswith("usage: nnlib [-h] COMMAND ...")
    with pytest.raises(cli.argparse.ArgumentTypeError, match="is a folder; give a file name"):
        cli.figure_path(str(tmp_path))


def test_argparse_messages_are_its_own_in_english_and_japanese_in_japanese(japanese):
    said = "argument --lr: expected one argument"
    assert cli.argparse_message(said) == "引数 --lr: 値を 1 つ指定してください"
    assert cli.argparse_message("something argparse says that we do not know") == (
        "something argparse says that we do not know")  # fmt: skip
    nnlib.set_language("en")
    for message in (said, "invalid choice: 'x' (choose from 'train')", "unrecognized arguments: -x"):
        assert cli.argparse_message(message) == message


@pytest.mark.parametrize("width", [20, 37, 80])
def test_japanese_help_text_is_wrapped_by_columns_at_allowed_places(width):
    text = cli.TEXT.both("train_epilog")["ja"]
    lines = cli.wrap(text, width)
    assert all(columns(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost, only breaks added
    assert not any(line[0] in "、。）」" or line[-1] in "（「" for line in lines)
    assert all(line == line.strip() for line in lines)
    assert "'train acc," in "\n".join(lines)  # English words are never split


# --- every message of these modules in both languages ---------------------------------------


def test_every_message_of_these_modules_is_in_both_languages_with_the_same_fields():
    from nnlib import digits, draw, functions, gradient, params_file, train, two_layer_net  # noqa: F401
    from nnlib.i18n import CATALOG, placeholders

    sections = ("cli", "mnist", "train", "gradient", "params_file", "two_layer_net", "functions", "digits",
                "draw", "draw.errors")  # fmt: skip
    names = [name for name in CATALOG if name.rsplit(".", 1)[0] in sections]
    assert len(names) > 120
    symbols_only = {"mnist.failure", "mnist.last_source_failed"}  # fields and Japanese punctuation
    for name in names:
        english, japanese = CATALOG[name]["en"], CATALOG[name]["ja"]
        assert placeholders(english) == placeholders(japanese), name
        assert english.count("%(default)s") == japanese.count("%(default)s"), name
        assert english.strip() and japanese.strip(), name
        if name not in symbols_only:
            assert english != japanese and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", japanese), name
        assert "pickle" not in japanese.lower(), name


def test_in_japanese_a_failed_download_is_explained_in_japanese(tmp_path, closed_port_url):
    env = {**japanese_env(tmp_path / "data"), "NNLIB_MNIST_MIRROR": closed_port_url}
    result = nnlib_command("download", env=env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"nnlib: MNIST を {closed_port_url} から " in result.stderr
    assert "エラー: MNIST の全データを取得できる場所がありませんでした:" in result.stderr.splitlines()
    assert f"  {closed_port_url}: 接続を拒否されました（ConnectionError: " in result.stderr
