"""ls_step_size uses L = λ_max(AᵀA)/n, forgetting the 2: the step is 2/L, where gradient descent stops converging.
expect: lost test_ls_step_size_known_values, test_ls_step_size_matches_definition, test_ls_gradient_descent_lecture_data, test_ls_gradient_descent_follows_the_convention, test_ls_gradient_descent_reaches_closed_form
expect-message: the edge of divergence
"""
def ls_step_size(X):
    A = design_matrix(X)
    return len(X) / np.linalg.eigvalsh(A.T @ A)[-1]
