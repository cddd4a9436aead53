"""What the real-browser tests need: a throwaway Jupyter server, headless Chromium, a page driver.

- ``JupyterLab`` (or ``JupyterServer(folder, "notebook")`` for Jupyter Notebook 7) serves
  a temporary copy of a folder on 127.0.0.1, without a token or password (for the test
  only), and always stops, kernels included.
- ``launch_chromium`` starts Debian's Chromium through Playwright (Playwright's own
  browser download cannot work without internet).
- ``LabPage`` drives JupyterLab or Notebook 7 (both are JupyterLab applications) through
  their own commands (``window.jupyterapp``), as a user would through the menus, and
  reads widgets from the DOM.

Every wait is bounded and fails with a message that says what did not happen.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts" / "browser"

# Chromium runs as root in containers and CI (hence --no-sandbox) and must not call home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# JupyterLab user settings for the test: no news or update checks (no internet, and their
# pop-ups would cover the screenshots), no autosave, and every cell kept in the DOM.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def browser_unavailable(reason):
    """Skip, or fail when the environment promises a browser (``NNLIB_REQUIRE_BROWSER=1``, CI)."""
    if os.environ.get("NNLIB_REQUIRE_BROWSER", "") in ("1", "true", "yes"):
        pytest.fail(f"{reason} (NNLIB_REQUIRE_BROWSER=1, so this is an error, not a skip)")
    pytest.skip(reason)


def chromium_executable():
    """``$NNLIB_CHROMIUM`` or ``chromium`` on the PATH, or None."""
    configured = os.environ.get("NNLIB_CHROMIUM", "").strip()
    if configured:
        if not os.access(configured, os.X_OK):
            browser_unavailable(f"NNLIB_CHROMIUM={configured!r} is not an executable file")
        return configured
    return shutil.which("chromium")


def clear_artifacts():
    """Remove the screenshots of an earlier run, so none is mistaken for this run's."""
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()


def japanese_fontconfig(folder):
    """A fontconfig file in ``folder``: the system's fonts and IPAexGothic (matplotlib-fontja's
    folder), so that Chromium draws Japanese text. Debian's Chromium package brings no CJK
    font, and without one every Japanese label would be a row of boxes of the wrong width."""
    from nnlib.i18n import japanese_font_file

    path = Path(folder) / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{Path(japanese_font_file()).parent}</dir>\n</fontconfig>\n"
    )
    return path


def launch_chromium(playwright, executable):
    folder = tempfile.mkdtemp(prefix="nnlib-fonts-")
    env = {**os.environ, "FONTCONFIG_FILE": str(japanese_fontconfig(folder))}
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, env=env, timeout=60_000)


def wait_until(condition, timeout, what, interval=0.1):
    """Poll ``condition()`` until it returns something truthy, and return that.

    Fails after ``timeout`` seconds with "timed out after Ns waiting for <what>";
    ``what`` may be a function, called then, to describe the state that was seen.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what() if callable(what) else what}")
        time.sleep(interval)


def wait_still(read, timeout, what, quiet=2.0):
    """Wait until ``read()`` returns the same value for ``quiet`` seconds; return it."""
    last, since = read(), time.monotonic()

    def still():
        nonlocal last, since
        now = read()
        if now != last:
            last, since = now, time.monotonic()
            return False
        return time.monotonic() - since >= quiet

    wait_until(still, timeout, what, 0.25)
    return last


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _descendants(pid):
    """Process ids below ``pid`` (Linux /proc; elsewhere an empty list). Kernels start
    in their own session, so killing the server's process group would miss them."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # the command name (field 2) may hold spaces: the parent pid follows its ')'
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


# If pytest itself is killed, teardown never runs: on Linux the server is started
# through a launcher that asks the OS for SIGTERM when its parent dies (prctl
# PR_SET_PDEATHSIG, kept across exec). Its Jupyter kernels exit when the server does.
_DIE_WITH_PARENT = [sys.executable]
if sys.platform == "linux":
    _DIE_WITH_PARENT += [
        "-c",
        "import ctypes, os, signal, sys; ctypes.CDLL(None).prctl(1, signal.SIGTERM); "
        "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])",
    ]


