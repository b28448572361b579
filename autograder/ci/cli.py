"""``autograder ci VERB``: the instructor workflow's steps and Gradescope's entry point.

    fetch       list the class's repositories on GitHub and clone each (needs the token)
    collect     choose each student's file in a folder of clones → a submissions folder + manifest
    post        render each student's feedback from merged grades; with --github, post it
    gradescope  grade the upload in /autograder/submission (called by run_autograder)

Grading and merging are the usual ``autograder grade --shard i/n`` and ``autograder merge``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

TOKEN_VARIABLE = "AUTOGRADER_GITHUB_TOKEN"


def add_parser(commands) -> None:
    ci = commands.add_parser("ci", help="instructor-side CI steps (fetch, collect, post) and Gradescope's "
                                        "entry point; see docs/ci.md",
                         description="The instructor workflow's steps and Gradescope's entry point (docs/ci.md).")
    verbs = ci.add_subparsers(dest="ci_command", required=True, metavar="VERB")
    fetch = verbs.add_parser("fetch", help=f"clone every repository ORG/PREFIX* (token in ${TOKEN_VARIABLE})")
    fetch.add_argument("--org", required=True)
    fetch.add_argument("--prefix", required=True, help="repository name prefix, e.g. a1- (GitHub Classroom)")
    fetch.add_argument("--out", type=Path, required=True, metavar="CLONES",
                       help="CLONES/<student>/ per repository (student = name without the prefix)")
    collect = verbs.add_parser("collect", help="choose each student's file in CLONES/<student>/")
    collect.add_argument("clones", type=Path, metavar="CLONES")
    collect.add_argument("--assignment", "-a", required=True)
    collect.add_argument("--out", type=Path, required=True, metavar="SUBMISSIONS",
                         help="SUBMISSIONS/<student>/<assignment>/<file> and SUBMISSIONS/manifest.json")
    collect.add_argument("--course", type=Path)
    post = verbs.add_parser("post", help="render (and with --github post) each student's feedback")
    post.add_argument("grades", type=Path, metavar="GRADES", help="the merged grades folder")
    post.add_argument("--manifest", type=Path, required=True, help="SUBMISSIONS/manifest.json from collect")
    post.add_argument("--out", type=Path, required=True, metavar="POSTS", help="POSTS/<student>.md, posts.json")
    post.add_argument("--github", choices=("commit-comment", "issue"),
                      help="post to each student repository: a comment on the graded commit, or an issue")
    gradescope = verbs.add_parser("gradescope", help="Gradescope: grade ROOT/submission into "
                                                     "ROOT/results/results.json")
    gradescope.add_argument("--root", type=Path, default=Path("/autograder"))
    gradescope.add_argument("--course", type=Path, required=True)
    gradescope.add_argument("--assignment", "-a", required=True)


def _fetch(args) -> int:
    from autograder.batch import write_atomic
    from autograder.ci.classroom import REPOSITORIES
    from autograder.ci.github import GitHub

    hub = GitHub(os.environ.get(TOKEN_VARIABLE, ""))
    repositories = {}
    for repo in hub.class_repositories(args.org, args.prefix):
        student = repo["name"][len(args.prefix):]
        target = args.out / student
        if target.exists():
            print(f"{student}: already cloned")
        else:
            hub.clone(repo["clone_url"], target)
            print(f"{student}: cloned {repo['full_name']}")
        repositories[student] = repo["full_name"]
    write_atomic(args.out / REPOSITORIES, json.dumps(repositories, indent=2) + "\n")
    print(f"{len(repositories)} repositories in {args.out}")
    return 0


def _collect(args) -> int:
    from autograder.ci.classroom import collect
    from autograder.course import Course

    entries = collect(args.clones, Course.locate(args.course), args.assignment, args.out)
    for entry in entries:
        print(f"{entry.student}: {entry.explanation}")
    missing = [e.student for e in entries if not e.file]
    print(f"{len(entries) - len(missing)} of {len(entries)} students have a file to grade in {args.out}"
          + (f"; nothing chosen for {', '.join(missing)}" if missing else ""))
    return 0


def _post(args) -> int:
    from autograder.ci.classroom import render_posts, write_posts

    posts = render_posts(args.grades, args.manifest)
    write_posts(posts, args.out)
    print(f"wrote {len(posts)} feedback posts in {args.out}")
    if not args.github:
        return 0
    from autograder.ci.github import GitHub

    hub = GitHub(os.environ.get(TOKEN_VARIABLE, ""))
    failed = 0
    for post in posts:
        if not post.repository or (args.github == "commit-comment" and not post.commit):
            print(f"{post.student}: no repository or commit known; not posted", file=sys.stderr)
            failed += 1
        elif args.github == "commit-comment":
            hub.comment_on_commit(post.repository, post.commit, post.body)
            print(f"{post.student}: commented on {post.repository}@{post.commit[:7]}")
        else:
            hub.open_issue(post.repository, post.title, post.body)
            print(f"{post.student}: opened an issue in {post.repository}")
    return 1 if failed else 0


def _gradescope(args) -> int:
    from autograder.ci.gradescope import write_results
    from autograder.course import Course

    print(f"wrote {write_results(args.root, Course.locate(args.course), args.assignment)}")
    return 0


def main(args) -> int:
    from autograder.ci.github import GitHubError
    from autograder.course import UnknownAssignment

    verbs = {"fetch": _fetch, "collect": _collect, "post": _post, "gradescope": _gradescope}
    try:
        return verbs[args.ci_command](args)
    except (GitHubError, UnknownAssignment, OSError, ValueError) as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2
