"""The live training dashboard in a real browser: JupyterLab + headless Chromium.

Runs notebooks/07_interactive_training.ipynb in JupyterLab as a student would (run all
cells, then press the dashboard's buttons and move its sliders) and checks what the page
shows while the network trains. Screenshots go to test-artifacts/browser/.

Needs Debian's Chromium (``apt-get install chromium``; or set ``NNLIB_CHROMIUM``). Without
it the test is skipped, unless ``NNLIB_REQUIRE_BROWSER=1`` (CI), where it fails.
"""

import math

import pytest
from browser_support import (
    REPO,
    JupyterLab,
    LabPage,
    browser_unavailable,
    chromium_executable,
    clear_artifacts,
    launch_chromium,
    parse_status,
    wait_still,
    wait_until,
)

NOTEBOOKS = REPO / "notebooks"
NOTEBOOK = "07_interactive_training.ipynb"
ITERATIONS = 20000  # the iterations slider's maximum
BATCH = 1000  # the batch-size slider's maximum
# The font size, in px, of the first text inside an element, as drawn.
JS_TEXT_SIZE = """e => {
    const text = document.createTreeWalker(e, NodeFilter.SHOW_TEXT).nextNode();
    return parseFloat(getComputedStyle(text ? text.parentElement : e).fontSize);
}"""
OTHER_CELL = 'print("another cell ran while training:", 6 * 7)'


