"""poly_derivative gets the sign of the derivative of -3x^2 wrong.
expect: lost test_poly_derivative_known_values, test_poly_derivative_matches_autograd
expect-message: the sign of the last term is wrong
"""
def poly_derivative(x):
    return 8 * x**3 + 3 * x**2 + 6 * x
