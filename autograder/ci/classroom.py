"""The instructor workflow's local steps: a folder of clones → submissions → feedback posts.

``collect`` turns ``CLONES/<student>/`` (one clone of each student repository, as ``autograder
ci fetch`` or any other tool leaves them) into nbgrader's ``SUBMISSIONS/<student>/<assignment>/<file>``
layout that ``autograder grade --shard`` takes, choosing each student's file by the rules of
:mod:`autograder.ci.choose`, and writes ``SUBMISSIONS/manifest.json`` (repository, commit, file
and reason per student). ``render_posts`` turns the merged grades and that manifest into one
Markdown comment per student. Neither needs GitHub, so both run in the tests.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from autograder.batch import read_result, write_atomic
from autograder.ci.choose import choose_submission
from autograder.course import Course
from autograder.reports import render_markdown

MANIFEST = "manifest.json"
REPOSITORIES = "repositories.json"  # written by `autograder ci fetch`: student → owner/name


@dataclass
class Collected:
    student: str
    repository: str  # owner/name, or "" when unknown
    commit: str  # the graded commit, or "" when the clone is not a git checkout
    file: str  # relative path in the clone of the chosen file, "" when none
    explanation: str  # what was graded and why, or why nothing


def _head(clone: Path) -> str:
    done = subprocess.run(["git", "-C", str(clone), "rev-parse", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


def collect(clones: Path, course: Course, assignment: str, out: Path) -> list[Collected]:
    """Copy each student's chosen file into ``out/<student>/<assignment>/`` and write the manifest."""
    clones, out = Path(clones), Path(out)
    files = course.assignment(assignment)
    repositories = {}
    if (clones / REPOSITORIES).is_file():
        repositories = json.loads((clones / REPOSITORIES).read_text(encoding="utf-8"))
    collected = []
    for clone in sorted(p for p in clones.iterdir() if p.is_dir() and not p.name.startswith(".")):
        choice = choose_submission(clone, files)
        entry = Collected(clone.name, repositories.get(clone.name, ""), _head(clone),
                          choice.path.relative_to(clone).as_posix() if choice.path else "",
                          choice.explanation(clone))
        if choice.path:
            target = out / clone.name / assignment / choice.path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(choice.path, target)
        collected.append(entry)
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / MANIFEST, json.dumps({"assignment": assignment,
                                             "students": [asdict(c) for c in collected]}, indent=2) + "\n")
    return collected


@dataclass
class Post:
    student: str
    repository: str
    commit: str
    title: str
    body: str


def render_posts(grades: Path, manifest: Path) -> list[Post]:
    """One feedback comment per student of the manifest, from the merged grades folder."""
    data = json.loads(Path(manifest).read_text(encoding="utf-8"))
    assignment = data["assignment"]
    posts = []
    for entry in data["students"]:
        result = read_result(Path(grades) / "results" / entry["student"] / f"{assignment}.json")
        if result is None:
            title = f"Autograder: {assignment} was not graded"
            body = f"## {title}\n\n{entry['explanation']}\n"
        else:
            title = f"Autograder: {assignment}, {result.score:g} / {result.max_score:g}"
            body = f"## {title}\n\n{entry['explanation']}\n\n{render_markdown(result)}"
        posts.append(Post(entry["student"], entry["repository"], entry["commit"], title, body))
    return posts


def write_posts(posts: list[Post], out: Path) -> None:
    """``out/<student>.md`` for reading, ``out/posts.json`` for the posting step."""
    out = Path(out)
    for post in posts:
        write_atomic(out / f"{post.student}.md", post.body)
    write_atomic(out / "posts.json", json.dumps([asdict(p) for p in posts], indent=2) + "\n")
