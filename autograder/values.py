"""What public tests hand to student code and get back from it, besides arrays and numbers,
and the object programs that drive the classes a student defines (a7).

Public tests ship to students, so they import these names from here rather than from
the sandbox's channel (:mod:`autograder.sandbox.wire`), which is the grader's own.
"""

from autograder.sandbox.objects import Program
from autograder.sandbox.wire import Figure, Fixture, Opaque

__all__ = ["Figure", "Fixture", "Opaque", "Program"]
