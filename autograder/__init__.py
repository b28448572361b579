"""Autograded assignments for a first course in differentiable programming."""

__version__ = "0.1.0"
