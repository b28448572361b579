"""``autograder ci VERB``: the instructor workflow's steps and Gradescope's entry point."""

from __future__ import annotations


def add_parser(commands) -> None:
    ci = commands.add_parser("ci", help="instructor-side CI steps (fetch, collect, post) and Gradescope's "
                                        "entry point; see docs/ci.md")
    ci.add_subparsers(dest="ci_command", required=True, metavar="VERB")


def main(args) -> int:
    raise NotImplementedError(args.ci_command)
