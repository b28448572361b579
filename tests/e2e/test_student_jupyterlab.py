"""Does every released notebook work for a student in JupyterLab, in a real browser?

What a student does (docs/student.md), done by Playwright driving Debian's Chromium
against a JupyterLab server on localhost. For each assignment in ``BROWSER_ASSIGNMENTS``
the student folder gets
``release/<id>/`` as students receive it, then in JupyterLab:

1. the released notebook is opened and run with Run ▸ Run All Cells: it runs top to
   bottom, no cell fails, and every self-check on the page reports "not implemented";
2. the same notebook with every function filled in (``examples/<id>/solution.ipynb``,
   what a student who solved it has) is run the same way: every public self-check on
   the page passes and every figure the kernel draws shows on the page; saved with
   File ▸ Save Notebook, it is the file the student submits, and ``autograder grade``
   gives it full marks.

Screenshots of both go to ``test-artifacts/jupyterlab/``, the server log to
``test-artifacts/jupyter-lab.log`` (the folder is printed in the summary).
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import urllib.request
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import parse_template
from autograder.course import Course
from autograder.runner import grade_submission
from tests.conftest import ROOT

COURSE = Course(ROOT)
ASSIGNMENTS = COURSE.assignment_ids()

#: Launch flags for Chromium as root on this kind of machine.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

#: Seconds a notebook may take to open, or to run all its cells.
OPEN_SECONDS, RUN_SECONDS = 90, 60


@pytest.fixture(scope="module")
def browser(chromium, tmp_path_factory):
    from playwright import sync_api  # the test extra installs it; a missing browser driver fails, never skips

    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a fresh --user-data-dir
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900})
        try:
            yield launched
        finally:
            launched.close()


def self_checked_tasks(aid: str) -> list[tuple[str, int]]:
    """(task, number of public tests) for every task whose self-check cell the notebook has."""
    files = COURSE.assignment(aid)
    cells = parse_template(files.notebook_template.read_text(encoding="utf-8"))
    checked = [cell.names[0] for cell in cells if cell.kind == "selfcheck"]
    return [(task, sum(t.visibility == "public" for t in files.spec.task(task).tests)) for task in checked]


def choose(page, menu: str, item: str) -> None:
    """Click a menu of JupyterLab's menu bar, then one of its items."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(menu)}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()


class NotebookRun:
    """One notebook in its own browser tab: open it, Run ▸ Run All Cells, wait, save.

    On a failure the tab is saved as ``<name>-failed.png`` first.
    """

    def __init__(self, browser, lab, path: str, shots: Path, name: str) -> None:
        self.page, self.lab, self.path, self.shots, self.name = browser.new_page(), lab, path, shots, name

    def run(self) -> str:
        """Run every cell, save, take screenshots; returns the text of every output on the page."""
        url, token, _ = self.lab
        page = self.page
        with self._screenshot_on_failure():
            # A workspace of its own, reset: no tab of another notebook comes back.
            page.goto(f"{url}/lab/workspaces/{self.name}/tree/{self.path}?reset&token={token}")
            page.wait_for_selector(".jp-NotebookPanel .jp-CodeCell", timeout=OPEN_SECONDS * 1000)
            # The status bar says "Python 3 (ipykernel) | Idle" once the kernel is ready for work.
            page.wait_for_function(
                "() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]"
                ".some(e => /^(?!No Kernel).+ \\| Idle$/.test(e.textContent.trim()))", timeout=OPEN_SECONDS * 1000)
            choose(page, "Run", "Run All Cells")
            # Every code cell shows an execution count once it ran ("[*]" while queued or running).
            page.wait_for_function(
                "() => { const p = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell "
                ".jp-InputArea-prompt')]; return p.length > 0 && p.every(e => /\\[\\d+\\]/.test(e.textContent)); }",
                timeout=RUN_SECONDS * 1000)
            choose(page, "File", "Save Notebook")
            page.wait_for_function("() => !document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty')",
                                   timeout=OPEN_SECONDS * 1000)
            first_check = page.locator(".jp-OutputArea-output", has_text="Self-check").first
            if first_check.count():
                first_check.scroll_into_view_if_needed()
            page.screenshot(path=str(self.shots / f"{self.name}.png"))
            image = page.locator(".jp-OutputArea-output img").first
            if image.count():
                image.scroll_into_view_if_needed()
                page.screenshot(path=str(self.shots / f"{self.name}-figure.png"))
            return "\n".join(page.locator(".jp-NotebookPanel .jp-OutputArea-output").all_text_contents())

    def drawn_figures(self) -> int:
        return self.page.evaluate("() => [...document.querySelectorAll('.jp-OutputArea-output img')]"
                                  ".filter(i => i.complete && i.naturalWidth > 0).length")

    @contextlib.contextmanager
    def _screenshot_on_failure(self):
        try:
            yield
        except Exception:
            self.page.screenshot(path=str(self.shots / f"{self.name}-failed.png"))
            raise


