"""The gradebook: one CSV row per (student, assignment), points per task, total."""

from __future__ import annotations

import csv
import io

from autograder.reports.safe import clean_result
from autograder.results import GradingResult


def render_gradebook(results: list[GradingResult]) -> str:
    """CSV with columns student, assignment, one column per task (``<assignment>:<task>``), score, max_score, error."""
    results = [clean_result(r) for r in results]
    task_columns: list[str] = []
    for result in results:
        for task in result.task_points():
            column = f"{result.assignment}:{task}"
            if column not in task_columns:
                task_columns.append(column)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "assignment", *task_columns, "score", "max_score", "error"])
    for result in sorted(results, key=lambda r: (r.student, r.assignment, r.submission)):
        points = {f"{result.assignment}:{task}": earned for task, (earned, _) in result.task_points().items()}
        writer.writerow([result.student or result.submission, result.assignment,
                         *[f"{points[c]:g}" if c in points else "" for c in task_columns],
                         f"{result.score:g}", f"{result.max_score:g}", result.error])
    return out.getvalue()
