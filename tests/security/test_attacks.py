"""Every file in attacks/ is a hostile a1 submission; each is graded once, in one batch, then judged.

Each attack file is a cell of student code that tries one thing (its first line
says what) and keeps whatever it obtained in ``LOOT``. The driver appends the
same last cell to every attack: it prints the loot, puts it into every
function's error message and into a cell error, and runs it as code if it
looks like the reference solution. So whatever an attack could read reaches
the reports, and whatever it could steal would earn points.

For every attack: the score is no higher than the same submission without the
attack (no forged points); no report (any format) holds a line of the hidden
material or the grader's secret environment variable or a classmate's code;
the grader and its zygote still work; a classmate's stored result is
untouched; no process of the child is left; nothing changed in the course,
the installed packages or the shared temporary folders; the scratch
directory is gone.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from autograder import batch
from autograder.course import Course
from autograder.reports import WRITERS
from autograder.runner import grade_submission
from autograder.sandbox import isolation, zygote

ROOT = Path(__file__).resolve().parents[2]
ATTACKS = sorted(p for p in (Path(__file__).parent / "attacks").glob("*.py"))
FUNCTIONS = ("f_numpy", "f_torch", "linear_model", "row_dot", "apply_linear")
LAST_CELL = f'''
# %%
_loot = str(globals().get("LOOT", ""))
print(_loot[:20000])
try:
    exec(_loot, globals())  # stolen reference code would define the functions here
except BaseException:
    pass
def _stub(name):
    def stub(*args, **kwargs):
        raise NotImplementedError(name + ": " + _loot[:3000])  # ends each test at once
    return stub
for _name in {FUNCTIONS!r}:
    if _name not in globals():
        globals()[_name] = _stub(_name)
raise RuntimeError(_loot[:3000])
'''
CANARY = "grader-secret-" + secrets.token_hex(8)
VICTIM_MARKER = "classmate-code-" + secrets.token_hex(8)


def secret_lines() -> set[str]:
    """Lines of the hidden material (reference solution, hidden tests) that no public file holds."""
    public = "".join(p.read_text(errors="replace") for p in [
        ROOT / "assignments/a1/notebook.py", ROOT / "assignments/a1/public_tests.py",
        *sorted((ROOT / "release/a1").rglob("*")), *sorted((ROOT / "autograder").rglob("*.py"))] if p.is_file())
    lines = set()
    for path in (ROOT / "solutions/a1/solution.py", ROOT / "solutions/a1/hidden_tests.py"):
        for line in path.read_text().splitlines():
            line = line.strip()
            if len(line) >= 24 and line not in public and not line.startswith("#"):
                lines.add(line)
    return lines


def _parent(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def _is_other_grader(pid: int) -> bool:
    """A zygote of another grader on this machine (its children are not this test's business)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            is_zygote = b"autograder.sandbox.zygote" in cmdline.read()
    except OSError:
        return False
    return is_zygote and pid != zygote.shared().pid


def sandbox_processes() -> list[int]:
    """Processes running as a sandbox uid that no other grader on the machine started (leftovers)."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            uid = os.stat(f"/proc/{entry}").st_uid
        except OSError:
            continue
        if entry.isdigit() and isolation.FIRST_UID <= uid < isolation.FIRST_UID + 100_000:
            ancestor = _parent(int(entry))
            while ancestor > 1 and not _is_other_grader(ancestor):
                ancestor = _parent(ancestor)
            if ancestor <= 1:
                found.append(int(entry))
    return found


def sandbox_owned(path: Path) -> bool:
    """Whether ``path`` belongs to a sandbox uid (other graders on the machine may come and go)."""
    try:
        return isolation.FIRST_UID <= path.lstat().st_uid < isolation.FIRST_UID + 100_000
    except OSError:
        return False


def world_state() -> dict[str, object]:
    """What an attack must not change: the course, the installed packages, shared temporary folders."""
    course = {}
    for base, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in (".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis")]
        for name in files:
            path = os.path.join(base, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            course[path] = (info.st_size, info.st_mtime_ns)
    import site
    packages = {base: sorted(os.listdir(base)) for base in site.getsitepackages() if os.path.isdir(base)}
    shared = []
    for folder in ("/tmp", "/dev/shm", "/var/tmp"):
        shared += [os.path.join(folder, name) for name in os.listdir(folder)
                   if not name.startswith("autograder-child-") and sandbox_owned(Path(folder, name))]
    scratch = sorted(os.listdir(tempfile.gettempdir()))  # this test's own (see the fixture)
    git = sorted(os.listdir(ROOT / ".git")) if (ROOT / ".git").is_dir() else []
    return {"course": course, "packages": packages, "shared": shared, "scratch": scratch, "git": git}


def differences(before: dict, after: dict) -> list[str]:
    found = []
    for key in before:
        if key == "course":
            changed = {p for p in set(before[key]) | set(after[key]) if before[key].get(p) != after[key].get(p)}
            found += [f"course file changed: {p}" for p in sorted(changed)]
        elif before[key] != after[key]:
            found.append(f"{key} changed: {before[key]} -> {after[key]}")
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the victim, a baseline, every attack and the victim again; record what each left behind."""
    work = tmp_path_factory.mktemp("attacks")
    course = Course(ROOT)
    out = work / "out"
    os.environ["AUTOGRADER_TEST_CANARY"] = CANARY
    previous_tempdir = tempfile.tempdir
    tempfile.tempdir = str(work / "scratch")  # children's scratch directories, apart from other graders'
    os.mkdir(tempfile.tempdir)
    victim_source = (ROOT / "solutions/a1/solution.py").read_text()
    jobs = {"victim": f"# {VICTIM_MARKER}\n{victim_source}", "baseline": "# nothing\n"}
    jobs.update({p.stem: p.read_text() for p in ATTACKS})
    record: dict[str, dict] = {}
    try:
        for name, source in jobs.items():
            path = work / "submissions" / name / "a1.py"
            path.parent.mkdir(parents=True)
            path.write_text(source + LAST_CELL)
            job = batch.Job(name, "a1", path)
            before = world_state()
            started = time.monotonic()
            # The public tests carry any loot into the report just as well as the hidden ones, in a
            # fraction of the time; the victim's result is stored where a batch stores it.
            result = grade_submission(path, course=course, assignment="a1", visibilities=("public",),
                                      student=name)
            if name == "victim":
                batch.write_atomic(batch.result_path(out, job), result.to_json())
            print(f"{name}: {time.monotonic() - started:.1f} s, score {result.score:g}")
            record[name] = {"result": result, "left_running": sandbox_processes(),
                            "changes": differences(before, world_state()),
                            "reports": {fmt: writer(result) for fmt, writer in WRITERS.items()}}
            if name == "victim":
                victim_file = batch.result_path(out, job)
                record["victim"]["stored"] = victim_file.read_bytes()
        record["victim_after"] = {"stored_now": victim_file.read_bytes(),
                                  "regraded": grade_submission(work / "submissions/victim/a1.py", course=course,
                                                               assignment="a1", visibilities=("public",))}
    finally:
        os.environ.pop("AUTOGRADER_TEST_CANARY", None)
        tempfile.tempdir = previous_tempdir
        shutil.rmtree(work / "submissions", ignore_errors=True)
    return record


def test_there_are_enough_attacks():
    assert len(ATTACKS) >= 40


def test_is_the_victim_graded_right_before_and_after_the_attacks(graded):
    victim = graded["victim"]["result"]
    assert victim.full_marks, victim.to_json()
    assert graded["victim_after"]["stored_now"] == graded["victim"]["stored"]
    assert graded["victim_after"]["regraded"].score == victim.score
    assert zygote.shared().usable()


@pytest.mark.parametrize("attack", [p.stem for p in ATTACKS])
def test_attack_is_contained(graded, attack):
    entry = graded[attack]
    result = entry["result"]
    baseline = graded["baseline"]["result"]
    assert result.tests, "the attack was not graded"
    assert not result.error or "sandbox" not in result.error, result.error
    assert result.score <= baseline.score, f"forged points: {result.score} > {baseline.score}"
    everything = "\n".join(entry["reports"].values())
    leaked = [line for line in secret_lines() if line in everything]
    assert not leaked, f"hidden material in the report: {leaked[:3]}"
    assert CANARY not in everything, "the grader's environment reached the report"
    assert VICTIM_MARKER not in everything, "a classmate's submission reached the report"
    assert not entry["left_running"], f"processes left running: {entry['left_running']}"
    assert not entry["changes"], entry["changes"]
    assert "\x1b" not in everything and "\x00" not in everything
    ET.fromstring(entry["reports"]["junit"])  # still well-formed XML
    json.loads(entry["reports"]["gradescope"])
    assert result.sandbox == "strict"
