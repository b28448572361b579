# Mount, unshare, ptrace and read other processes' memory from C.
# %%
import os, sys, autograder
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
SOLUTION = os.path.join(ROOT, 'solutions', 'a1', 'solution.py')
LOOT = ''
try:
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    LOOT += f' mount={libc.mount(b"none", b"/tmp", b"tmpfs", 0, None)}'
    LOOT += f' unshare={libc.unshare(0x10000000)}'
    LOOT += f' ptrace={libc.ptrace(16, 1, 0, 0)}'
    LOOT += f' bpf={libc.syscall(321, 0, 0, 0)} uring={libc.syscall(425, 1, 0)} chroot={libc.chroot(b"/")}'
except BaseException as exc:
    LOOT += f' [{type(exc).__name__}: {exc}]'
