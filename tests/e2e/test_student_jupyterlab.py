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
import hashlib
import json
import os
import re
import shutil
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import function_sources, parse_template
from autograder.course import Course
from autograder.runner import grade_submission
from tests.conftest import ROOT
from tests.e2e.conftest import lab_server, run_tool

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


#: Where the student's install is kept between test sessions (see :func:`student_install`).
STUDENT_VENV_CACHE = Path(os.environ.get("AUTOGRADER_STUDENT_VENV_CACHE", Path.home() / ".cache" / "autograder-e2e"))


@pytest.fixture(scope="session")
def student_install(tmp_path_factory, artifacts) -> Path:
    """A virtualenv with the course package installed as docs/student.md says.

    The instructor's step builds the wheel from this checkout; the student's step is
    ``python -m venv .venv && .venv/bin/pip install 'autograder-….whl[student]'``. That takes
    minutes (JupyterLab, torch), so the venv is kept in ``STUDENT_VENV_CACHE`` under a key of
    the package's declared dependencies: a later session only reinstalls the wheel itself
    (``--no-deps``), so the code under test is always this checkout's. The time of a full
    install is written to ``test-artifacts/student-install.txt``.
    """
    wheels = tmp_path_factory.mktemp("wheel")
    run_tool([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
             cwd=ROOT)
    wheel = next(wheels.glob("autograder-*.whl"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = json.dumps([project["dependencies"], project["optional-dependencies"]["student"]])
    venv = STUDENT_VENV_CACHE / f"student-venv-{hashlib.sha256(declared.encode()).hexdigest()[:12]}"
    if not (venv / "bin" / "jupyter").exists():
        shutil.rmtree(venv, ignore_errors=True)
        started = time.monotonic()
        run_tool([sys.executable, "-m", "venv", str(venv)], cwd=wheels)
        run_tool([str(venv / "bin" / "pip"), "install", f"{wheel}[student]"], cwd=wheels, timeout=1800)
        (artifacts / "student-install.txt").write_text(
            f"python -m venv + pip install '{wheel.name}[student]': {time.monotonic() - started:.0f} s\n")
    else:
        run_tool([str(venv / "bin" / "pip"), "install", "--no-deps", "--force-reinstall", str(wheel)], cwd=wheels)
    return venv


def student_env(venv: Path) -> dict[str, str]:
    """What a student's shell has: their venv on PATH, nothing of this checkout (no PYTHONPATH, no course)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AUTOGRADER_COURSE", "VIRTUAL_ENV")}
    env["PATH"] = str(venv / "bin") + os.pathsep + env.get("PATH", "")
    return env


@pytest.fixture(scope="module")
def jupyter_lab(student_install, tmp_path_factory, artifacts):
    """JupyterLab from the student's install (not the course tools'), serving a fresh student folder."""
    assert not (student_install / "bin" / "nbgrader").exists(), "the student install must not bring nbgrader"
    with lab_server(str(student_install / "bin" / "jupyter"), tmp_path_factory.mktemp("lab"),
                    artifacts / "jupyter-lab.log", env=student_env(student_install)) as lab:
        yield lab


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


#: Assignments driven in the browser: the first one, the one that draws the most figures, a7 (its
#: self-checks drive objects by handle in the kernel) and a8 (written with the testkit, whose public
#: tests then run in the students' kernel).
#: Every other released and solved notebook is run top to bottom in a Jupyter kernel by
#: tests/e2e/test_instructor_nbgrader.py, with the same self-check and figure assertions;
#: a browser run costs ~25 s per assignment on the 2-core CI machine.
BROWSER_ASSIGNMENTS = [aid for aid in ("a1", "a3", "a7", "a8") if aid in ASSIGNMENTS]


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


#: A wrong gradient_norms a student might write: the squared norms (no square root).
SQUARED_NORMS = '''def gradient_norms(grad, path):
    T, k, d = path.shape
    G = grad(path.reshape(T * k, d))
    return (G ** 2).sum(axis=1).reshape(T, k)
'''


def fill_in(page, function: str, source: str) -> None:
    """Replace the code of the cell defining ``function`` in the browser, as a student types it."""
    cell = page.locator(".jp-NotebookPanel .jp-CodeCell", has_text=f"def {function}(").first
    cell.scroll_into_view_if_needed()
    cell.locator(".cm-content").click()
    # Typing only once the editor has the focus: in command mode, letters are commands (d d deletes cells).
    cell.locator(".cm-editor.cm-focused").wait_for(timeout=30_000)
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(source)  # as pasted: no auto-indentation on the way
    page.keyboard.press("Escape")  # back to command mode
    typed = cell.locator(".cm-content").inner_text()
    assert source.splitlines()[-1].strip() in typed, typed


def test_does_a_student_see_pass_fail_hint_and_progress(browser, jupyter_lab, artifacts):
    """The released a3 with one task done right and one wrong, run in the student's JupyterLab."""
    url, token, folder = jupyter_lab
    files = COURSE.assignment("a3")
    notebook = files.spec.notebook
    shutil.copytree(files.release_dir, folder / "a3-student")
    shots = artifacts / "jupyterlab"
    shots.mkdir(exist_ok=True)
    page = browser.new_page()
    try:
        opened = time.monotonic()
        page.goto(f"{url}/lab/workspaces/student/tree/a3-student/{notebook}?reset&token={token}")
        page.wait_for_selector(".jp-NotebookPanel .jp-CodeCell", timeout=OPEN_SECONDS * 1000)
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]"
            ".some(e => /^(?!No Kernel).+ \\| Idle$/.test(e.textContent.trim()))", timeout=OPEN_SECONDS * 1000)
        idle = time.monotonic()
        menus = page.locator(".lm-MenuBar-itemLabel").all_text_contents()
        assert "Nbgrader" not in menus, menus  # the student install has no instructor tools

        reference = function_sources(files.solution)
        fill_in(page, "gradient_descent", reference["gradient_descent"])
        fill_in(page, "gradient_norms", SQUARED_NORMS)
        page.screenshot(path=str(shots / "a3-student-typed.png"))
        run_all = time.monotonic()
        choose(page, "Run", "Run All Cells")
        page.wait_for_selector(".ag-check .ag-summary", timeout=RUN_SECONDS * 1000)
        first_check = time.monotonic()
        page.wait_for_function(
            "() => { const p = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell "
            ".jp-InputArea-prompt')]; return p.length > 0 && p.every(e => /\\[\\d+\\]/.test(e.textContent)); }",
            timeout=RUN_SECONDS * 1000)
        timings = {"open_to_kernel_idle_s": round(idle - opened, 1),
                   "run_all_to_first_check_result_s": round(first_check - run_all, 1),
                   "open_to_first_check_result_s": round(first_check - opened, 1)}
        (shots / "a3-student-timings.json").write_text(json.dumps(timings, indent=2) + "\n")
        print("student JupyterLab timings:", timings)

        # A pass for the task done right, in green.
        passed = page.locator(".ag-summary.ag-pass", has_text="Self-check gradient_descent: 1 of 1 public checks passed")
        assert passed.count() == 1
        # A fail for the wrong one, with the call, expected vs got and the grader's hint.
        failed = page.locator(".ag-check", has=page.locator(
            ".ag-summary.ag-fail", has_text="Self-check gradient_norms: 0 of 1 public checks passed"))
        assert failed.count() == 1
        text = failed.inner_text()
        assert "gradient_norms(grad, path)" in text and "expected:" in text and "got:" in text
        assert "largest error at index (1, 1)" in text
        hint = failed.locator(".ag-hint")
        assert "this is the squared norm: take the square root" in hint.inner_text()
        failed.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "a3-student-fail-with-hint.png"))
        # A task not done yet says so, in grey.
        assert page.locator(".ag-summary.ag-todo", has_text="Self-check momentum: 0 of 1").count() == 1
        # No "Out[n]: False" under a self-check: they display, they do not return a value.
        checked_cells = page.locator(".jp-CodeCell", has=page.locator(".ag-check"))
        assert checked_cells.count() == len(self_checked_tasks("a3")) + 1  # and the progress cell
        assert checked_cells.locator(".jp-OutputArea-executeResult").count() == 0

        # The progress table at the end: every task, one passing, one failing, the rest not started.
        progress = page.locator(".ag-progress")
        assert progress.count() == 1
        rows = progress.locator("tbody tr")
        assert rows.count() == len(files.spec.tasks)
        status = {rows.nth(i).locator("td").nth(0).inner_text(): rows.nth(i).locator("td").nth(3).inner_text()
                  for i in range(rows.count())}
        assert status.pop("gradient_descent").endswith("passed")
        assert status.pop("gradient_norms").endswith("failed")
        assert all(value.endswith("not started") for value in status.values()), status
        assert f"Progress: 1 of {len(files.spec.tasks)} tasks pass their public checks" in progress.inner_text()
        progress.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "a3-student-progress.png"))
        passed.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "a3-student-pass.png"))
    except Exception:
        page.screenshot(path=str(shots / "a3-student-failed.png"))
        raise
    finally:
        page.close()
        shut_down_kernels(jupyter_lab)
