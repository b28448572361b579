"""The course's hypothesis strategies (:mod:`autograder.checks.strategies`), importable from the testkit."""

from autograder.checks.strategies import (  # noqa: F401 - re-exported
    arrays,
    batches,
    floats,
    labels,
    layer_widths,
    logits,
    mlp_parameters,
    normal_arrays,
    positive_definite_matrices,
    shapes,
    well_conditioned_matrices,
)

__all__ = ["arrays", "batches", "floats", "labels", "layer_widths", "logits", "mlp_parameters", "normal_arrays",
           "positive_definite_matrices", "shapes", "well_conditioned_matrices"]
