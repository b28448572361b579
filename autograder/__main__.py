"""`python -m autograder` runs the command-line interface (the same as the `autograder` script)."""

from autograder.cli import run

if __name__ == "__main__":
    run()
