"""ls_step_size takes λ_max from XᵀX, forgetting that the bias is a parameter too (the design matrix [X | 1]).
expect: lost test_ls_step_size_known_values, test_ls_step_size_matches_definition, test_ls_gradient_descent_follows_the_convention
expect-message: λ_max is taken from XᵀX
"""
def ls_step_size(X):
    return len(X) / (2.0 * np.linalg.eigvalsh(X.T @ X)[-1])
