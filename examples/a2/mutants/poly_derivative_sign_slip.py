"""poly_derivative flips the sign of the x^2 term (8x^3 - 3x^2 - 6x): a sign slip, not a constant factor.
expect: lost test_poly_derivative_known_values, test_poly_derivative_matches_autograd
expect-message: poly_derivative(x)
expect-no-message: constant factor
"""
def poly_derivative(x):
    return 8 * x**3 - 3 * x**2 - 6 * x
