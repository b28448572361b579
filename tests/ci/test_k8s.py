"""Are the Kubernetes manifests valid Jobs (the Job schema of kubernetes-validate), and do their
commands grade every shard exactly once and merge them all?"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from autograder.cli import _parser
from tests.conftest import ROOT

K8S = ROOT / "examples" / "k8s"
VALIDATE = Path(sys.prefix) / "bin" / "kubernetes-validate"


def test_do_the_manifests_validate_against_the_job_schema():
    done = subprocess.run([str(VALIDATE), "--strict", *map(str, sorted(K8S.glob("*.yaml")))],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("passed for resource job/") + done.stderr.count("passed for resource job/") == 2


def test_would_the_schema_check_reject_a_misspelt_field(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text((K8S / "grade-a1.yaml").read_text().replace("completionMode:", "completionMod:"))
    done = subprocess.run([str(VALIDATE), "--strict", str(broken)], capture_output=True, text=True, timeout=300)
    assert done.returncode != 0 and "completionMod" in done.stdout + done.stderr


def shell_argv(command: str, index: int) -> list[str]:
    """The arguments `autograder` gets when the pod's shell runs ``command`` with this completion index."""
    done = subprocess.run(["sh", "-c", 'autograder() { printf "%s\\n" "$@"; }; ' + command],
                          env={"JOB_COMPLETION_INDEX": str(index), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def test_does_every_index_grade_its_own_shard_and_the_merge_take_them_all():
    job = yaml.safe_load((K8S / "grade-a1.yaml").read_text())
    merge = yaml.safe_load((K8S / "merge-a1.yaml").read_text())
    spec = job["spec"]
    assert spec["completionMode"] == "Indexed" and spec["template"]["spec"]["restartPolicy"] == "Never"
    count = spec["completions"]
    container = spec["template"]["spec"]["containers"][0]
    assert container["command"] == ["sh", "-c"]
    outs = []
    for index in range(count):
        argv = shell_argv(container["args"][0], index)
        args = _parser().parse_args(argv)
        assert args.command == "grade" and args.shard == f"{index + 1}/{count}"
        outs.append(str(args.out))
    merge_argv = merge["spec"]["template"]["spec"]["containers"][0]["command"]
    assert merge_argv[0] == "autograder"
    merged = _parser().parse_args(merge_argv[1:])
    assert merged.command == "merge" and [str(p) for p in merged.shards] == outs
