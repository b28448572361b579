"""Landlock through its three system calls (see Documentation/userspace-api/landlock.rst).

Landlock lets an unprivileged process give up access to the file system,
TCP ports and other processes for itself and every process it starts. A
ruleset names the kinds of access it *handles*; everything handled is denied
except what a rule allows beneath a directory. Once ``restrict_self`` ran,
nothing can lift it.

Why ``ctypes`` and not a binding: the one published binding (``landlock`` on
PyPI, a 1.0 development release) handles file-system rules only; the
sandbox also needs the network rules (ABI 4) and the signal and abstract
socket scopes (ABI 6), which are a few more bits in the same structures.
"""

from __future__ import annotations

import ctypes
import os
import platform

_SYSCALLS = {"x86_64": (444, 445, 446), "aarch64": (444, 445, 446)}
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1

# File-system access rights, by the ABI version that introduced them.
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1, 5: (1 << 16) - 1}
_FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | (1 << 14) | (1 << 15)  # rights a rule on a file may hold
READ_ONLY = EXECUTE | READ_FILE | READ_DIR
_NET_BIND_TCP, _NET_CONNECT_TCP = 1 << 0, 1 << 1
_SCOPE_ABSTRACT_UNIX, _SCOPE_SIGNAL = 1 << 0, 1 << 1


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def _numbers() -> tuple[int, int, int]:
    try:
        return _SYSCALLS[platform.machine()]
    except KeyError:
        raise OSError(f"Landlock system call numbers are not known for {platform.machine()}") from None


def abi_version() -> int:
    """The kernel's Landlock ABI version; 0 when Landlock is missing or disabled."""
    try:
        create, _, _ = _numbers()
    except OSError:
        return 0
    version = _libc.syscall(create, None, ctypes.c_size_t(0), ctypes.c_uint32(_CREATE_RULESET_VERSION))
    return max(int(version), 0)


def restrict(read_only: list[str], read_write: list[str]) -> dict[str, str]:
    """Confine this process (and its future threads) to the given paths; no TCP; no signals out.

    Paths that do not exist are skipped. Returns the layers that could not be
    applied, as ``{name: reason}`` (empty when all of them are in force).
    """
    abi = abi_version()
    if abi < 1:
        return {"landlock-fs": "the kernel has no Landlock", "landlock-net": "no Landlock",
                "landlock-scope": "no Landlock"}
    create, add_rule, restrict_self = _numbers()
    handled_fs = _FS_BY_ABI.get(abi, _FS_BY_ABI[5])
    attr = _RulesetAttr(handled_fs, _NET_BIND_TCP | _NET_CONNECT_TCP if abi >= 4 else 0,
                        _SCOPE_ABSTRACT_UNIX | _SCOPE_SIGNAL if abi >= 6 else 0)
    size = ctypes.sizeof(_RulesetAttr) if abi >= 6 else (16 if abi >= 4 else 8)
    ruleset = _libc.syscall(create, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        for paths, rights in ((read_only, READ_ONLY), (read_write, handled_fs)):
            for path in paths:
                _allow(add_rule, int(ruleset), path, rights & handled_fs)
        if _libc.syscall(restrict_self, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)
    missing = {}
    if abi < 4:
        missing["landlock-net"] = f"Landlock ABI {abi} has no network rules (needs 4, Linux 6.7)"
    if abi < 6:
        missing["landlock-scope"] = f"Landlock ABI {abi} has no signal scope (needs 6, Linux 6.12)"
    return missing


def _allow(add_rule: int, ruleset: int, path: str, rights: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # not on this machine: nothing to allow
    try:
        if not os.path.isdir(f"/proc/self/fd/{fd}"):
            rights &= _FILE_RIGHTS
        rule = _PathBeneath(rights, fd)
        if _libc.syscall(add_rule, ctypes.c_int(ruleset), ctypes.c_int(_RULE_PATH_BENEATH),
                         ctypes.byref(rule), ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), f"landlock_add_rule failed for {path}")
    finally:
        os.close(fd)
