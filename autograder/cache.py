"""Where the grader keeps what it may reuse between runs (recorded examples, matplotlib's font list)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """``$AUTOGRADER_CACHE``, else ``$XDG_CACHE_HOME/autograder``, else ``~/.cache/autograder``."""
    if os.environ.get("AUTOGRADER_CACHE"):
        return Path(os.environ["AUTOGRADER_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "autograder"