@pytest.fixture(scope="module")
def chromium():
    executable = chromium_executable()
    if executable is None:
        browser_unavailable("Chromium not found: apt-get install chromium, or set NNLIB_CHROMIUM to its path")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("the Python package playwright is missing: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, executable)
        yield browser
        browser.close()


@pytest.fixture
def lab_page(chromium):
    """The notebook open in JupyterLab with an idle kernel."""
    if not (NOTEBOOKS / NOTEBOOK).is_file():
        pytest.fail(f"{NOTEBOOK} is missing from {NOTEBOOKS}")
    clear_artifacts()
    with JupyterLab(NOTEBOOKS) as lab:
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            lab_page = LabPage(page, lab)
            lab_page.open_notebook(NOTEBOOK)
            yield lab_page
        finally:
            context.close()


def test_dashboard_trains_live_in_a_real_browser(lab_page):
    lab, page = lab_page, lab_page.page
    seconds = lab.run_all_cells()
    print(f"run-all took {seconds:.0f} s")

    # The first view of the dashboard (a notebook may display it twice).
    dash = page.locator(".nnlib-dashboard").first
    plot = dash.locator(".nnlib-plot")  # an ipywidgets.Image: the class is on the <img>
    status = dash.locator(".nnlib-status")

    def read():
        return parse_status(status.inner_text())

    def advances(since, what):
        """Wait until the status shows an iteration past ``since``: training runs."""
        return wait_until(
            lambda: (s := read())["iteration"] > since and s,
            30,
            lambda: f"{what}: the iteration to pass {since}; status: {status.inner_text()!r}",
        )

    def redrawn(digest, what):
        """Wait until the plot shows another image than ``digest``; return the new digest."""
        return wait_until(
            lambda: (d := lab.image_digest(plot)) != digest and d, 30, f"the plot to change {what}"
        )

    def move_slider(name, key, presses=3):
        """Press an arrow key on a slider's handle (noUiSlider); return the new readout text."""
        readout = dash.locator(f".nnlib-{name} .widget-readout")
        old = readout.inner_text()
        for _ in range(presses):
            dash.locator(f".nnlib-{name} .noUi-handle").press(key)
        wait_until(lambda: readout.inner_text() != old, 10, f"the {name} slider to move from {old}")
        return readout.inner_text().replace(",", "")

    def type_into_readout(name, value):
        """Type a value into a slider's editable readout, as a user can."""
        readout = dash.locator(f".nnlib-{name} .widget-readout")
        readout.fill(str(value))
        readout.press("Enter")
        wait_until(
            lambda: readout.inner_text().replace(",", "") == str(value),
            10,
            lambda: f"the {name} slider to take {value}; its readout shows {readout.inner_text()!r}",
        )

    ran = read()
    assert ran["iteration"] > 0, f"after run-all the notebook's own run should have trained: {ran}"
    lab.screenshot(dash, "1-before-play")

    # Play trains as many iterations as the iterations slider says. Its maximum with
    # the largest batch keeps a fast machine training for the whole test.
    type_into_readout("iters", ITERATIONS)
    type_into_readout("batch", BATCH)
    wait_until(lambda: read()["batch"] == BATCH, 10, lambda: f"the status to show batch {BATCH}: {read()}")
    digest = lab.image_digest(plot)
    dash.locator(".nnlib-play").click()
    now = advances(ran["iteration"], "Play")
    for _ in range(2):
        digest = redrawn(digest, "while training")
        now = advances(now["iteration"], "training after Play")
    lab.screenshot(dash, "2-training")

    # The learning-rate slider changes the running run at once: the status shows the
    # slider's value and the iterations go on from where they were.
    before = read()
    lr = float(move_slider("lr", "ArrowLeft"))  # lower: a higher one could diverge
    assert lr < before["lr"], f"three steps left should lower lr: {before['lr']} -> {lr}"
    now = wait_until(
        lambda: math.isclose((s := read())["lr"], lr, rel_tol=0.05) and s,
        10,
        lambda: f"the status to show lr {lr}: {status.inner_text()!r}",
    )
    assert now["iteration"] >= before["iteration"], f"the lr slider restarted the run: {before} {now}"
    now = advances(now["iteration"], "training after the lr change")
    assert math.isclose(now["lr"], lr, rel_tol=0.05), f"lr changed back while training: {now}"
    lab.screenshot(dash, "3-after-lr-slider")

    # The batch-size slider likewise.
    before = read()
    batch = int(move_slider("batch", "ArrowLeft"))
    assert batch < before["batch"], f"three steps left should lower the batch size: {before} -> {batch}"
    now = wait_until(
        lambda: (s := read())["batch"] == batch and s,
        10,
        lambda: f"the status to show batch {batch}: {status.inner_text()!r}",
    )
    assert now["iteration"] >= before["iteration"], f"the batch slider restarted the run: {before} {now}"
    now = advances(now["iteration"], "training after the batch change")
    assert now["batch"] == batch, f"the batch size changed back while training: {now}"
    lab.screenshot(dash, "4-after-batch-slider")

    # Another cell runs while training goes on: the kernel is not blocked.
    output = lab.run_new_cell(OTHER_CELL)
    wait_until(
        lambda: "another cell ran while training: 42" in output.inner_text(),
        20,
        lambda: f"the other cell's output; seen {output.inner_text()!r}, {lab.state_summary()}",
    )
    # Training ran before the cell and goes on after its output: the cell ran meanwhile.
    advances(read()["iteration"], "training after the other cell ran")
    output.scroll_into_view_if_needed()
    lab.screenshot(page, "5-other-cell")

    # Reset while training: a new run starts from the beginning, with the sliders'
    # settings, and trains on; the plot shows it.
    before = read()
    dash.locator(".nnlib-reset").click()
    back = wait_until(
        lambda: (s := read())["iteration"] < before["iteration"] and s,
        20,
        lambda: f"Reset to take the iteration back from {before['iteration']}: {status.inner_text()!r}",
    )
    assert math.isclose(back["lr"], lr, rel_tol=0.05) and back["batch"] == batch, (
        f"the new run should take the sliders' lr {lr} and batch size {batch}: {back}"
    )
    redrawn(lab.image_digest(plot), "after Reset")
    advances(back["iteration"], "the new run after Reset")
    lab.screenshot(dash, "6-after-reset")

    # Pause stops training. The past run is still drawn (faded), so Clear runs changes
    # the plot though the current run stands still.
    dash.locator(".nnlib-pause").click()
    iteration, digest = wait_still(
        lambda: (read()["iteration"], lab.image_digest(plot)), 30, "training to stop after Pause"
    )
    dash.locator(".nnlib-clear").click()
    redrawn(digest, "when Clear runs removes the past run")
    assert read()["iteration"] == iteration, "Clear runs changed the current run"
    lab.screenshot(dash, "7-after-clear-runs")

    # Step: while paused, one iteration.
    dash.locator(".nnlib-step").click()
    stepped = advances(iteration, "Step")
    assert stepped["iteration"] == iteration + 1, f"Step should train one iteration: {iteration} -> {stepped}"
    wait_still(lambda: read()["iteration"], 10, "the dashboard to stay paused after Step")

    # Large font (for a projector): the dashboard's text grows.
    size = status.evaluate(JS_TEXT_SIZE)
    dash.locator(".nnlib-large").click()
    wait_until(
        lambda: status.evaluate(JS_TEXT_SIZE) > size,
        10,
        f"the status text to grow from {size}px with Large font",
    )
    lab.screenshot(dash, "8-large-font")
    assert not lab.errors(), f"cells raised: {lab.errors()}"
    assert not lab.page_errors, f"JavaScript errors in the page: {lab.page_errors}"
