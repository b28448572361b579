"""Report writers: pure functions from results to text."""

from autograder.reports.json import render_json
from autograder.reports.text import render_text

WRITERS = {"text": render_text, "json": render_json}

__all__ = ["WRITERS", "render_json", "render_text"]
