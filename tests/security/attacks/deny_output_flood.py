# Print hundreds of megabytes, and write to the real stdout and stderr.
# %%
import os, sys, autograder
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
SOLUTION = os.path.join(ROOT, 'solutions', 'a1', 'solution.py')
LOOT = ''
try:
    for _ in range(2000):
        print('x' * 100000)
    for fd in (1, 2):
        os.write(fd, b'y' * 10_000_000)
except BaseException as exc:
    LOOT += f' [{type(exc).__name__}: {exc}]'
