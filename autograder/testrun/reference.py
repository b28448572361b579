"""The reference solution of each assignment and its recorded examples, loaded once per grader process."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

from autograder.corpus import ExampleCorpus, store_path
from autograder.course import AssignmentFiles
from autograder.testrun.modules import load_module


class Reference:
    """The reference solution, with a repr that reveals nothing (it may end up in messages)."""

    def __init__(self, module: ModuleType) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)

    def __repr__(self) -> str:
        return "<reference solution>"


class References:
    """Each solution file's :class:`Reference` and :class:`~autograder.corpus.ExampleCorpus`, made on first use."""

    def __init__(self) -> None:
        self._loaded: dict[Path, tuple[Reference, ExampleCorpus]] = {}

    def __call__(self, files: AssignmentFiles) -> tuple[Reference, ExampleCorpus]:
        path = files.solution.resolve()
        if path not in self._loaded:
            module = load_module(path, f"autograder_reference_{files.id}")
            corpus = ExampleCorpus(vars(module), path.read_text(encoding="utf-8"),
                                   store=store_path(files.id, files.fingerprint))
            self._loaded[path] = (Reference(module), corpus)
        return self._loaded[path]


#: The grader process's references: a warm worker loads each assignment's once.
reference_for = References()
