# Allocate far more memory than allowed.
# %%
import os, sys, autograder
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
SOLUTION = os.path.join(ROOT, 'solutions', 'a1', 'solution.py')
LOOT = ''
try:
    hog = [bytearray(1 << 30) for _ in range(64)]
except BaseException as exc:
    LOOT += f' [{type(exc).__name__}: {exc}]'
