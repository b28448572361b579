"""The system-call filter of the sandboxed child, built with ``pyseccomp`` over libseccomp.

libseccomp (a Debian base package) compiles the rules to BPF for the running
architecture and adds the checks people forget: a call made through another
architecture's entry (``int 0x80``, x32) kills the process instead of slipping
past rules written for x86-64 numbers. ``pyseccomp`` is a thin ``ctypes``
wrapper with the same interface as libseccomp's own Python bindings, which
are not on PyPI.

The filter allows everything Python, NumPy and torch need and refuses what a
submission has no use for: debugging or reading other processes, kernel
interfaces with a history of holes (io_uring, bpf, perf, keyrings,
userfaultfd), changing mounts or namespaces, and starting processes. Threads
are still allowed (``clone`` with ``CLONE_THREAD``); ``clone3`` answers
ENOSYS so that glibc falls back to ``clone``, whose flags a filter can see.
"""

from __future__ import annotations

import errno
import socket

try:
    import pyseccomp as _seccomp
except (ImportError, OSError) as _error:  # pyseccomp not installed, or libseccomp.so.2 missing
    _seccomp, _IMPORT_ERROR = None, _error

_CLONE_THREAD = 0x00010000

#: Calls that fail with EPERM.
DENIED = (
    "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "kcmp",
    "io_uring_setup", "io_uring_enter", "io_uring_register", "bpf", "perf_event_open", "userfaultfd",
    "keyctl", "add_key", "request_key",
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns", "open_tree", "move_mount", "fsopen",
    "fsmount", "fsconfig", "fspick", "mount_setattr", "name_to_handle_at", "open_by_handle_at",
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "reboot",
    "swapon", "swapoff", "acct", "quotactl", "settimeofday", "clock_settime", "adjtimex",
    "fanotify_init", "personality", "syslog", "vhangup",
    "fork", "vfork", "execve", "execveat",
)


def install() -> None:
    """Load the filter into this process (inherited by its threads); raises OSError if it cannot."""
    if _seccomp is None:
        raise OSError(f"cannot build the filter: {_IMPORT_ERROR}")
    seccomp = _seccomp
    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    rules.set_attr(seccomp.Attr.ACT_BADARCH, seccomp.KILL_PROCESS)
    for name in DENIED:
        try:
            rules.add_rule(seccomp.ERRNO(errno.EPERM), name)
        except (OSError, ValueError):  # a call this kernel/architecture does not have
            continue
    # Processes: only threads may be created.
    rules.add_rule(seccomp.ERRNO(errno.EPERM), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, _CLONE_THREAD, 0))
    rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    # Sockets: local (AF_UNIX) only; the network namespace has no route out anyway.
    rules.add_rule(seccomp.ERRNO(errno.EPERM), "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
    rules.add_rule(seccomp.ERRNO(errno.EPERM), "ioctl", seccomp.Arg(1, seccomp.EQ, 0x5412))  # TIOCSTI
    rules.load()
