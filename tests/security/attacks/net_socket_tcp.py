# Connect to the machine over TCP and listen on a port.
# %%
import os, sys, autograder
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
SOLUTION = os.path.join(ROOT, 'solutions', 'a1', 'solution.py')
LOOT = ''
try:
    import socket
    for host in ('127.0.0.1', '::1'):
        try:
            socket.create_connection((host, 22), timeout=1); LOOT += ' connected'
        except OSError as e:
            LOOT += f' [{e}]'
    s = socket.socket(); s.bind(('127.0.0.1', 8765)); s.listen(); LOOT += ' listening'
except BaseException as exc:
    LOOT += f' [{type(exc).__name__}: {exc}]'
