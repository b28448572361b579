"""__rsub__ computes self - other, so 1 - a gives a - 1.
expect: lost test_value_ops_known_values, test_value_ops_with_plain_numbers, test_add_sub_derivatives, test_expression_graphs_match_torch
expect-message: so it must compute other - self
replaces: Value.__rsub__
"""
def __rsub__(self, other):
    """other - self, when other is a plain number."""
    return self - other
