"""Which sandbox layers the grader insists on, and what it says when one is missing.

The grader fails closed: every child reports the layers it could not put in
place (see :mod:`autograder.sandbox.isolation`), and unless the instructor
chose ``--sandbox=weak`` a child with a missing layer is killed before any
student code runs and grading stops with :class:`SandboxUnavailable`, which
names the layer and how to enable it. In weak mode grading goes on and
every result is stamped with what was missing (``GradingResult.sandbox``).

The mode lives in the environment (``AUTOGRADER_SANDBOX``-prefixed
variables) so that batch workers started by the grader inherit it.
``AUTOGRADER_SANDBOX_SIMULATE_MISSING`` (comma-separated layer names) makes
children skip those layers and report them missing, which is how the tests
check the refusal without a kernel that lacks them; it can only make the
grader stricter or the stamp louder, never hide a missing layer.
"""

from __future__ import annotations

import os

MODE_VARIABLE = "AUTOGRADER_SANDBOX_MODE"
SIMULATE_VARIABLE = "AUTOGRADER_SANDBOX_SIMULATE_MISSING"
MODES = ("strict", "weak")

#: Every layer, in the order a child applies them, with how to get it when it is missing.
LAYERS = {
    "mount-namespace": "run the grader as root (it builds the child's file-system view in a mount namespace)",
    "unprivileged-uid": "run the grader as root, so that each child can switch to its own unprivileged uid",
    "user-namespace": "enable user namespaces: sysctl user.max_user_namespaces=10000 (and, on Ubuntu, "
                      "kernel.apparmor_restrict_unprivileged_userns=0)",
    "pid-namespace": "enable user namespaces (PID namespaces are created inside one)",
    "network-namespace": "enable user namespaces (network namespaces are created inside one)",
    "no-capabilities": "a kernel with capabilities (any Linux)",
    "no-new-privs": "Linux 3.5 or later",
    "landlock-fs": "boot Linux 5.13 or later with Landlock enabled (CONFIG_SECURITY_LANDLOCK=y and 'landlock' "
                   "in the lsm= boot parameter)",
    "landlock-net": "Linux 6.7 or later (Landlock ABI 4)",
    "landlock-scope": "Linux 6.12 or later (Landlock ABI 6)",
    "seccomp": "install libseccomp2 (apt-get install libseccomp2) and the pyseccomp package",
    "closed-fds": "nothing (always available)",
    "report": "the sandboxed child crashed while confining itself; see the error above",
}


class SandboxUnavailable(RuntimeError):
    """A sandbox layer is missing and the grader was not told to accept a weaker sandbox."""

    def __init__(self, missing: dict[str, str]) -> None:
        self.missing = dict(missing)
        lines = [f"  - {name}: {reason}; to enable it: {LAYERS.get(name, 'see docs/architecture.md')}"
                 for name, reason in sorted(missing.items())]
        super().__init__("refusing to grade: the sandbox that contains student code is incomplete on this "
                         "machine:\n" + "\n".join(lines) + "\nFix the machine, or pass --sandbox=weak to grade "
                         "anyway (every report then says the sandbox was weak).")

    def __reduce__(self):  # batch workers send it back to the grader pickled
        return (SandboxUnavailable, (self.missing,))


def mode() -> str:
    value = os.environ.get(MODE_VARIABLE, "strict")
    return value if value in MODES else "strict"


def set_mode(value: str) -> None:
    if value not in MODES:
        raise ValueError(f"unknown sandbox mode {value!r} (choose from {', '.join(MODES)})")
    os.environ[MODE_VARIABLE] = value


def simulated_missing() -> set[str]:
    return {name.strip() for name in os.environ.get(SIMULATE_VARIABLE, "").split(",") if name.strip()}


def check(missing: dict[str, str]) -> None:
    """Raise :class:`SandboxUnavailable` unless nothing is missing or the mode is weak."""
    if missing and mode() != "weak":
        raise SandboxUnavailable(missing)


def stamp(missing: dict[str, str] | None) -> str:
    """What a result says about the sandbox that graded it."""
    if mode() != "weak":
        return "strict"
    if not missing:
        return "weak (every layer was in force)"
    return "weak (missing: " + ", ".join(sorted(missing)) + ")"
