"""nbgrader's feedback page, made for students.

``nbgrader generate_feedback`` turns each autograded notebook into an HTML page with
nbconvert. ``nbgrader_config.py`` gives it two pieces from here:

- :class:`FeedbackLabels`, a preprocessor that names every graded cell the way a student
  reads it, from the assignment's spec: a test by its task's title and what it checks
  ("Gradient descent with momentum: momentum zero is gradient descent"), a written answer
  by its question. The page's table of contents and each cell's heading show that name
  instead of nbgrader's "Test cell" and grade id.
- :class:`FeedbackExporter`, nbconvert's HTML exporter with this package's template
  (``templates/student_feedback``) and its maths turned into MathML when the page is
  made (by ``latex2mathml``). Browsers draw MathML themselves, so the page is one file
  without any script, which shows its formulas offline and after an LMS strips scripts.
  (nbgrader's own template loads MathJax from a CDN; no package the course installs ships
  a MathJax that a single HTML file could load.)
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbgrader
from jinja2 import pass_context
from latex2mathml.converter import convert
from nbconvert.exporters import HTMLExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool
from traitlets.config import Config

#: The folder of this package's nbconvert templates.
TEMPLATES = Path(__file__).with_name("templates")
TEMPLATE_NAME = "student_feedback"
#: Where nbgrader keeps the Bootstrap CSS its pages (and this one) inline.
BOOTSTRAP_CSS = Path(nbgrader.__file__).parent / "server_extensions/formgrader/static/node_modules/bootstrap/dist/css"


def graded_cell_labels(spec) -> dict[str, str]:
    """grade id -> what a student reads as that cell's name (plain text, code in backticks)."""
    from autograder.nbgrader_source import test_description

    labels = {}
    for task in spec.tasks:
        for test in task.tests:
            labels[test.test] = f"{task.title}: {test_description(task, test)}"
    for answer in spec.written:
        labels[answer.id] = f"Written answer: {answer.title}"
    return labels


def label_html(text: str) -> str:
    """A label as HTML: escaped, with `code` in backticks shown as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


class FeedbackLabels(Preprocessor):
    """Put each graded cell's name, as HTML, in ``resources["labels"]`` (grade id -> name)."""

    enabled = Bool(True, help="Name the graded cells (on unless switched off).").tag(config=True)

    def preprocess(self, nb, resources):
        from autograder.course import Course
        from nbgrader.coursedir import CourseDirectory

        labels = {}
        try:
            spec = Course(Path(CourseDirectory(parent=self).root)).assignment(resources["nbgrader"]["assignment"]).spec
        except Exception as exc:  # noqa: BLE001 - no spec: nbgrader's own names, with a warning
            self.log.warning("No names for the graded cells of %s: %s", resources["nbgrader"]["assignment"], exc)
        else:
            labels = {grade_id: label_html(text) for grade_id, text in graded_cell_labels(spec).items()}
        resources["labels"] = labels
        return nb, resources


def tex_to_mathml(tex: str, *, display: bool) -> str:
    """MathML for ``tex``, or the TeX itself as code when latex2mathml cannot read it."""
    try:
        return convert(tex, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - latex2mathml raises many kinds; the reader still sees the TeX
        return f"<code>{html.escape(tex, quote=False)}</code>"


class MathMLRenderer(IPythonRenderer):
    """nbconvert's Markdown renderer, with maths written as MathML instead of left for MathJax."""

    def block_math(self, body: str) -> str:
        return tex_to_mathml(body, display=True)

    def inline_math(self, body: str) -> str:
        return tex_to_mathml(body, display=False)

    def latex_environment(self, name: str, body: str) -> str:
        return tex_to_mathml(f"\\begin{{{name}}}{body}\\end{{{name}}}", display=True)


class FeedbackExporter(HTMLExporter):
    """The feedback page: this package's template, maths as MathML, no script."""

    def __init__(self, config=None, **kwargs):
        # This exporter's own section wins over the HTMLExporter one, where nbgrader's
        # GenerateFeedback puts its template; a course may still name another one here.
        config = Config(config or {})
        own = config.FeedbackExporter
        own.setdefault("template_name", TEMPLATE_NAME)
        own.setdefault("extra_template_basedirs", [str(TEMPLATES)])
        own.setdefault("extra_template_paths", [str(BOOTSTRAP_CSS)])
        super().__init__(config=config, **kwargs)

    @pass_context
    def markdown2html(self, context, source):
        cell = context.get("cell", {})
        renderer = MathMLRenderer(escape=False, attachments=cell.get("attachments", {}),
                                  embed_images=self.embed_images,
                                  path=context.get("resources", {}).get("metadata", {}).get("path", ""),
                                  anchor_link_text=self.anchor_link_text,
                                  exclude_anchor_links=self.exclude_anchor_links, **self.lexer_options)
        return MarkdownWithMath(renderer=renderer).render(source)
