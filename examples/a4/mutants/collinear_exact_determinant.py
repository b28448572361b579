"""has_collinear_features tests det(AᵀA) == 0 exactly, which rounding makes false for collinear features.
expect: lost test_has_collinear_features_drawn_cases, test_ls_closed_form_on_collinear_features
expect-message: exact tests
"""
def has_collinear_features(X):
    A = design_matrix(X)
    return bool(np.linalg.det(A.T @ A) == 0.0)
