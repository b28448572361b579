"""ridge_closed_form penalises the bias too: (AᵀA + n λ I) θ = Aᵀy.
expect: lost test_ridge_closed_form_known_values, test_ridge_closed_form_matches_definition, test_ridge_is_unique_with_duplicate_columns
expect-message: the bias is penalised too
"""
def ridge_closed_form(X, y, lam):
    A = design_matrix(X)
    return np.linalg.solve(A.T @ A + len(y) * lam * np.eye(A.shape[1]), A.T @ y)
