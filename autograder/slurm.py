"""Grading a class on a Slurm cluster: a job array over shards and a dependent merge job.

``autograder slurm submit`` writes two batch scripts and a plan under ``OUT/slurm/`` and
submits them:

- a job array ``--array=1-N`` whose task *i* runs ``autograder grade ... --shard i/N
  --out OUT/shard-i`` on a node (the normal CLI, so every submission goes through the
  sandbox) and, only when that command succeeded, writes ``OUT/slurm/done-i``;
- a merge job with ``--dependency=afterok:<array>`` that runs ``autograder merge`` into
  ``OUT/grades/`` once every task succeeded (``--kill-on-invalid-dep=yes``: if a task
  fails, the merge is cancelled instead of waiting for ever).

The array is submitted with ``--requeue``, so Slurm itself runs a task again when its node
fails. A task that failed for another reason (killed, cancelled, out of time) is re-run by
``autograder slurm resume OUT``: it submits only the shards without a ``done-i`` marker and
a new merge job. Because batch grading skips every submission whose result is already
stored, a re-run shard grades only what the failed task had not finished: nothing is graded
twice. The cluster must share ``OUT`` and the submissions between the login and compute
nodes (the usual home or project file system).
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

PLAN = "plan.json"


class SlurmError(RuntimeError):
    """sbatch/squeue refused or failed (the message says what Slurm said)."""


@dataclass
class Plan:
    """Everything needed to submit (and re-submit) the shards of one class."""

    out: str
    submissions: list[str]
    shards: int
    assignment: str | None = None
    course: str | None = None
    cpus_per_task: int = 1
    jobs: int | None = None  # grading workers per task (default: cpus_per_task)
    sbatch_args: list[str] = field(default_factory=list)
    autograder: list[str] = field(default_factory=lambda: [sys.executable, "-m", "autograder.cli"])
    submitted: list[dict] = field(default_factory=list)  # one entry per submission round

    @property
    def folder(self) -> Path:
        return Path(self.out) / "slurm"

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / PLAN).write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, out: Path) -> "Plan":
        path = Path(out) / "slurm" / PLAN
        try:
            return cls(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError) as exc:
            raise SlurmError(f"no Slurm plan at {path} (run `autograder slurm submit` first): {exc}") from None

    def shard_dir(self, index: int) -> Path:
        return Path(self.out) / f"shard-{index}"

    def done_marker(self, index: int) -> Path:
        return self.folder / f"done-{index}"

    def unfinished(self) -> list[int]:
        return [i for i in range(1, self.shards + 1) if not self.done_marker(i).exists()]


def _grade_command(plan: Plan) -> str:
    command = [*plan.autograder, "grade", *plan.submissions, "--jobs", str(plan.jobs or plan.cpus_per_task)]
    if plan.assignment:
        command += ["--assignment", plan.assignment]
    if plan.course:
        command += ["--course", plan.course]
    return shlex.join(command)


def shard_script(plan: Plan) -> str:
    """The array task: grade shard $SLURM_ARRAY_TASK_ID, then mark it done."""
    out = shlex.quote(str(Path(plan.out)))
    return f"""#!/usr/bin/env bash
# One shard of the class (written by `autograder slurm submit`). Slurm sets SLURM_ARRAY_TASK_ID.
set -euo pipefail
i="$SLURM_ARRAY_TASK_ID"
rm -f {out}/slurm/done-"$i"
{_grade_command(plan)} --shard "$i/{plan.shards}" --out {out}/shard-"$i"
echo "$SLURM_JOB_ID" > {out}/slurm/done-"$i"
"""


def merge_script(plan: Plan) -> str:
    """The merge job: refuse unless every shard is done, then merge all shards."""
    out = shlex.quote(str(Path(plan.out)))
    shards = " ".join(f"{out}/shard-{i}" for i in range(1, plan.shards + 1))
    markers = " ".join(f"{out}/slurm/done-{i}" for i in range(1, plan.shards + 1))
    return f"""#!/usr/bin/env bash
# Merge the shards into one gradebook (written by `autograder slurm submit`).
set -euo pipefail
for marker in {markers}; do
  if [ ! -f "$marker" ]; then echo "shard not finished: $marker (run: autograder slurm resume {out})" >&2; exit 1; fi
