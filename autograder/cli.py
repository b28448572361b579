"""Command line: parses arguments and forwards to the runner. No grading logic here.

Exit codes (``autograder grade`` and ``autograder check``):

    0  every submission was graded (whatever the scores; an unreadable
       submission is graded too: score 0 and a reason)
    1  with --strict: at least one submission did not get full marks
    2  usage error: bad arguments, unknown assignment, missing file
    3  internal error in the grader itself
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_GRADED, EXIT_LOST_POINTS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
_EXIT_CODES = "Exit codes: 0 graded, 1 points lost (with --strict), 2 usage error, 3 internal error."


def _parser() -> argparse.ArgumentParser:
    from autograder.reports import WRITERS

    parser = argparse.ArgumentParser(
        prog="autograder",
        description="Grade notebooks of the differentiable-programming course.",
        epilog=_EXIT_CODES,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text in (("grade", "grade submissions with the public and hidden tests"),
                            ("check", "run only the public tests (what students run themselves)")):
        command = commands.add_parser(name, help=help_text, description=help_text.capitalize() + ".",
                                      epilog=_EXIT_CODES)
        command.add_argument("submissions", nargs="+", type=Path, metavar="SUBMISSION",
                             help="a .ipynb notebook or .py file, or a folder of them (flat, or nbgrader's "
                                  "submitted/<student>/<assignment>/ layout); several may be given")
        command.add_argument("--assignment", "-a", help="assignment id (default: from the notebook's "
                                                        "metadata, folder or file name)")
        command.add_argument("--course", type=Path, help="course directory (default: $AUTOGRADER_COURSE, "
                                                         "the current directory, or this checkout; `check` "
                                                         "first looks for the released spec.toml and "
                                                         "public_tests.py next to the notebook)")
        command.add_argument("--format", choices=sorted(WRITERS), default="text",
                             help="what to print on stdout for single files (default: text)")
        command.add_argument("--report", type=Path, metavar="PATH",
                             help="also write the JSON report here (one submission only)")
        command.add_argument("--strict", action="store_true",
                             help="exit with status 1 unless every submission gets full marks")
        command.add_argument("--sandbox", choices=("strict", "weak"),
                             help="strict: refuse to grade unless every layer of the sandbox is available on "
                                  "this machine (needs root, user namespaces and Landlock); weak: grade anyway, "
                                  "and say so in every report. Default: strict for grade; weak for check, which "
                                  "records no grade and runs on students' own machines")
        batch = command.add_argument_group(
            "batch grading", "Used when --out is given or a SUBMISSION is a folder: writes "
            "OUT/results/<student>/<assignment>.json, OUT/feedback/<student>/<assignment>.{md,html} and "
            "OUT/gradebook.csv, and resumes an interrupted run without regrading finished submissions.")
        batch.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: grades/)")
        batch.add_argument("--jobs", "-j", type=int, metavar="N",
                           help="worker processes (default: one per core)")
        batch.add_argument("--shard", metavar="I/N", help="grade only the I-th of N deterministic shares "
                                                          "(combine the outputs with `autograder merge`)")
        batch.add_argument("--regrade", action="store_true",
                           help="grade again the results made by other tests (after the tests changed)")
    merge = commands.add_parser(
        "merge", help="combine the outputs of sharded batch runs into one gradebook",
        description="Combine OUT folders of `autograder grade --shard i/n` runs: copies every result into "
                    "--out and writes its feedback files and gradebook.", epilog=_EXIT_CODES)
    merge.add_argument("shards", nargs="+", type=Path, metavar="SHARD_DIR")
    merge.add_argument("--out", type=Path, required=True, metavar="DIR")
    report = commands.add_parser(
        "report", help="render a saved JSON report in another format, and apply a pass/fail policy",
        description="Render a JSON report written by `autograder grade --report` (no grading happens).",
        epilog="Policies: 'graded' (exit 0 whenever the report exists), 'full-marks' (exit 1 unless the score "
               "is the maximum), 'min-score=N' (exit 1 if the score is below N). " + _EXIT_CODES)
    report.add_argument("report", type=Path, metavar="REPORT_JSON")
    report.add_argument("--format", choices=sorted(WRITERS), default="text")
    report.add_argument("--policy", default="graded", metavar="POLICY",
                        help="graded (default), full-marks or min-score=N")
    bundle = commands.add_parser(
        "bundle", help="package what the grader needs for one assignment (Gradescope, instructor machines)",
        description="Zip the autograder package with one assignment's spec, tests and reference solution, "
                    "for a machine the instructor controls (it holds the hidden tests: never give it to "
                    "students or their CI), or, with --gradescope, as a Gradescope autograder (setup.sh and "
                    "run_autograder at the top).", epilog=_EXIT_CODES)
    bundle.add_argument("assignment", metavar="ASSIGNMENT")
    bundle.add_argument("--gradescope", action="store_true", help="Gradescope's layout")
    bundle.add_argument("--out", type=Path, metavar="ZIP",
                        help="where to write it (default: autograder-<id>.zip or gradescope-<id>.zip)")
    bundle.add_argument("--course", type=Path, help="course directory")
    release = commands.add_parser(
        "release", help="regenerate the nbgrader source notebooks, release/ and examples/ from the sources",
        description="Regenerate, from assignments/*/notebook.py, solutions/*/solution.py and the specs: "
                    "the nbgrader source notebooks in assignments/, the student release in release/ "
                    "(written by nbgrader's generate_assignment) and the example submissions in examples/.",
        epilog="Exit codes: 0 up to date (or written), 1 stale files found with --check, 2 usage error.")
    release.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="assignment ids (default: all)")
    release.add_argument("--course", type=Path, help="course directory")
    release.add_argument("--check", action="store_true", help="only report stale files; write nothing")
    from autograder import slurm
    from autograder.ci import cli as ci_cli

    slurm.add_parser(commands)
    ci_cli.add_parser(commands)
    return parser


def _release(args: argparse.Namespace) -> int:
    from autograder import authoring
    from autograder.course import Course
    from autograder.nbgrader_release import NbgraderUnavailable
    from autograder.spec import SpecError

    course = Course.locate(args.course)
    try:
        if args.check:
            stale = authoring.stale_files(course, args.assignments or None)
            for path in stale:
                print(f"stale: {path.relative_to(course.root)}")
            return 1 if stale else 0
        for path in authoring.write_generated(course, args.assignments or None):
            print(f"{'wrote' if path.exists() else 'removed'} {path.relative_to(course.root)}")
    except (NbgraderUnavailable, SpecError) as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def _print_summary(results: list, summary=None) -> None:
    width = max([len(r.student or r.submission) for r in results] + [7])
    print(f"{'student':<{width}}  assignment  {'score':>11}  status")
    for r in results:
        status = "unreadable" if r.error else ("full marks" if r.full_marks else "points lost")
        print(f"{r.student or r.submission:<{width}}  {r.assignment:<10}  "
              f"{f'{r.score:g} / {r.max_score:g}':>11}  {status}")
    line = f"{len(results)} results, {sum(r.full_marks for r in results)} with full marks"
    if summary is not None:
        line += f"; graded now {len(summary.graded)}, already graded {len(summary.skipped)}"
        if summary.stale:
            line += (f", {len(summary.stale)} graded by older tests (kept; pass --regrade to grade them "
                     "again)")
    print(line + ".")


def _batch(args: argparse.Namespace, course) -> int:
    from autograder import batch
    from autograder.progress import progress_for

    if args.command != "grade":
        print("autograder: batch grading runs every test; use `autograder grade`", file=sys.stderr)
        return EXIT_USAGE
    found = batch.discover(args.submissions, course, args.assignment)
    if found.skipped:
        print(found.skipped_summary(), file=sys.stderr)
    jobs = batch.shard(found.jobs, *batch.parse_shard(args.shard)) if args.shard else found.jobs
    out = args.out or Path("grades")
    try:
        summary = batch.grade_batch(jobs, course=course, out=out, workers=args.jobs, regrade=args.regrade,
                                    progress=progress_for(sys.stderr))
    except batch.BatchInterrupted as stopped:
        print(f"\nautograder: interrupted; workers stopped. {len(stopped.summary.graded)} submissions graded "
              f"in this run are saved under {out / 'results'}; run the same command to resume (finished "
              "submissions are not graded again).", file=sys.stderr)
        return 130
    _print_summary(summary.results, summary)
    print(f"wrote {out / 'gradebook.csv'} (every result in {out}), results/ and feedback/ under {out}")
    return EXIT_LOST_POINTS if args.strict and not all(r.full_marks for r in summary.results) else EXIT_GRADED


def _merge(args: argparse.Namespace) -> int:
    from autograder.batch import merge_shards

    results = merge_shards(args.shards, out=args.out)
    _print_summary(results)
    print(f"wrote {args.out / 'gradebook.csv'}")
    return EXIT_GRADED


def _bundle(args: argparse.Namespace) -> int:
    from autograder.bundle import write_bundle
    from autograder.course import Course, UnknownAssignment

    try:
        course = Course.locate(args.course)
        course.assignment(args.assignment)
    except UnknownAssignment as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return EXIT_USAGE
    kind = "gradescope" if args.gradescope else "autograder"
    out = write_bundle(course, args.assignment, args.out or Path(f"{kind}-{args.assignment}.zip"),
                       gradescope=args.gradescope)
    print(f"wrote {out}")
    return EXIT_GRADED


def _report(args: argparse.Namespace) -> int:
    import json

    from autograder.ci.policy import parse_policy
    from autograder.reports import WRITERS
    from autograder.results import GradingResult

    try:
        policy = parse_policy(args.policy)
        result = GradingResult.from_dict(json.loads(args.report.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(WRITERS[args.format](result))
    return EXIT_GRADED if policy(result) else EXIT_LOST_POINTS


def _write_results(args: argparse.Namespace, course, results: list) -> None:
    from autograder.reports import WRITERS
    from autograder.reports.text import render_written_note
    from autograder.runner import written_answers

    if args.format == "json" and len(results) > 1:
        sys.stdout.write("[\n" + ",\n".join(r.to_json(indent=2) for r in results) + "\n]\n")
    else:
        for result in results:
            sys.stdout.write(WRITERS[args.format](result))
            if args.format == "text":
                sys.stdout.write(render_written_note(written_answers(course, result.assignment)))
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(WRITERS["json"](results[0]), encoding="utf-8")
    if len(results) > 1 and args.format == "text":
        _print_summary(results)


def _grade(args: argparse.Namespace) -> int:
    """``grade`` and ``check``: the same command, with every test or only the public ones."""
    from autograder.sandbox import layers

    # In the environment, so batch workers inherit it. A self-check records no grade, so on a
    # student's laptop (no root) it runs in whatever sandbox the machine allows.
    layers.set_mode(args.sandbox or ("strict" if args.command == "grade" else "weak"))
    if not (args.out or args.shard or any(p.is_dir() for p in args.submissions)):
        from autograder.sandbox.process import warm_up

        warm_up()  # graded in this process: the zygote warms up while this process imports the grader

    from autograder.batch import grade_files
    from autograder.course import Course, UnknownAssignment
    from autograder.release_folder import course_for_check
    from autograder.runner import VISIBILITIES_ALL
    from autograder.spec import SpecError

    if args.report and len(args.submissions) > 1:
        print("autograder: --report takes a single submission", file=sys.stderr)
        return EXIT_USAGE
    missing = [str(p) for p in args.submissions if not p.exists()]
    if missing:
        print(f"autograder: no such file: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        courses = {}
        if args.command == "check" and not args.course and all(p.is_file() for p in args.submissions):
            courses = {path: course_for_check(path, args.assignment) for path in args.submissions}
            course = next(iter(courses.values()))
        else:
            course = Course.locate(args.course)
        if args.out or args.shard or any(p.is_dir() for p in args.submissions):
            return _batch(args, course)
        results = grade_files(args.submissions, course=course, assignment=args.assignment, courses=courses,
                              visibilities=VISIBILITIES_ALL if args.command == "grade" else ("public",))
    except (UnknownAssignment, SpecError, ValueError, layers.SandboxUnavailable) as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return EXIT_USAGE
    _write_results(args, course, results)
    return EXIT_LOST_POINTS if args.strict and not all(r.full_marks for r in results) else EXIT_GRADED


def _slurm(args: argparse.Namespace) -> int:
    from autograder import slurm

    return slurm.main(args)


def _ci(args: argparse.Namespace) -> int:
    from autograder.ci import cli as ci_cli

    return ci_cli.main(args)


#: One function per verb; each parses nothing more and forwards to the module that does the work.
VERBS = {"grade": _grade, "check": _grade, "release": _release, "report": _report, "bundle": _bundle,
         "merge": _merge, "slurm": _slurm, "ci": _ci}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return VERBS[args.command](args)


def run() -> None:
    try:
        code = main()
    except KeyboardInterrupt:
        code = 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence gets its own exit code
        import traceback

        traceback.print_exc()
        print(f"autograder: internal error: {exc}", file=sys.stderr)
        code = EXIT_INTERNAL
    sys.exit(code)


if __name__ == "__main__":
    run()
