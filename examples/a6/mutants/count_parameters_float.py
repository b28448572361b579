"""count_parameters returns the right count as a float, where the notebook asks for an int.
expect: lost test_count_parameters_matches_formula
expect-message: asks for an int
"""
def count_parameters(widths):
    return float(sum(a * b + b for a, b in zip(widths[:-1], widths[1:])))
