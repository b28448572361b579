"""The operating-system fence around student code, applied in every forked child.

The zygote forks a child (call it the *keeper*) per submission. Still root,
the keeper takes detached copies of the directories the child may read that
lie in hidden places, switches to an unprivileged uid/gid of its own, enters
new user, mount, PID, network, IPC and UTS namespaces, builds the child's
file-system view there (an empty tmpfs over the course and over directories
closed to other users, with the copies mounted back) and forks once more: that second child (the *runner*) is
PID 1 of the new PID namespace and runs the student's code. The keeper
tells the zygote the runner's pid (outside the namespace), then only waits
for it and ends the same way, so the zygote's ``waitpid`` keeps its meaning.
Killing the runner kills every process of its namespace.

The runner then (:func:`lock`) drops every capability, sets
``no_new_privs``, applies Landlock (read-only: the interpreter, the installed
packages, system libraries, the ``autograder`` package; read-write: its own
scratch directory; no TCP; no signals or abstract sockets outside), closes
every inherited descriptor but the channel, and loads the seccomp filter.

Every step that fails is recorded with its reason instead of raising, and
reported to the grader, which decides (see :mod:`autograder.sandbox.layers`).
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
import stat
import sys
import sysconfig
from pathlib import Path

from autograder.sandbox import landlock, layers, seccomp

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_REC, _MS_PRIVATE = 1, 2, 4, 1 << 14, 1 << 18
_PR_SET_PDEATHSIG, _PR_SET_DUMPABLE, _PR_CAPBSET_DROP = 1, 4, 24
_PR_SET_NO_NEW_PRIVS, _PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL = 38, 47, 4
_OPEN_TREE_CLONE, _AT_RECURSIVE, _AT_EMPTY_PATH, _MOVE_MOUNT_F_EMPTY_PATH = 1, 0x8000, 0x1000, 0x4
_OPEN_TREE, _MOVE_MOUNT = 428, 429  # the same number on every architecture (added in Linux 5.2)
FIRST_UID = 200_000  # children get uids FIRST_UID + (keeper pid mod 100000): no one else uses them

SYSTEM_READ_ONLY = ["/usr", "/lib", "/lib64", "/lib32", "/etc/ld.so.cache", "/etc/localtime",
                    "/sys/devices/system/cpu", "/dev/urandom", "/dev/random", "/dev/zero", "/proc/self"]


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _prctl(option: int, value: int) -> None:
    _check(_libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0), f"prctl({option})")


def allowed_paths(limits: dict) -> tuple[list[str], list[str]]:
    """(read-only, read-write) paths of the child: nothing of the course but the grader package."""
    import autograder

    paths = sysconfig.get_paths()
    python = [paths[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")]
    python += [sysconfig.get_config_var("LIBDIR") or "", os.path.join(sys.base_prefix, "lib")]
    python += [p for p in sys.path if p.endswith(("site-packages", "dist-packages", "lib-dynload"))]
    read_only = SYSTEM_READ_ONLY + [str(Path(autograder.__file__).resolve().parent)]
    course = os.path.realpath(limits["course_root"])
    for path in python:
        real = os.path.realpath(path) if path else ""
        if real and os.path.isdir(real) and real != course and real not in read_only:
            read_only.append(real)
    return read_only, [os.path.realpath(limits["workdir"]), "/dev/null"]


# ----------------------------------------------------------------- the keeper


def enter(limits: dict, channel_fd: int, report_fd: int) -> dict[str, str]:
    """In the zygote's fresh child: isolate, fork the runner and return in it (the keeper never returns).

    Returns the layers that are missing so far (``{name: reason}``).
    """
    skip = layers.simulated_missing()
    missing: dict[str, str] = {}
    zygote = os.getppid()
    uid = FIRST_UID + os.getpid() % 100_000
    read_only, read_write = allowed_paths(limits)
    view: list = []
    if "mount-namespace" not in skip:  # copies of what the view keeps, taken while we may still read it all
        _step(missing, skip, "mount-namespace",
              lambda: view.extend(_plan_view(limits["course_root"], read_only + read_write)))
    _step(missing, skip, "unprivileged-uid", lambda: _become(uid, limits["workdir"]))
    namespaces = _step(missing, skip, "user-namespace", _new_namespaces)
    if namespaces:
        _step(missing, skip, "mount-namespace", lambda: _build_view(view))
    else:
        for name in ("mount-namespace", "pid-namespace", "network-namespace"):
            missing.setdefault(name, "no user namespace to create it in")
    for _, fd in view:
        if fd >= 0:
            os.close(fd)
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != zygote:
        os._exit(70)  # the zygote died before we could follow it
    runner = os.fork() if namespaces else 0
    if runner == 0:
        if namespaces:
            _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)  # the runner dies with its keeper
        else:
            _report(report_fd, {"pid": os.getpid()})
        return missing
    os.close(channel_fd)  # only the runner talks to the grader: its death must close the channel
    _report(report_fd, {"pid": runner})
    os.close(report_fd)
    _wait_and_mirror(runner)


def _step(missing: dict[str, str], skip: set[str], name: str, action) -> bool:
    if name in skip:
        missing[name] = f"simulated by {layers.SIMULATE_VARIABLE}"
        return False
    try:
        action()
    except (OSError, ValueError) as exc:
        missing[name] = str(exc)
        return False
    return True


def _report(fd: int, message: dict) -> None:
    os.write(fd, json.dumps(message).encode() + b"\n")


def _wait_and_mirror(pid: int) -> None:
    """Wait for the runner, then end as it ended (the same exit code or signal)."""
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
        except ChildProcessError:
            os._exit(70)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if sig not in (signal.SIGKILL, signal.SIGSTOP):
            signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
        os._exit(128 + sig)
    os._exit(os.WEXITSTATUS(status))


def _plan_view(course_root: str, keep: list[str]) -> list[tuple[str, int]]:
    """Detached copies (``open_tree``) of the ``keep`` paths that lie in a directory the child must not
    see (the course) or cannot pass (an ancestor closed to other users, like ``/root``).

    Taken as root, before the uid switch; :func:`_build_view` puts them back on an empty tmpfs.
    Returns ``(path, fd)`` pairs plus, for each hidden directory, a ``(directory, -1)`` marker first.
    """
    keep = [p for p in (os.path.realpath(k) for k in keep) if os.path.exists(p)]
    course = os.path.realpath(course_root)
    hidden = {course}
    for path in [course, *keep]:  # a closed ancestor is hidden whole (the uid could not pass it anyway)
        for ancestor in reversed(Path(path).parents):
            if not os.stat(ancestor).st_mode & stat.S_IXOTH:  # the unprivileged uid could not pass it
                hidden.add(str(ancestor))
                break
    tops = sorted(h for h in hidden if not any(h != o and h.startswith(o.rstrip("/") + "/") for o in hidden))
    plan: list[tuple[str, int]] = []
    try:
        for top in tops:
            plan.append((top, -1))
            for path in _copies([k for k in keep if k.startswith(top.rstrip("/") + "/")], course):
                fd = _libc.syscall(_OPEN_TREE, -100, path.encode(), _OPEN_TREE_CLONE | _AT_RECURSIVE)
                if fd < 0:
                    raise OSError(ctypes.get_errno(), f"open_tree({path})")
                plan.append((path, int(fd)))
    except OSError:
        for _, fd in plan:
            if fd >= 0:
                os.close(fd)
        raise
    return plan


def _copies(paths: list[str], course: str) -> list[str]:
    """The trees to copy for ``paths``: their common parent when that does not hold the course
    (each copy costs the kernel a mount-namespace teardown), else each path on its own."""
    if len(paths) > 1:
        common = os.path.commonpath(paths)
        if not (course + "/").startswith(common.rstrip("/") + "/"):
            return [common]
    return paths


def _build_view(plan: list[tuple[str, int]]) -> None:
    """In the new user and mount namespaces: an empty tmpfs over each hidden directory, then the kept
    paths mounted back at their places."""
    _check(_libc.mount(None, b"/", None, _MS_REC | _MS_PRIVATE, None), "making / private")
    for path, fd in plan:
        if fd < 0:
            _check(_libc.mount(b"tmpfs", path.encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV, b"mode=0755,size=64k"),
                   f"hiding {path}")
            continue
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            os.makedirs(path, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "a").close()
        _check(_libc.syscall(_MOVE_MOUNT, fd, b"", -100, path.encode(), _MOVE_MOUNT_F_EMPTY_PATH),
               f"move_mount({path})")


def _become(uid: int, workdir: str) -> None:
    """Give the scratch directory to ``uid`` and switch to it for good (no groups, no root)."""
    os.chown(workdir, uid, uid)
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


def _new_namespaces() -> None:
    """New user, mount, PID, network, IPC and UTS namespaces, with our uid and gid mapped to themselves."""
    uid, gid = os.geteuid(), os.getegid()
    _prctl(_PR_SET_DUMPABLE, 1)  # a uid switch cleared it; the id maps below are owned by "dumpable" us
    flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
    _check(_libc.unshare(flags), "unshare(user, mount, pid, net, ipc, uts)")
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as file:
            file.write(text)


# ----------------------------------------------------------------- the runner


def lock(limits: dict, keep_fds: list[int], skip: set[str] = frozenset()) -> dict[str, str]:
    """In the runner, after the Python-level set-up: the last layers. Returns the missing ones.

    ``skip``: layers to leave out, as :func:`layers.simulated_missing` said before the environment
    was emptied.
    """
    missing: dict[str, str] = {}
    _step(missing, skip, "no-capabilities", _drop_capabilities)
    _step(missing, skip, "no-new-privs", lambda: _prctl(_PR_SET_NO_NEW_PRIVS, 1))
    try:
        _prctl(_PR_SET_DUMPABLE, 0)  # no one of the same uid may read our memory through /proc
    except OSError:
        pass
    read_only, read_write = allowed_paths(limits)
    if "landlock-fs" in skip:
        missing.update({name: f"simulated by {layers.SIMULATE_VARIABLE}"
                        for name in ("landlock-fs", "landlock-net", "landlock-scope")})
    else:
        try:
            missing.update(landlock.restrict(read_only, read_write))
        except OSError as exc:
            missing["landlock-fs"] = str(exc)
    _step(missing, skip, "closed-fds", lambda: _close_fds_except(keep_fds))
    _step(missing, skip, "seccomp", _load_seccomp)
    return missing


def _drop_capabilities() -> None:
    for cap in range(64):
        if _libc.prctl(_PR_CAPBSET_DROP, ctypes.c_ulong(cap), 0, 0, 0) != 0 and ctypes.get_errno() == 22:
            break  # EINVAL: past the last capability this kernel knows
    _libc.prctl(_PR_CAP_AMBIENT, ctypes.c_ulong(_PR_CAP_AMBIENT_CLEAR_ALL), 0, 0, 0)
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable (twice): all empty
    _check(_libc.capset(header, data), "capset")


def _close_fds_except(keep: list[int]) -> None:
    keep = sorted({0, 1, 2, *keep})
    start = 0
    for fd in keep + [1 << 20]:
        if fd > start:
            os.closerange(start, fd)
        start = fd + 1


def _load_seccomp() -> None:
    seccomp.install()
