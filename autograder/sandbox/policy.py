"""What student code may not do inside the child, enforced from inside the child.

This is the seam for hardening. Today it is a CPython audit hook: the child
may not open or list anything under the protected paths (the hidden tests
and the reference solutions), write anywhere but its own scratch directory,
start or signal processes, or open network connections. An audit hook cannot be removed once installed, but code that
reaches C directly (ctypes) can get around it; an OS-level sandbox (a
separate user, namespaces, seccomp or Landlock) belongs here when the
platform needs one.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any


class Forbidden(PermissionError):
    """Student code tried something the sandbox does not allow."""


#: Events that read or list a path (the first argument).
_READ_EVENTS = {"open", "os.listdir", "os.scandir", "os.chdir", "glob.glob", "os.walk", "shutil.copytree",
                "shutil.copyfile"}
#: Events that change the file system; every path argument must lie in the child's scratch directory.
_WRITE_EVENTS = {"os.mkdir", "os.remove", "os.rename", "os.rmdir", "os.symlink", "os.link", "os.truncate",
                 "os.utime", "os.chmod", "os.chown", "shutil.rmtree", "shutil.move", "shutil.copyfile",
                 "shutil.copytree", "shutil.chown"}
_PROCESS_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                   "os.forkpty", "pty.spawn", "os.kill", "os.killpg"}
_NETWORK_EVENTS = {"socket.connect", "socket.bind", "socket.getaddrinfo", "socket.sendto"}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _paths(args: tuple[Any, ...]) -> list[str]:
    return [os.path.realpath(os.fsdecode(a)) for a in args if isinstance(a, (str, bytes, os.PathLike))]


def _writes(event: str, args: tuple[Any, ...]) -> bool:
    if event in _WRITE_EVENTS:
        return True
    if event == "open" and len(args) >= 3:
        mode, flags = args[1], args[2]
        return (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and bool(flags & _WRITE_FLAGS))
    return False


def install(*, protected: list[str], course_root: str, workdir: str) -> None:
    """Install the audit hook and clean the import path.

    ``protected`` paths may not be read, recursively. Nothing outside
    ``workdir`` (the child's own scratch directory) may be written, so student
    code cannot change the course, the grader or another student's results.
    The course root and the current directory are taken off ``sys.path`` so
    that nothing in the course (but the installed ``autograder`` package) is
    importable.
    """
    roots = tuple(os.path.realpath(p) for p in protected)
    hidden = {os.path.realpath(course_root), *roots}
    sys.path[:] = [p for p in sys.path
                   if p and os.path.realpath(p) not in hidden and not os.path.realpath(p).startswith(roots)]
    inside = tuple(root + os.sep for root in roots)
    scratch = os.path.realpath(workdir)

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event in _READ_EVENTS or event in _WRITE_EVENTS:
            paths = _paths(args[:2])
            if any(path in roots or path.startswith(inside) for path in paths):
                raise Forbidden(f"access to {paths[0]!r} is not allowed while grading")
            if _writes(event, args) and any(p != scratch and not p.startswith(scratch + os.sep)
                                            and p != os.devnull for p in paths):
                raise Forbidden(f"writing to {paths[0]!r} is not allowed while grading "
                                "(only the current directory is writable)")
        elif event in _PROCESS_EVENTS:
            raise Forbidden("starting or signalling other processes is not allowed while grading")
        elif event in _NETWORK_EVENTS:
            raise Forbidden("network access is not allowed while grading")

    sys.addaudithook(hook)


@contextlib.contextmanager
def autograd_forbidden() -> Iterator[None]:
    """Run a block with every autograd entry point disabled.

    Reverse mode (``backward``, ``torch.autograd.grad`` and everything in
    ``torch.func`` built on them) goes through ``torch.autograd``'s
    ``_engine_run_backward``; forward mode (``jvp``, ``jacfwd``) goes
    through ``forward_ad.make_dual``. Patching those module attributes also
    catches references the student took before the call.
    """
    import torch.autograd
    import torch.autograd.forward_ad
    import torch.autograd.graph

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise Forbidden("automatic differentiation is not allowed in this function: "
                        "compute the gradient with the formula you derived")

    targets = [
        (torch.autograd, "_engine_run_backward"),
        (torch.autograd.graph, "_engine_run_backward"),
        (torch.autograd.forward_ad, "make_dual"),
    ]
    saved = [(module, name, getattr(module, name)) for module, name in targets]
    for module, name, _ in saved:
        setattr(module, name, refuse)
    try:
        yield
    finally:
        for module, name, original in saved:
            setattr(module, name, original)