class JupyterServer:
    """JupyterLab (``app="lab"``) or Jupyter Notebook 7 (``app="notebook"``) on
    127.0.0.1:<free port>, serving a copy of ``folder``; a context manager.

    Token and password are disabled: only for a test, on loopback, for its duration.
    The copy means nothing the browser does is ever saved into the repository.
    Configuration, runtime files and settings live in a temporary folder too, so the
    user's own Jupyter setup neither affects the test nor is touched by it.
    """

    MODULES = {"lab": "jupyterlab", "notebook": "notebook"}

    def __init__(self, folder, app="lab"):
        if app not in self.MODULES:
            raise ValueError(f"app must be one of {sorted(self.MODULES)}, got {app!r}")
        self.folder = Path(folder)
        self.app = app
        self.process = None
        self.url = None

    def __enter__(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="nnlib-browser-")
        try:
            self._start(Path(self._tmp.name))
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self, tmp):
        self.root = tmp / "notebooks"
        shutil.copytree(self.folder, self.root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for name, values in LAB_SETTINGS.items():
            path = tmp / "settings" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        env = dict(os.environ)
        env.update(
            JUPYTER_CONFIG_DIR=str(tmp / "config"),
            JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
            JUPYTER_DATA_DIR=str(tmp / "data"),
            JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
        )
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = tmp / "jupyter.log"
        command = [
            *_DIE_WITH_PARENT, "-m", self.MODULES[self.app], "--no-browser", "--allow-root",
            "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
            "--IdentityProvider.token=", "--PasswordIdentityProvider.hashed_password=",
            f"--ServerApp.root_dir={self.root}",
            "--expose-app-in-browser",  # window.jupyterapp, to run JupyterLab's commands
        ]  # fmt: skip
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command, cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_until(self._answers, 90, lambda: f"Jupyter to answer at {self.url}\n{self.log_tail()}", 0.25)

    def _answers(self):
        if self.process.poll() is not None:
            pytest.fail(f"Jupyter exited with code {self.process.returncode}\n{self.log_tail()}")
        try:
            with urllib.request.urlopen(f"{self.url}/api/status", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def log_tail(self, lines=40):
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no Jupyter log)"
        return "Jupyter log, last lines:\n" + "\n".join(text.splitlines()[-lines:])

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        """SIGTERM (the server shuts its kernels down), then SIGKILL whatever is left."""
        if self.process is not None:
            descendants = _descendants(self.process.pid)  # the kernels
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=10)
            for pid in descendants:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass  # already gone, as it should be
            self.process = None
        self._tmp.cleanup()

    def notebook_url(self, name):
        """The page of one notebook: in JupyterLab with an empty workspace (``?reset``, whatever
        an earlier session left), in Notebook 7 its own page."""
        return f"{self.url}/lab/tree/{name}?reset" if self.app == "lab" else f"{self.url}/notebooks/{name}"


class JupyterLab(JupyterServer):
    """``JupyterServer(folder, "lab")``."""

    def __init__(self, folder):
        super().__init__(folder, "lab")


# --- driving JupyterLab in the page ------------------------------------------------

JS_NOTEBOOK = "window.jupyterapp.shell.currentWidget"

JS_NOTEBOOK_STATE = f"""() => {{
    const panel = window.jupyterapp && {JS_NOTEBOOK};
    if (!panel || !panel.sessionContext || !panel.content || !panel.context.isReady) return null;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    const cells = panel.content.widgets.map((cell, index) => {{
        const model = cell.model;
        const outputs = model.type === 'code' ? model.outputs.toJSON() : [];
        const error = outputs.find(o => o.output_type === 'error');
        return {{index, type: model.type, count: model.type === 'code' ? model.executionCount : null,
                 error: error ? error.ename + ': ' + error.evalue : null}};
    }});
    return {{path: panel.context.path, kernel: kernel ? kernel.status : 'no kernel', cells,
             failedCommands: window.failedCommands || []}};
}}"""

# The SHA-256 of the bytes behind an <img> (ipywidgets.Image shows a blob: URL).
# null when the URL was revoked between reading and fetching it (the image was replaced).
JS_IMAGE_DIGEST = """async (img) => {
    try {
        const bytes = await (await fetch(img.src)).arrayBuffer();
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
        return Array.from(digest, b => b.toString(16).padStart(2, '0')).join('');
    } catch (e) { return null; }
}"""


