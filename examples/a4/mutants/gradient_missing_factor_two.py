"""ls_gradient forgets the factor 2 from differentiating the square: (1/n) Aᵀ(Aθ − y).
expect: lost test_ls_gradient_known_values, test_ls_gradient_matches_autograd, test_ls_gradient_matches_finite_differences, test_ls_gradient_descent_follows_the_convention
expect-message: the factor 2 is missing
"""
def ls_gradient(X, y, theta):
    A = design_matrix(X)
    return A.T @ (A @ theta - y) / len(y)
