"""Fail closed: a missing sandbox layer stops grading unless --sandbox=weak, which every report shows.

A missing layer is simulated with AUTOGRADER_SANDBOX_SIMULATE_MISSING: the
child skips the layer and reports it missing, as on a kernel without it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from autograder.reports import WRITERS
from autograder.results import GradingResult
from autograder.sandbox import layers

ROOT = Path(__file__).resolve().parents[2]
SUBMISSION = ROOT / "solutions" / "a1" / "solution.py"


def grade(*flags: str, simulate: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop(layers.MODE_VARIABLE, None)
    if simulate:
        env[layers.SIMULATE_VARIABLE] = simulate
    return subprocess.run([sys.executable, "-m", "autograder.cli", "check", str(SUBMISSION), "-a", "a1",
                           "--course", str(ROOT), "--format", "json", "--sandbox=strict", *flags],
                          capture_output=True, text=True, env=env, timeout=600)


def test_does_the_grader_refuse_when_landlock_is_missing():
    run = grade(simulate="landlock-fs")
    assert run.returncode == 2, run.stderr
    assert "refusing to grade" in run.stderr and "landlock-fs" in run.stderr
    assert "CONFIG_SECURITY_LANDLOCK" in run.stderr  # how to enable it
    assert run.stdout == ""


def test_does_the_grader_refuse_when_user_namespaces_are_missing():
    run = grade(simulate="user-namespace")
    assert run.returncode == 2 and "user-namespace" in run.stderr and "max_user_namespaces" in run.stderr


def test_is_weak_mode_stamped_on_every_report():
    run = grade("--sandbox=weak", simulate="landlock-fs,seccomp")
    assert run.returncode == 0, run.stderr
    result = GradingResult.from_dict(json.loads(run.stdout))
    assert result.sandbox == "weak (missing: landlock-fs, landlock-net, landlock-scope, seccomp)"
    assert result.full_marks  # the reference solution still gets its score
    for fmt, writer in WRITERS.items():
        assert "weak" in writer(result), fmt
    properties = {p.get("name"): p.get("value") for p in ET.fromstring(WRITERS["junit"](result)).iter("property")}
    assert properties["sandbox"].startswith("weak")


def test_is_a_full_sandbox_stamped_strict():
    run = grade()
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["sandbox"] == "strict"


def test_does_the_refusal_name_every_missing_layer_and_its_remedy():
    error = layers.SandboxUnavailable({"seccomp": "no libseccomp", "landlock-net": "ABI 3"})
    assert "seccomp: no libseccomp" in str(error) and "libseccomp2" in str(error)
    assert "landlock-net: ABI 3" in str(error) and "--sandbox=weak" in str(error)
    import pickle

    assert pickle.loads(pickle.dumps(error)).missing == error.missing  # crosses from batch workers


def test_is_an_unknown_mode_refused():
    with pytest.raises(ValueError):
        layers.set_mode("off")


def test_does_check_default_to_the_weak_sandbox():
    """A self-check records no grade and runs on students' machines without root, so `check`
    grades in whatever sandbox the machine allows, and says so."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), **{layers.SIMULATE_VARIABLE: "user-namespace"})
    env.pop(layers.MODE_VARIABLE, None)
    run = subprocess.run([sys.executable, "-m", "autograder.cli", "check", str(SUBMISSION), "-a", "a1",
                          "--course", str(ROOT), "--format", "json"], capture_output=True, text=True, env=env,
                         timeout=600)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["sandbox"].startswith("weak (missing: ")
