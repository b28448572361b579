"""A cell calls sys.exit(); the grader records it and carries on.
position: append
expect: full
"""
import sys
sys.exit("done here")
