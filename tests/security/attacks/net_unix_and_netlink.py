# Open netlink, packet and abstract Unix sockets.
# %%
import os, sys, autograder
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
SOLUTION = os.path.join(ROOT, 'solutions', 'a1', 'solution.py')
LOOT = ''
try:
    import socket
    for family, kind in ((socket.AF_NETLINK, socket.SOCK_RAW), (socket.AF_PACKET, socket.SOCK_RAW), (socket.AF_INET6, socket.SOCK_DGRAM)):
        try:
            socket.socket(family, kind); LOOT += f' opened {family}'
        except OSError as e:
            LOOT += f' [{e}]'
    s = socket.socket(socket.AF_UNIX); s.connect('\0/tmp/.X11-unix/X0')
except BaseException as exc:
    LOOT += f' [{type(exc).__name__}: {exc}]'
