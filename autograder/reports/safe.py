"""Student-produced text made safe to print, render or parse.

A submission controls its output, its exception messages and its file
name. Before any writer uses them, terminal escape sequences (which can
clear or rewrite an instructor's terminal) are removed and every other
control character, lone surrogate or XML-forbidden code point is shown as
a visible escape (``\\x1b``), so that a JUnit file stays well-formed XML
and nothing hides text that follows it. HTML escaping is the HTML writer's
job on top of this.
"""

from __future__ import annotations

import dataclasses
import re
from enum import Enum
from typing import Any

#: CSI (``ESC [ ... final``), OSC (``ESC ] ... BEL`` or ``ESC \\``) and two-character escapes.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_]?)|\x9b[0-?]*[ -/]*[@-~]?")
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]|\r(?!\n)")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """``text`` without terminal escapes and with other control characters made visible."""
    if not isinstance(text, str):
        text = str(text)
    return _UNSAFE.sub(_escape, _ESCAPES.sub("", text.replace("\r\n", "\n")))


def _clean_value(value: Any) -> Any:
    if isinstance(value, Enum):  # a status: the grader's own word, kept typed
        return value
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_clean_value(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _clean_value(getattr(value, f.name))
                                              for f in dataclasses.fields(value) if f.init})
    return value


def clean_result(result: Any) -> Any:
    """A copy of a grading result with every string in it cleaned (see :func:`clean`)."""
    return _clean_value(result)