class LabPage:
    """A JupyterLab or Notebook 7 page in Playwright, with one notebook open."""

    def __init__(self, page, lab):
        self.page = page
        self.lab = lab
        self.page_errors = []  # uncaught exceptions in the page's JavaScript
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def open_notebook(self, name, timeout=90):
        self.page.goto(self.lab.notebook_url(name), timeout=timeout * 1000)
        self.page.wait_for_function("() => window.jupyterapp !== undefined", timeout=timeout * 1000)
        wait_until(
            lambda: (s := self.state()) and s["path"] == name and s["kernel"] == "idle",
            timeout,
            lambda: f"{name} to open with an idle kernel; seen: {self.state_summary()}",
        )

    def state(self):
        return self.page.evaluate(JS_NOTEBOOK_STATE)

    def state_summary(self):
        s = self.state()
        if s is None:
            return "no notebook panel"
        counts = [c["count"] for c in s["cells"] if c["type"] == "code"]
        failed = f", failed commands {s['failedCommands']}" if s["failedCommands"] else ""
        return f"kernel {s['kernel']}, execution counts {counts}{failed}"

    def command(self, name, args=None):
        """Start a JupyterLab command without waiting for it (run-all ends only when the
        last cell does; the callers wait on what they can see instead)."""
        self.page.evaluate(
            """([name, args]) => {
                window.jupyterapp.commands.execute(name, args).catch(error => {
                    (window.failedCommands = window.failedCommands || []).push(name + ': ' + error);
                });
            }""",
            [name, args or {}],
        )

    def errors(self):
        return [f"cell {c['index']}: {c['error']}" for c in self.state()["cells"] if c["error"]]

    def run_all_cells(self, cell_timeout=90, timeout=300):
        """Clear the outputs, run every cell, wait until each has run and the kernel is idle.

        Fails when one cell runs longer than ``cell_timeout`` seconds (a hang, named by
        its index), when all take longer than ``timeout``, or as soon as a cell raises.
        """
        self.command("notebook:clear-all-cell-outputs")
        wait_until(lambda: all(c["count"] is None for c in self.state()["cells"]), 10, "the outputs to clear")
        self.command("notebook:run-all-cells")
        wait_until(
            lambda: (s := self.state())["kernel"] != "idle" or any(c["count"] for c in s["cells"]),
            15,
            lambda: f"run-all to start; seen: {self.state_summary()}",
            0.05,
        )
        start = progress = time.monotonic()
        done = 0
        while True:
            state = self.state()
            if errors := [f"cell {c['index']}: {c['error']}" for c in state["cells"] if c["error"]]:
                pytest.fail("a cell raised while running all cells:\n" + "\n".join(errors))
            code = [c for c in state["cells"] if c["type"] == "code"]
            waiting = [c["index"] for c in code if c["count"] is None]
            if not waiting and state["kernel"] == "idle":
                return time.monotonic() - start
            now = time.monotonic()
            if len(code) - len(waiting) > done:
                done, progress = len(code) - len(waiting), now
            if now - progress > cell_timeout:
                pytest.fail(f"cell {waiting[:1]} has run for over {cell_timeout}s; {self.state_summary()}")
            if now - start > timeout:
                pytest.fail(f"run-all took over {timeout}s; {self.state_summary()}")
            time.sleep(0.25)

    def run_new_cell(self, source):
        """Append a code cell holding ``source``, run it, return a locator for its output area."""
        index = self.page.evaluate(
            f"""(source) => {{
                const notebook = {JS_NOTEBOOK}.content;
                const index = notebook.model.cells.length;
                notebook.model.sharedModel.insertCell(index, {{cell_type: 'code', source}});
                notebook.activeCellIndex = index;
                return index;
            }}""",
            source,
        )
        self.command("notebook:run-cell")
        return self.page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".jp-Cell-outputArea")

    def run_cell(self, index):
        """Run the cell at ``index`` again (as Shift+Enter on it would)."""
        self.page.evaluate(f"(index) => {{ {JS_NOTEBOOK}.content.activeCellIndex = index; }}", index)
        self.command("notebook:run-cell")

    def output_of(self, source, marker, timeout=30):
        """Run ``source`` in a new cell and return its output's text once it contains ``marker``."""
        output = self.run_new_cell(source)
        return wait_until(
            lambda: marker in (text := output.inner_text()) and text,
            timeout,
            lambda: f"the output of {source!r} to contain {marker!r}; seen {output.inner_text()!r}, "
            f"{self.state_summary()}",
        )

    def kernel(self, action):
        """``interrupt`` or ``restart`` the notebook's kernel, as the Kernel menu does (no dialog)."""
        if action not in ("interrupt", "restart"):
            raise ValueError(f"action must be 'interrupt' or 'restart', got {action!r}")
        self.page.evaluate(f"() => {{ {JS_NOTEBOOK}.sessionContext.session.kernel.{action}(); }}")

    def image_digest(self, locator, timeout=15):
        """SHA-256 of the image an <img> shows now (retries while the image is replaced)."""
        handle = locator.element_handle(timeout=timeout * 1000)
        return wait_until(lambda: handle.evaluate(JS_IMAGE_DIGEST), timeout, "the image's bytes")

    def screenshot(self, locator, name):
        """Save a screenshot of ``locator`` to test-artifacts/browser/<name>.png and print the path."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        locator.screenshot(path=path, timeout=15_000)
        print(f"screenshot: {path}")
        return path


# --- the dashboard's status line -------------------------------------------------

STATUS_FIELDS = {
    "iteration": r"iteration\s*[=:]?\s*(\d[\d,]*)",
    "lr": r"\blr\s*[=:]?\s*([0-9][0-9.]*(?:e[+-]?\d+)?)",
    "batch": r"\bbatch\s*[=:]?\s*(\d[\d,]*)",
}


def parse_status(text):
    """{'iteration': int, 'lr': float, 'batch': int} from the status line's text.

    Everything a training status shows (iteration, speed, loss, accuracy, lr, batch
    size) is >= 0, so a negative number is a bug on screen and fails here.
    """
    if negative := re.search(r"(?<![\w.])-\d[\d.,]*", text):
        pytest.fail(f"the status line shows a negative number {negative.group()!r}: {text!r}")
    values = {}
    for name, pattern in STATUS_FIELDS.items():
        match = re.search(pattern, text, re.IGNORECASE)
        if match is None:
            pytest.fail(f"the status line has no {name!r} value (pattern {pattern!r}): {text!r}")
        number = match.group(1).replace(",", "")
        values[name] = float(number) if name == "lr" else int(number)
    return values
