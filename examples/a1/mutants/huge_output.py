"""A cell prints about 50 MB; the output is truncated and nothing else is affected.
position: append
expect: full
"""
for _ in range(50):
    print("x" * 1_000_000)