done
{shlex.join([*plan.autograder, "merge"])} {shards} --out {out}/grades
"""


def _sbatch(arguments: list[str], script: Path) -> str:
    done = subprocess.run(["sbatch", "--parsable", *arguments, str(script)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SlurmError(f"sbatch failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout.strip().split(";")[0]


def _submit_round(plan: Plan, shards: list[int]) -> dict:
    folder = plan.folder
    for name, text in (("shard.sh", shard_script(plan)), ("merge.sh", merge_script(plan))):
        (folder / name).write_text(text, encoding="utf-8")
        (folder / name).chmod(0o755)
    name = f"autograder-{plan.assignment or 'class'}"
    array = _sbatch([f"--array={','.join(map(str, shards))}", "--requeue", "--open-mode=append",
                     f"--cpus-per-task={plan.cpus_per_task}", f"--job-name={name}-shards",
                     f"--output={folder}/shard-%a.log", *plan.sbatch_args], folder / "shard.sh")
    merge = _sbatch([f"--dependency=afterok:{array}", "--kill-on-invalid-dep=yes", "--open-mode=append",
                     f"--job-name={name}-merge", f"--output={folder}/merge.log", *plan.sbatch_args],
                    folder / "merge.sh")
    entry = {"array": array, "shards": shards, "merge": merge}
    plan.submitted.append(entry)
    plan.save()
    return entry


def submit(plan: Plan) -> dict:
    """Submit the whole class: the array over all shards and the merge job."""
    if plan.shards < 1:
        raise SlurmError("--shards must be at least 1")
    plan.out = str(Path(plan.out).resolve())
    plan.submissions = [str(Path(p).resolve()) for p in plan.submissions]
    plan.course = str(Path(plan.course).resolve()) if plan.course else None
    plan.folder.mkdir(parents=True, exist_ok=True)
    for index in range(1, plan.shards + 1):
        plan.done_marker(index).unlink(missing_ok=True)
    return _submit_round(plan, list(range(1, plan.shards + 1)))


def queued(job_ids: list[str]) -> list[str]:
    """The jobs (and array tasks) among ``job_ids`` that Slurm still has pending or running."""
    if not job_ids:
        return []
    done = subprocess.run(["squeue", "--noheader", "--format=%i %T", f"--jobs={','.join(job_ids)}"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        if "Invalid job id" in done.stderr:
            return []  # every job has already left the controller's memory
        raise SlurmError(f"squeue failed: {done.stderr.strip()}")
    return [line.split()[0] for line in done.stdout.splitlines() if line.strip()]


def resume(out: Path) -> dict | None:
    """Submit again the shards that did not finish, and a new merge; None when nothing is left to do."""
    plan = Plan.load(out)
    last = plan.submitted[-1] if plan.submitted else None
    if last:
        still = queued([job for job in (last["array"],) if job])
        if still:
            raise SlurmError(f"shards of job {last['array']} are still queued or running ({', '.join(still)}); "
                             "wait for them (or scancel them) before resuming")
        subprocess.run(["scancel", last["merge"]], capture_output=True)  # the old merge can never run now
    missing = plan.unfinished()
    if not missing:
        if not (Path(plan.out) / "grades" / "gradebook.csv").exists():
            return _submit_merge_only(plan)
        return None
    return _submit_round(plan, missing)


def _submit_merge_only(plan: Plan) -> dict:
    merge = _sbatch([f"--job-name=autograder-{plan.assignment or 'class'}-merge", "--open-mode=append",
                     f"--output={plan.folder}/merge.log", *plan.sbatch_args], plan.folder / "merge.sh")
    entry = {"array": None, "shards": [], "merge": merge}
    plan.submitted.append(entry)
    plan.save()
    return entry


def wait(out: Path, poll: float = 2.0, timeout: float | None = None) -> list[int]:
    """Wait until the last round left the queue; returns the shards still unfinished (empty: complete)."""
    plan = Plan.load(out)
    last = plan.submitted[-1]
    ids = [i for i in (last["array"], last["merge"]) if i]
    started = time.monotonic()
    while queued(ids):
        if timeout is not None and time.monotonic() - started > timeout:
            raise SlurmError(f"jobs {', '.join(ids)} still queued after {timeout:.0f} s")
        time.sleep(poll)
    return plan.unfinished()


# ------------------------------------------------------------------ command line


def add_parser(commands) -> None:
    """``autograder slurm submit|resume|wait`` (registered by autograder.cli)."""
    slurm = commands.add_parser("slurm", help="grade a class on a Slurm cluster: a job array over shards "
                                              "and a dependent merge job",
                                description=__doc__.split("\n\n")[0])
    verbs = slurm.add_subparsers(dest="slurm_command", required=True, metavar="VERB")
    go = verbs.add_parser("submit", help="submit the shards and the merge job")
    go.add_argument("submissions", nargs="+", type=Path, metavar="SUBMISSION",
                    help="what `autograder grade` would take: files or folders (on a shared file system)")
    go.add_argument("--out", type=Path, required=True, metavar="DIR",
                    help="output folder: shard-i/, grades/ (the merged gradebook), slurm/ (scripts, logs)")
    go.add_argument("--shards", type=int, required=True, metavar="N", help="array tasks")
    go.add_argument("--assignment", "-a")
    go.add_argument("--course", type=Path)
    go.add_argument("--cpus-per-task", type=int, default=1, metavar="N", help="CPUs Slurm gives each task")
    go.add_argument("--jobs", "-j", type=int, metavar="N", help="grading workers per task (default: its CPUs)")
    go.add_argument("--sbatch-arg", action="append", default=[], metavar="ARG",
                    help="passed to sbatch for both jobs, e.g. --sbatch-arg=--partition=short (repeatable)")
    again = verbs.add_parser("resume", help="re-submit the shards that did not finish, and a new merge job")
    again.add_argument("out", type=Path, metavar="DIR")
    hold = verbs.add_parser("wait", help="wait for the last submission; exit 1 if shards are unfinished")
    hold.add_argument("out", type=Path, metavar="DIR")
    hold.add_argument("--poll", type=float, default=5.0, metavar="SECONDS")


def main(args) -> int:
    try:
        if args.slurm_command == "submit":
            plan = Plan(out=str(args.out), submissions=[str(p) for p in args.submissions], shards=args.shards,
                        assignment=args.assignment, course=str(args.course) if args.course else None,
                        cpus_per_task=args.cpus_per_task, jobs=args.jobs, sbatch_args=args.sbatch_arg)
            entry = submit(plan)
        elif args.slurm_command == "resume":
            entry = resume(args.out)
            if entry is None:
                print(f"nothing to resume: every shard is done and {args.out / 'grades' / 'gradebook.csv'} exists")
                return 0
        else:
            missing = wait(args.out, poll=args.poll)
            if missing:
                print(f"unfinished shards: {', '.join(map(str, missing))}; run `autograder slurm resume {args.out}`")
                return 1
            print(f"complete: {args.out / 'grades' / 'gradebook.csv'}")
            return 0
    except (SlurmError, OSError) as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2
    shards = ",".join(map(str, entry["shards"])) or "none"
    print(f"submitted array job {entry['array']} (shards {shards}) and merge job {entry['merge']}")
    return 0
