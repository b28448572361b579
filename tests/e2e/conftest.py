"""What the end-to-end tests need: the course tools, a browser, a JupyterLab server.

The tools are the ones a user runs: the ``nbgrader`` and ``jupyter`` commands installed
next to this Python (``pip install -e '.[test]'`` installs them), and Debian's
``chromium``, which :func:`chromium` installs with apt-get when it is missing, so a
fresh machine needs nothing done by hand.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: Debian's Chromium, driven by Playwright (never `playwright install`).
CHROMIUM = Path("/usr/bin/chromium")

#: Where screenshots and other artifacts of the end-to-end tests go (git-ignored).
ARTIFACTS = ROOT / "test-artifacts"


def tool(name: str) -> str:
    """A command installed next to this interpreter (the project's virtualenv)."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.fail(f"{name} is not installed in {path.parent}: pip install -e '.[test]'")
    return str(path)


def tool_env(**extra: str) -> dict[str, str]:
    """The environment for those commands: the virtualenv first on PATH (nbgrader runs
    `alembic` from PATH), no course override, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k != "AUTOGRADER_COURSE"}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.update(extra)
    return env


def run_tool(args: list[str], *, cwd: Path, timeout: float = 600, **extra_env: str) -> subprocess.CompletedProcess:
    """Run a command as a user would type it; fail the test with its output if it fails."""
    done = subprocess.run(args, cwd=cwd, env=tool_env(**extra_env), capture_output=True, text=True,
                          timeout=timeout)
    if done.returncode != 0:
        first = done.stderr.find("Traceback")  # the first error explains the rest
        head = done.stderr[max(first, 0):][:4000] if first >= 0 else ""
        pytest.fail(f"{' '.join(args)} exited with {done.returncode}:\n{done.stdout[-4000:]}\n{head}\n...\n"
                    f"{done.stderr[-4000:]}")
    return done


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's chromium, installed with apt-get (as root) when it is missing."""
    if not CHROMIUM.exists():
        apt = shutil.which("apt-get")
        if apt is None or os.geteuid() != 0:
            pytest.fail(f"{CHROMIUM} is missing and cannot be installed here: run as root on Debian, "
                        "or install it with: apt-get update && apt-get install -y chromium")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for command in ([apt, "update"], [apt, "install", "-y", "chromium"]):
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1200)
            if done.returncode != 0:
                pytest.fail(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return CHROMIUM


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """A fresh directory for this run's artifacts; its path is printed in the test summary."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    _artifacts_used.append(True)
    return ARTIFACTS


_artifacts_used: list[bool] = []


def pytest_terminal_summary(terminalreporter) -> None:
    if _artifacts_used and any(ARTIFACTS.iterdir()):
        terminalreporter.write_line(f"end-to-end test artifacts (screenshots): {ARTIFACTS}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


#: JupyterLab user settings for the tests: every cell in the page (no virtual
#: scrolling, so all outputs can be read) and no pop-up about news.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                       "checkForUpdates": False},
}


@pytest.fixture(scope="module")
def jupyter_lab(tmp_path_factory: pytest.TempPathFactory, artifacts: Path):
    """A JupyterLab server on localhost, serving a fresh student folder; yields (url, token, folder).

    Its log goes to the artifacts, as ``jupyter-lab.log``.
    """
    with lab_server(tool("jupyter"), tmp_path_factory.mktemp("lab"), artifacts / "jupyter-lab.log") as lab:
        yield lab


@contextlib.contextmanager
def lab_server(jupyter: str, home: Path, log_path: Path, env: dict[str, str] | None = None):
    """Run ``jupyter lab`` (the given command) on localhost over ``home/student``; yields (url, token, folder).

    ``env`` replaces :func:`tool_env` (the student's browser test runs the student's own install).
    """
    folder = home / "student"
    folder.mkdir()
    settings = home / "settings"
    for name, values in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    token, port = secrets.token_hex(16), _free_port()
    log = log_path.open("w")
    dirs = {"JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "IPYTHONDIR": str(home / "ipython")}
    server = subprocess.Popen(
        [jupyter, "lab", "--no-browser", "--ServerApp.allow_root=True", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={folder}", f"--LabApp.user_settings_dir={settings}",
         f"--LabApp.workspaces_dir={home / 'workspaces'}"],
        cwd=folder, stdout=log, stderr=subprocess.STDOUT,
        env={**env, **dirs} if env is not None else tool_env(**dirs))
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("jupyter lab did not start:\n" + log_path.read_text()[-4000:])
            time.sleep(0.5)
        yield url, token, folder
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
