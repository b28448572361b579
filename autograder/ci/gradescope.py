"""Gradescope's entry point: choose the student's file, grade it, write ``results/results.json``.

``run_autograder`` (in the Gradescope bundle) calls ``autograder ci gradescope``. The
``output`` shown to the student starts with the file that was graded and why (or why none
could be chosen), so a wrong upload is explained instead of silently scored 0.
"""

from __future__ import annotations

import json
from pathlib import Path

from autograder.batch import write_atomic
from autograder.ci.choose import choose_submission
from autograder.course import Course
from autograder.reports.gradescope import gradescope_results
from autograder.runner import grade_submission


def grade_upload(root: Path, course: Course, assignment: str) -> dict:
    """Gradescope's results for the upload in ``root/submission`` (a dict, as results.json holds it)."""
    upload = Path(root) / "submission"
    files = course.assignment(assignment)
    choice = choose_submission(upload, files) if upload.is_dir() else None
    if choice is None or choice.path is None:
        explanation = (choice.explanation(upload) if choice else
                       "Nothing was graded: the submission folder is missing.")
        return {"score": 0, "output": explanation + " Your score is 0 until you upload again.",
                "visibility": "visible", "tests": []}
    result = grade_submission(choice.path, course=course, assignment=assignment)
    data = gradescope_results(result)
    data["output"] = choice.explanation(upload) + "\n\n" + data["output"]
    return data


def write_results(root: Path, course: Course, assignment: str) -> Path:
    data = grade_upload(root, course, assignment)
    path = Path(root) / "results" / "results.json"
    write_atomic(path, json.dumps(data, indent=2) + "\n")
    return path
