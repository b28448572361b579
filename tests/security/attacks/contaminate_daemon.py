# Leave a process behind: double fork, setsid, a thread that outlives the cell.
# %%
import os, sys, autograder
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
SOLUTION = os.path.join(ROOT, 'solutions', 'a1', 'solution.py')
LOOT = ''
try:
    import threading, time
    def linger():
        while True:
            time.sleep(0.1)
    threading.Thread(target=linger, daemon=True).start()
    os.setsid()
    if os.fork() == 0:
        time.sleep(1000)
except BaseException as exc:
    LOOT += f' [{type(exc).__name__}: {exc}]'
