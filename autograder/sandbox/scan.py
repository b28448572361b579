"""A static look, on the grader's side, for submission code that reaches into the grader.

The sandbox keeps such code from changing a score, but an instructor wants
to know about it: importing from ``autograder``, editing ``sys.modules`` or
``builtins``, replacing NumPy or torch functions, using ``gc``, frames,
``ctypes`` or torch's C++ internals, or hiding code from the static checks in
``exec``/``eval``. Each finding is one line for the report, with the cell and
line; a finding costs no points.
"""

from __future__ import annotations

import ast

_MODULES = {"autograder": "imports the grader's own package", "gc": "uses the garbage collector",
            "ctypes": "calls C directly (ctypes)", "inspect": "inspects frames or objects",
            "builtins": "touches the builtins", "importlib": "imports modules by name",
            "_ctypes": "calls C directly (ctypes)", "cffi": "calls C directly (cffi)"}
_PATCHABLE = ("np", "numpy", "torch", "sys", "builtins", "math", "scipy", "__builtins__")
_FRAME_ATTRIBUTES = {"f_back", "f_globals", "f_locals", "f_builtins", "tb_frame", "gi_frame", "cr_frame",
                     "__globals__", "__code__", "__closure__", "__subclasses__", "_getframe"}
_DYNAMIC_CALLS = {"exec": "runs code from a string (exec)", "eval": "runs code from a string (eval)",
                  "compile": "compiles code from a string", "__import__": "imports modules by name"}


def _root_name(node: ast.AST) -> str:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else ""


def _findings(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            for name in names:
                top = name.split(".")[0]
                if top in _MODULES:
                    found.append((node.lineno, _MODULES[top]))
                elif name.startswith("torch._C") or name == "torch._C":
                    found.append((node.lineno, "imports torch's C++ internals"))
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for target in targets:
                if isinstance(target, (ast.Attribute, ast.Subscript)) and _root_name(target) in _PATCHABLE:
                    found.append((node.lineno, f"replaces part of {_root_name(target)}"))
        elif isinstance(node, ast.Attribute):
            if node.attr in _FRAME_ATTRIBUTES:
                found.append((node.lineno, f"reaches into interpreter internals ({node.attr})"))
            elif node.attr == "_C" and _root_name(node) == "torch":
                found.append((node.lineno, "uses torch's C++ internals (torch._C)"))
            elif node.attr == "modules" and _root_name(node) == "sys":
                found.append((node.lineno, "uses sys.modules"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in _DYNAMIC_CALLS:
                found.append((node.lineno, _DYNAMIC_CALLS[node.func.id]))
            elif node.func.id in ("setattr", "delattr") and node.args and _root_name(node.args[0]) in _PATCHABLE:
                found.append((node.lineno, f"replaces part of {_root_name(node.args[0])} with {node.func.id}"))
            elif node.func.id in ("getattr", "setattr") and node.args and _root_name(node.args[0]) == "torch":
                found.append((node.lineno, "looks up torch attributes by name"))
    return found


def grader_internals(cells: list[tuple[int, str]]) -> list[str]:
    """One line per finding: ``cell N, line L: what: the source line``."""
    from autograder.submission import strip_magics

    flags: list[str] = []
    for index, source in cells:
        source = strip_magics(source)
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue
        lines = source.splitlines()
        for lineno, what in sorted(set(_findings(tree))):
            text = lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""
            flags.append(f"cell {index}, line {lineno}: {what}: {text[:160]}")
    return flags[:50]
