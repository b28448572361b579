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
                             help="a .ipynb notebook or .py file (several may be given)")
        command.add_argument("--assignment", "-a", help="assignment id (default: from the notebook's "
                                                        "metadata, folder or file name)")
        command.add_argument("--course", type=Path, help="course directory (default: $AUTOGRADER_COURSE, "
                                                         "the current directory, or this checkout)")
        command.add_argument("--format", choices=("text", "json"), default="text",
                             help="what to print on stdout (default: text)")
        command.add_argument("--report", type=Path, metavar="PATH",
                             help="also write the JSON report here (one submission only)")
        command.add_argument("--strict", action="store_true",
                             help="exit with status 1 unless every submission gets full marks")
    release = commands.add_parser(
        "release", help="regenerate the nbgrader source notebooks, release/ and examples/ from the sources",
        description="Regenerate, from assignments/*/notebook.py, solutions/*/solution.py and the specs: "
                    "the nbgrader source notebooks in assignments/, the student release in release/ "
                    "(written by nbgrader's generate_assignment) and the example submissions in examples/.",
        epilog="Exit codes: 0 up to date (or written), 1 stale files found with --check, 2 usage error.")
    release.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="assignment ids (default: all)")
    release.add_argument("--course", type=Path, help="course directory")
    release.add_argument("--check", action="store_true", help="only report stale files; write nothing")
    return parser


def _release(args: argparse.Namespace) -> int:
    from autograder import authoring
    from autograder.course import Course
    from autograder.nbgrader_release import NbgraderUnavailable

    course = Course.locate(args.course)
    try:
        if args.check:
            stale = authoring.stale_files(course, args.assignments or None)
            for path in stale:
                print(f"stale: {path.relative_to(course.root)}")
            return 1 if stale else 0
        for path in authoring.write_generated(course, args.assignments or None):
            print(f"{'wrote' if path.exists() else 'removed'} {path.relative_to(course.root)}")
    except NbgraderUnavailable as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "release":
        return _release(args)
    from autograder.course import Course, UnknownAssignment
    from autograder.reports import WRITERS
    from autograder.runner import VISIBILITIES_ALL, grade_submission
    from autograder.spec import SpecError

    if args.report and len(args.submissions) > 1:
        print("autograder: --report takes a single submission", file=sys.stderr)
        return EXIT_USAGE
    visibilities = VISIBILITIES_ALL if args.command == "grade" else ("public",)
    try:
        course = Course.locate(args.course)
        missing = [str(p) for p in args.submissions if not p.exists()]
        if missing:
            print(f"autograder: no such file: {', '.join(missing)}", file=sys.stderr)
            return EXIT_USAGE
        results = [grade_submission(path, course=course, assignment=args.assignment, visibilities=visibilities)
                   for path in args.submissions]
    except (UnknownAssignment, SpecError) as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json" and len(results) > 1:
        sys.stdout.write("[\n" + ",\n".join(r.to_json(indent=2) for r in results) + "\n]\n")
    else:
        for result in results:
            sys.stdout.write(WRITERS[args.format](result))
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(WRITERS["json"](results[0]), encoding="utf-8")
    if len(results) > 1 and args.format == "text":
        print(f"{sum(r.full_marks for r in results)} of {len(results)} submissions have full marks.")
    if args.strict and not all(r.full_marks for r in results):
        return EXIT_LOST_POINTS
    return EXIT_GRADED


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
