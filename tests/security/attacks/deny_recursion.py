# Recurse until the C stack overflows.
# %%
import os, sys, autograder
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
SOLUTION = os.path.join(ROOT, 'solutions', 'a1', 'solution.py')
LOOT = ''
try:
    sys.setrecursionlimit(10 ** 7)
    def down(n): return down(n + 1) + 1
    down(0)
except BaseException as exc:
    LOOT += f' [{type(exc).__name__}: {exc}]'
