"""A cell at the end never finishes; it is stopped by the cell time limit and the rest is graded.
position: append
expect: full
"""
while True:
    pass
