# Start thousands of threads.
# %%
import os, sys, autograder
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
SOLUTION = os.path.join(ROOT, 'solutions', 'a1', 'solution.py')
LOOT = ''
try:
    import threading, time
    threads = []
    for _ in range(5000):
        t = threading.Thread(target=time.sleep, args=(1000,), daemon=True); t.start(); threads.append(t)
    LOOT += f' {len(threads)} threads'
except BaseException as exc:
    LOOT += f' [{type(exc).__name__}: {exc}]'
