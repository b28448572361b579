"""Importing what the tests are made of: test files, their helper modules, the reference solution.

A test file is imported as a module of a package made for its folder, so helper
modules next to it are imported the ordinary way, with a relative import::

    from .mlp_checks import mlp_problems      # solutions/a6/mlp_checks.py

Each folder gets its own package name (from a hash of its path), so two
assignments' helpers with the same file name never meet in ``sys.modules``, and
nothing is added to ``sys.path``. pytest collects the same module objects
(:class:`autograder.testrun.plugin.GradingPlugin`), so a test file is imported
once per process whichever runner asks first.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest


def load_module(path: Path, name: str) -> ModuleType:
    """Execute the file at ``path`` as a fresh module called ``name`` (not kept in ``sys.modules``)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def folder_package(folder: Path) -> str:
    """The name of the package standing for ``folder`` (created on first use)."""
    folder = folder.resolve()
    name = "autograder_tests_" + hashlib.sha256(str(folder).encode()).hexdigest()[:12]
    if name not in sys.modules:
        package = ModuleType(name, f"the test folder {folder}")
        package.__path__ = [str(folder)]  # relative imports in its modules look here, and only here
        sys.modules[name] = package
    return name


def import_test_file(path: Path, *, keep: bool = True) -> ModuleType:
    """The module of the test file at ``path``: imported once, again only when the file changed.

    Imported by the ordinary import system, with the module registered for pytest's
    assertion rewriting (``pytest.register_assert_rewrite``), so that inside a pytest run a
    bare ``assert`` explains itself exactly as in any pytest test. ``keep=False`` leaves
    nothing in ``sys.modules`` (an import outside a run, which the next run imports again).
    """
    path = Path(path).resolve()
    name = f"{folder_package(path.parent)}.{path.stem}"
    stamp = path.stat().st_mtime_ns
    module = sys.modules.get(name)
    if module is not None and getattr(module, "__autograder_stamp__", None) == stamp:
        return module
    sys.modules.pop(name, None)
    importlib.invalidate_caches()
    pytest.register_assert_rewrite(name)
    module = importlib.import_module(name)
    module.__autograder_stamp__ = stamp
    if not keep:
        del sys.modules[name]
    return module


def public_tests_for(test_file: str | Path) -> ModuleType:
    """The public tests of the assignment whose hidden tests (or one of their helper modules) are at
    ``test_file``: ``solutions/<id>/...`` → ``assignments/<id>/public_tests.py``.

    It is the module the runner imports (:func:`import_test_file`), so a hint both sides give is
    defined once, in the public tests, and the file runs once per process.
    """
    test_file = Path(test_file).resolve()
    return import_test_file(test_file.parents[2] / "assignments" / test_file.parent.name / "public_tests.py")
