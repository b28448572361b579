"""ridge_closed_form uses (AᵀA + λD), the formula for a sum of squares, with the course's mean loss.
expect: lost test_ridge_closed_form_known_values, test_ridge_closed_form_matches_definition, test_ridge_is_unique_with_duplicate_columns
expect-message: the penalty is missing the factor n
"""
def ridge_closed_form(X, y, lam):
    A = design_matrix(X)
    D = np.eye(A.shape[1])
    D[-1, -1] = 0.0
    return np.linalg.solve(A.T @ A + lam * D, A.T @ y)
