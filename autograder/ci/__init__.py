"""CI without leaks: the instructor-side steps (fetch, collect, shard, grade, merge, post) and Gradescope.

Everything here but :mod:`autograder.ci.github` works on local folders, so every step of the
instructor workflow runs in the tests; ``github`` is the one adapter that talks to GitHub.
"""
