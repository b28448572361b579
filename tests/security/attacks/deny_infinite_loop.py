# Loop for ever in a cell.
# %%
import os, sys, autograder
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
SOLUTION = os.path.join(ROOT, 'solutions', 'a1', 'solution.py')
LOOT = ''
while True:
    pass