def shut_down_kernels(lab) -> None:
    """Stop the kernels the notebooks started (each holds a torch import's worth of memory)."""
    url, token, _ = lab
    with urllib.request.urlopen(f"{url}/api/kernels?token={token}", timeout=30) as reply:
        kernels = json.load(reply)
    for kernel in kernels:
        request = urllib.request.Request(f"{url}/api/kernels/{kernel['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


def errors_in(notebook: Path) -> list[str]:
    saved = nbformat.read(notebook, as_version=4)
    return [f"{o.get('ename')}: {o.get('evalue')}" for cell in saved.cells if cell.cell_type == "code"
            for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def images_in(notebook: Path) -> int:
    saved = nbformat.read(notebook, as_version=4)
    return sum("image/png" in o.get("data", {}) for cell in saved.cells if cell.cell_type == "code"
               for o in cell.get("outputs", []))


#: Assignments driven in the browser: the first one, and the one that draws the most figures.
#: Every other released and solved notebook is run top to bottom in a Jupyter kernel by
#: tests/e2e/test_instructor_nbgrader.py, with the same self-check and figure assertions;
#: a browser run costs ~25 s per assignment on the 2-core CI machine.
BROWSER_ASSIGNMENTS = [aid for aid in ("a1", "a3") if aid in ASSIGNMENTS]


@pytest.mark.parametrize("aid", BROWSER_ASSIGNMENTS)
def test_does_the_released_notebook_run_in_jupyterlab(browser, jupyter_lab, artifacts, aid):
    _, _, folder = jupyter_lab
    files = COURSE.assignment(aid)
    notebook = files.spec.notebook
    shots = artifacts / "jupyterlab"
    shots.mkdir(exist_ok=True)
    released, solved = folder / aid, folder / f"{aid}-solved"
    shutil.copytree(files.release_dir, released)
    shutil.copytree(files.release_dir, solved)
    shutil.copy(ROOT / "examples" / aid / "solution.ipynb", solved / notebook)
    runs = {"released": NotebookRun(browser, jupyter_lab, f"{aid}/{notebook}", shots, f"{aid}-released"),
            "solved": NotebookRun(browser, jupyter_lab, f"{aid}-solved/{notebook}", shots, f"{aid}-solved")}
    try:
        texts = {kind: run.run() for kind, run in runs.items()}

        # 1. The release as students get it: stubs everywhere.
        assert errors_in(released / notebook) == [], "a cell of the released notebook failed"
        for task, public in self_checked_tasks(aid):
            assert f"Self-check {task}: 0 of {public} public checks passed" in texts["released"]
            assert re.search(rf"not implemented yet \(task {task}: ", texts["released"]), task

        # 2. Filled in: every public self-check passes, every figure is on the page.
        assert errors_in(solved / notebook) == [], "a cell of the solved notebook failed"
        for task, public in self_checked_tasks(aid):
            assert f"Self-check {task}: {public} of {public} public checks passed" in texts["solved"], task
        drawn = runs["solved"].drawn_figures()
        assert drawn == images_in(solved / notebook)
        if "plt." in files.notebook_template.read_text(encoding="utf-8"):
            assert drawn > 0, "the notebook plots, but no figure was drawn"
    finally:
        for run in runs.values():
            run.page.close()
        shut_down_kernels(jupyter_lab)

    # 3. The saved notebook is the submission: the grader gives it full marks.
    result = grade_submission(solved / notebook, course=COURSE)
    assert result.full_marks, {t.id: t.message for t in result.tests if t.status != "passed"}
