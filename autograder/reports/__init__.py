"""Report writers: pure functions from results to text. None of them computes a score."""

from autograder.reports.gradebook import render_gradebook
from autograder.reports.gradescope import render_gradescope
from autograder.reports.html import render_html
from autograder.reports.json import render_json
from autograder.reports.junit import render_junit
from autograder.reports.markdown import render_markdown
from autograder.reports.text import render_text

#: Writers of one result, by ``--format`` name.
WRITERS = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "html": render_html,
    "junit": render_junit,
    "gradescope": render_gradescope,
}

__all__ = ["WRITERS", "render_gradebook", "render_gradescope", "render_html", "render_json", "render_junit",
           "render_markdown", "render_text"]
