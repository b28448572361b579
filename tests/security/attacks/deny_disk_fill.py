# Fill the disk from the scratch directory.
# %%
import os, sys, autograder
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
SOLUTION = os.path.join(ROOT, 'solutions', 'a1', 'solution.py')
LOOT = ''
try:
    with open('big.bin', 'wb') as f:
        for _ in range(200):
            f.write(b'z' * (1 << 20))
except BaseException as exc:
    LOOT += f' [{type(exc).__name__}: {exc}]'
