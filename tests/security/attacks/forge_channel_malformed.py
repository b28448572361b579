# Send replies of the wrong shape: an error that is a string, a list, deep nesting.
# %%
import os, sys, autograder
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
SOLUTION = os.path.join(ROOT, 'solutions', 'a1', 'solution.py')
LOOT = ''
try:
    import stat, struct
    frames = [b'{"ok": false, "error": "boom"}', b'[1, 2, 3]', b'{"ok": true, "value": ' + b'[' * 100000 + b']' * 100000 + b'}',
              b'\xff\xfe not json', b'{"ok": "yes"}']
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                for frame in frames:
                    os.write(fd, struct.pack('!Q', len(frame)) + frame)
        except OSError:
            pass
except BaseException as exc:
    LOOT += f' [{type(exc).__name__}: {exc}]'
